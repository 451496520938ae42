"""Abstract banner images drawn with Pillow, so the demo needs no downloads and no stock photos."""

import random
from io import BytesIO

from django.core.files.images import ImageFile

from wagtail.images import get_image_model

from PIL import Image as PILImage
from PIL import ImageDraw

WIDTH, HEIGHT = 1600, 800
PALETTES = {
    "strata": [(11, 85, 99), (7, 59, 69), (242, 177, 52), (197, 205, 210), (243, 246, 247)],
    "smelter": [(122, 75, 0), (242, 177, 52), (164, 22, 26), (29, 35, 39), (250, 230, 200)],
    "circuit": [(30, 107, 53), (11, 85, 99), (243, 246, 247), (79, 90, 97), (200, 230, 210)],
    "dialogue": [(7, 59, 69), (242, 177, 52), (255, 255, 255), (11, 85, 99), (212, 53, 28)],
}


def _draw(style: str, seed: int) -> bytes:
    rng = random.Random(seed)  # noqa: S311 - drawing, not security
    colours = PALETTES[style]
    canvas = PILImage.new("RGB", (WIDTH, HEIGHT), colours[0])
    draw = ImageDraw.Draw(canvas)
    if style == "strata":
        y = 0
        while y < HEIGHT:
            band = rng.randint(40, 140)
            points = [(x, y + rng.randint(-30, 30)) for x in range(0, WIDTH + 200, 200)]
            draw.polygon([*points, (WIDTH, HEIGHT), (0, HEIGHT)], fill=rng.choice(colours[1:]))
            y += band
    elif style == "circuit":
        for _ in range(40):
            x, y = rng.randrange(0, WIDTH, 40), rng.randrange(0, HEIGHT, 40)
            length = rng.randrange(80, 480, 40)
            end = (x + length, y) if rng.random() < 0.5 else (x, y + length)
            colour = rng.choice(colours[1:])
            draw.line([(x, y), end], fill=colour, width=10)
            draw.ellipse([end[0] - 16, end[1] - 16, end[0] + 16, end[1] + 16], fill=colour)
    else:
        for _ in range(28):
            radius = rng.randint(60, 320)
            x, y = rng.randint(-100, WIDTH + 100), rng.randint(-100, HEIGHT + 100)
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=rng.choice(colours[1:]))
    buffer = BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def banner_image(title: str, description: str, style: str, seed: int):
    """The Wagtail image called `title`, drawn and stored the first time it is asked for."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    image = Image(title=title, description=description)
    image.file = ImageFile(BytesIO(_draw(style, seed)), name=f"demo-{style}-{seed}.png")
    image.save()
    return image
