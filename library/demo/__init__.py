"""Demo data of the library: the library page at /library/, 25 invented resources in English and Dutch with
generated files that have text inside (PDF, Word, OpenDocument, a scan without text, a picture), some for
one working group only, a guide in two versions; the past webinars' slides and recordings as resources on
their event pages; commitments citing resources; the library page and a few resources' titles and summaries
in Dutch (library.demo.dutch); and the main menu's links to the library, the forums and the
parties directory.

Runs after the events seed (INSTALLED_APPS order) and reaches event pages through the page tree and the app
registry only, so the library imports no events code. Idempotent: resources are looked up by title and
version, links by (resource, page) and (resource, commitment).
"""

import datetime
import io

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wagtail.models import Site

from cms.models import HomePage, MainMenu, MainMenuItem
from commitments.models import Commitment, DueDiligenceStep, ProgressUpdate
from commitments.models.choices import CommitmentVisibility, WorkflowState
from library.choices import Audience, CitationPurpose, ResourceKind, UseRole
from library.demo import dutch
from library.demo.content import RESOURCES, DemoResource
from library.demo.files import docx_bytes, odt_bytes, pdf_bytes, scanned_pdf_bytes
from library.models import LibraryPage, Resource, ResourceCitation, ResourceUse
from library.services import resource_create
from working_groups.models import Organisation, Theme, WorkingGroupPage

LIBRARY_SLUG = "library"
LIBRARY_INTRODUCTION = (
    "Guidance, tools, templates, reports, trainings and recordings the parties share: search inside the "
    "documents, or narrow the list by theme, mineral, OECD step and language."
)
CITATIONS = (
    ("smelter", "smelter-mapping-tool", CitationPurpose.GUIDANCE),
    ("smelter", "oecd-summary", CitationPurpose.GUIDANCE),
    ("gender", "gender-dd-guide-v2", CitationPurpose.GUIDANCE),
    ("recycl", "recycled-metals-claims", CitationPurpose.EVIDENCE),
)


def seed(context) -> None:
    home = HomePage.objects.order_by("path").first()
    if home is None:
        return
    library = _library_page(home)
    made = {}
    for spec in RESOURCES:
        made[spec.key] = _resource(spec, made)
    moved = _webinar_materials()
    _citations(made)
    _menu(home)
    in_dutch = dutch.seed(library, made)
    context.stdout.write(
        f"  {Resource.objects.count()} library resources at {library.url} "
        f"({moved} from past webinars; group-only ones for member@example.org and chair@example.org; "
        f"{in_dutch} with Dutch titles and summaries at /nl/bibliotheek/)"
    )


