"""Pictures and files of the events demo, drawn with Pillow so the demo needs no downloads: round portraits
with initials for speakers, and one-page PDF "slides"."""

from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

PORTRAIT_COLOURS = [(11, 85, 99), (7, 59, 69), (122, 75, 0), (30, 107, 53), (92, 45, 145), (164, 22, 26)]


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without scalable default font
        return ImageFont.load_default()


def portrait(name: str, number: int):
    """A portrait image of initials on a coloured disc (reused when it exists)."""
    image_model = get_image_model()
    title = f"Portrait: {name}"
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    size = 320
    canvas = PILImage.new("RGB", (size, size), (243, 246, 247))
    draw = ImageDraw.Draw(canvas)
    draw.ellipse([8, 8, size - 8, size - 8], fill=PORTRAIT_COLOURS[number % len(PORTRAIT_COLOURS)])
    initials = "".join(part[0] for part in name.split() if part[:1].isupper())[:2]
    draw.text((size / 2, size / 2), initials, fill=(255, 255, 255), font=_font(120), anchor="mm")
    buffer = BytesIO()
    canvas.save(buffer, format="PNG")
    slug = "-".join(name.lower().split())
    return image_model.objects.create(
        title=title, file=ImageFile(BytesIO(buffer.getvalue()), name=f"{slug}.png")
    )


def slides(title: str, lines: list[str], filename: str):
    """A one-page PDF with the title and the main points (reused when it exists)."""
    document_model = get_document_model()
    existing = document_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    width, height = 1600, 900
    canvas = PILImage.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle([0, 0, width, 150], fill=(11, 85, 99))
    draw.text((60, 75), title, fill=(255, 255, 255), font=_font(56), anchor="lm")
    for position, line in enumerate(lines):
        draw.text((80, 240 + position * 90), f"• {line}", fill=(29, 35, 39), font=_font(44))
    buffer = BytesIO()
    canvas.save(buffer, format="PDF")
    return document_model.objects.create(title=title, file=ContentFile(buffer.getvalue(), name=filename))