def _library_page(home: HomePage) -> LibraryPage:
    page = LibraryPage.objects.child_of(home).filter(slug=LIBRARY_SLUG).first()
    if page is None:
        page = LibraryPage(
            title="Library",
            slug=LIBRARY_SLUG,
            introduction=LIBRARY_INTRODUCTION,
            search_description="Guidance, tools and templates for responsible mineral supply chains.",
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


def _upload(spec: DemoResource):
    slug = spec.key
    if spec.file_format == "pdf":
        return SimpleUploadedFile(f"{slug}.pdf", pdf_bytes(spec.title, list(spec.paragraphs)))
    if spec.file_format == "docx":
        return SimpleUploadedFile(f"{slug}.docx", docx_bytes(spec.title, list(spec.paragraphs)))
    if spec.file_format == "odt":
        return SimpleUploadedFile(f"{slug}.odt", odt_bytes(spec.title, list(spec.paragraphs)))
    if spec.file_format == "scan":
        return SimpleUploadedFile(f"{slug}.pdf", scanned_pdf_bytes())
    if spec.file_format == "png":
        return SimpleUploadedFile(f"{slug}.png", _infographic(spec.title))
    return None


def _infographic(title: str) -> bytes:
    from PIL import Image, ImageDraw

    canvas = Image.new("RGB", (1200, 630), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle([0, 0, 1200, 110], fill=(11, 85, 99))
    draw.text((40, 40), title, fill=(255, 255, 255))
    steps = ("1 Management systems", "2 Identify risks", "3 Respond", "4 Audit", "5 Report")
    for number, step in enumerate(steps):
        left = 40 + number * 230
        draw.rectangle([left, 200, left + 200, 420], outline=(11, 85, 99), width=4)
        draw.text((left + 16, 300), step, fill=(29, 35, 39))
    out = io.BytesIO()
    canvas.save(out, format="PNG")
    return out.getvalue()


def _resource(spec: DemoResource, made: dict) -> Resource:
    existing = Resource.objects.filter(title=spec.title, version=spec.version).first()
    if existing is not None:
        return existing
    group = WorkingGroupPage.objects.filter(slug=spec.group).first() if spec.group else None
    return resource_create(
        title=spec.title,
        summary=spec.summary,
        kind=spec.kind,
        file=_upload(spec),
        link_url=spec.link_url,
        recording_url=spec.recording_url,
        publisher_party=Organisation.objects.filter(slug=spec.publisher_party).first(),
        publisher_name=spec.publisher_name,
        published_on=datetime.date.fromisoformat(spec.published_on),
        version=spec.version,
        supersedes=made.get(spec.supersedes),
        audience=Audience.GROUP if group else Audience.PUBLIC,
        group=group,
        themes=Theme.objects.originals().filter(slug__in=spec.themes),
        steps=DueDiligenceStep.objects.originals().filter(number__in=spec.steps),
        languages=[spec.language, *spec.extra_languages],
        minerals=spec.minerals,
        regions=spec.regions,
        stakeholder_types=spec.stakeholders,
    )


def _webinar_materials() -> int:
    """The past webinars' recordings and slides become library resources shown on their event pages; the
    slides move (the event keeps no copy of its own), the recording stays playable on the event page."""
    if not apps.is_installed("events"):
        return 0
    event_model = apps.get_model("events", "EventPage")
    past = event_model.objects.live().filter(end__lt=timezone.now(), kind="webinar").exclude(recording_url="")
    moved = 0
    for event in past.order_by("start"):
        language = event.language if event.language in {"en", "nl"} else "en"
        themes = list(event.themes.all())
        recording = Resource.objects.filter(recording_url=event.recording_url).first()
        if recording is None:
            recording = resource_create(
                title=f"Recording: {event.title}",
                summary=event.introduction,
                kind=ResourceKind.RECORDING,
                recording_url=event.recording_url,
                publisher_name="Covenant secretariat",
                published_on=event.start.date(),
                themes=themes,
                languages=[language],
            )
        ResourceUse.objects.get_or_create(
            resource=recording, page=event, defaults={"role": UseRole.RECORDING}
        )
        for document in event.documents.select_related("document"):
            title = f"Slides: {event.title}"
            slides = Resource.objects.filter(title=title).first()
            if slides is None:
                points = [document.title or document.document.title, event.introduction]
                slides = resource_create(
                    title=title,
                    summary=f"The slides of the webinar “{event.title}”.",
                    kind=ResourceKind.TRAINING,
                    file=SimpleUploadedFile(f"slides-{event.slug}.pdf", pdf_bytes(title, points)),
                    publisher_name="Covenant secretariat",
                    published_on=event.start.date(),
                    themes=themes,
                    languages=[language],
                )
            ResourceUse.objects.get_or_create(resource=slides, page=event, defaults={"role": UseRole.SLIDES})
            moved += 1
        if event.documents.exists():
            event = event_model.objects.get(pk=event.pk)
            event.documents = []
            event.save_revision().publish()
        moved += 1
    return moved


def _citations(made: dict) -> None:
    published = Commitment.objects.filter(
        workflow_state=WorkflowState.PUBLISHED, visibility=CommitmentVisibility.PUBLIC
    )
    for word, key, purpose in CITATIONS:
        commitment = published.filter(title__icontains=word).order_by("pk").first()
        resource = made.get(key)
        if commitment is None or resource is None:
            continue
        update = None
        if purpose == CitationPurpose.EVIDENCE:
            update = (
                ProgressUpdate.objects.filter(commitment=commitment, workflow_state=WorkflowState.PUBLISHED)
                .order_by("-reported_on")
                .first()
            )
        ResourceCitation.objects.get_or_create(
            resource=resource, commitment=commitment, progress_update=update, defaults={"purpose": purpose}
        )


def _menu(home: HomePage) -> None:
    site = Site.objects.filter(root_page=home).first()
    if site is None:
        return
    menu = MainMenu.for_site(site)
    wanted = [("Library", "library"), ("Parties", "parties"), ("Forums", "forums")]
    present = set(menu.items.values_list("link_destination", flat=True))
    position = menu.items.count()
    for title, key in wanted:
        if key in present:
            continue
        MainMenuItem.objects.create(menu=menu, title=title, link_destination=key, sort_order=position)
        position += 1
    menu.save()
