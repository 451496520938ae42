"""Reads of commitments: the public register (list, summary, exports), one commitment's page, the lists on
a party member's own commitments and the secretariat's review queue (the lists on party and group pages,
with links into the register: commitments.links).

This module and those it imports never import the register page's module (commitments.models.register),
whose routes call the views that read these selectors.

The register and its exports read `Commitment.objects.public_register()` only, so group-only commitments and
drafts can never reach them, and cost a constant number of queries however many commitments there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import BooleanField, Case, CharField, Count, F, Prefetch, QuerySet, Value, When

from cms.pagination import paginate, pagination_context
from commitments import app_settings
from commitments.charts import IndicatorChart, indicator_chart
from commitments.filters import CommitmentRegisterFilterSet, overdue_q
from commitments.models.choices import CommitmentStatus, WorkflowState
from commitments.models.commitment import Commitment
from commitments.models.updates import IndicatorValue, ProgressUpdate
from working_groups import access
from working_groups.models import Organisation, Theme, WorkingGroupPage

if TYPE_CHECKING:
    from commitments.models.register import CommitmentRegisterPage


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int
    percent: float


def _public_group_title():
    """The working group's title where anyone may know the group exists; blank for a private group."""
    return Case(
        When(group__visibility__in=access.PUBLIC_VISIBILITIES, then=F("group__title")),
        default=Value(""),
        output_field=CharField(),
    )


def _parties():
    return Prefetch(
        "parties",
        queryset=Organisation.objects.only("pk", "name", "slug", "stakeholder_type").order_by("name"),
    )


def _with_computed_columns(commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
    return commitments.annotate(
        group_title=_public_group_title(),
        is_overdue=Case(
            When(overdue_q(), then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
    )


def register_queryset() -> QuerySet[Commitment]:
    """Published public commitments, ready for a list: parties and themes fetched up front."""
    return _with_computed_columns(Commitment.objects.public_register()).prefetch_related(_parties(), "themes")


def register_filtered(request) -> tuple[CommitmentRegisterFilterSet, QuerySet[Commitment]]:
    filterset = CommitmentRegisterFilterSet(request.GET, queryset=register_queryset(), request=request)
    commitments = filterset.qs if filterset.is_valid() else register_queryset().none()
    return filterset, commitments


def status_summary(commitments: QuerySet[Commitment]) -> tuple[list[StatusCount], int]:
    """How many of the (filtered) commitments are in each status, in one query; every status is listed."""
    counts = dict(
        commitments.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    total = sum(counts.values())
    rows = [
        StatusCount(
            value,
            str(label),
            counts.get(value, 0),
            round(100 * counts.get(value, 0) / total, 1) if total else 0,
        )
        for value, label in CommitmentStatus.choices
    ]
    return rows, total


def _related(links: QuerySet, model, relation: str, fields: tuple[str, ...]) -> dict[int, list]:
    """{commitment id: [related objects]} from a many-to-many table's rows (`links`, in the order to show),
    each related object made once however many commitments share it, with `fields` read (the others are
    deferred, so they are read if asked for, as with `only()`)."""
    fields = tuple(f.attname for f in model._meta.concrete_fields if f.attname in fields)  # from_db's order
    made: dict[int, object] = {}
    related: dict[int, list] = {}
    columns = [f"{relation}__{field}" for field in fields]
    for commitment_id, *values in links.values_list("commitment_id", *columns):
        obj = made.get(values[0])  # the primary key comes first
        if obj is None:
            obj = made[values[0]] = model.from_db(links.db, fields, values)
        related.setdefault(commitment_id, []).append(obj)
    return related


def register_rows(ids: list[int]) -> list[Commitment]:
    """The register's commitments with these ids, in this order, with their computed columns
    (`group_title`, `is_overdue`) and, as plain lists, the parties (`register_parties`, by name) and themes
    (`register_themes`, by name) the list shows. Three queries, however many ids.

    The lists are read with one query each rather than through prefetch_related, which builds a related
    manager and a queryset for every commitment and relation (about as much as the rest of the page), and
    each party and theme is made once for the page."""
    if not ids:
        return []
    # By primary key alone, unordered: with the register's conditions or an ORDER BY in the query, SQLite
    # walks one of the register's indexes over every public commitment. The conditions are checked here,
    # so a commitment that left the register since its id was read is still not shown.
    rows = {
        row.pk: row
        for row in _with_computed_columns(Commitment.objects.filter(pk__in=ids).order_by())
        if row.is_public  # what public_register() keeps
    }
    parties = _related(
        Commitment.parties.through.objects.filter(commitment_id__in=ids).order_by(
            "organisation__name", "organisation_id"
        ),
        Organisation,
        "organisation",
        ("id", "name", "slug", "stakeholder_type"),
    )
    themes = _related(
        Commitment.themes.through.objects.filter(commitment_id__in=ids).order_by("theme__name", "theme_id"),
        Theme,
        "theme",
        ("id", "name", "slug", "translation_key", "locale_id"),
    )
    commitments = [rows[pk] for pk in ids if pk in rows]  # one may have left the register meanwhile
    for commitment in commitments:
        commitment.register_parties = parties.get(commitment.pk, [])
        commitment.register_themes = themes.get(commitment.pk, [])
    return commitments


def register_context(register: CommitmentRegisterPage, request) -> dict:
    # The filters, the status summary and the page's ids read the plain table (no computed columns, so no
    # join to the groups: the default order is the index `commitment_register_order`); the count is the
    # summary's total; only the page's rows are then read with their computed columns, parties and themes.
    filterset = CommitmentRegisterFilterSet(
        request.GET, queryset=Commitment.objects.public_register(), request=request
    )
    commitments = filterset.qs if filterset.is_valid() else Commitment.objects.none()
    summary, total = status_summary(commitments)
    page = paginate(
        request, commitments.values_list("pk", flat=True), app_settings.commitments_per_page(), count=total
    )
    page.object_list = register_rows(list(page.object_list))
    base = register.get_url(request)
    for commitment in page.object_list:
        commitment.page_url = register.commitment_url(commitment, base=base)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filterset": filterset,
        "commitments": page,
        "summary": summary,
        "summary_total": total,
        "export_query": query.urlencode(),
        "is_secretariat": access.is_secretariat(request.user),
        **pagination_context(page, request),
    }


EXPORT_FIELDS = (
    "pk",
    "title",
    "kind",
    "status",
    "start_date",
    "target_date",
    "progress",
    "last_reported_on",
    "group_title",
    "is_overdue",
    "plan_document_id",
)


def _grouped(rows) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for commitment_id, *rest in rows:
        grouped.setdefault(commitment_id, []).append(rest[0] if len(rest) == 1 else tuple(rest))
    return grouped


def export_rows(request) -> list[dict]:
    """The filtered register without pagination, as plain values: one query for the rows and one per
    related list (parties, themes, steps, SDG targets, indicators, plan documents), however many rows.

    Plain values rather than model instances: an export of thousands of rows stays a matter of seconds.
    """
    from wagtail.documents import get_document_model

    from commitments.models import Indicator

    _filterset, commitments = register_filtered(request)
    rows = list(commitments.values(*EXPORT_FIELDS))
    ids = commitments.values("pk")
    parties = _grouped(
        Commitment.parties.through.objects.filter(commitment_id__in=ids)
        .order_by("organisation__name")
        .values_list("commitment_id", "organisation__name", "organisation__stakeholder_type")
    )
    themes = _grouped(
        Commitment.themes.through.objects.filter(commitment_id__in=ids)
        .order_by("theme__name")
        .values_list("commitment_id", "theme__name")
    )
    steps = _grouped(
        Commitment.due_diligence_steps.through.objects.filter(commitment_id__in=ids)
        .order_by("duediligencestep__number")
        .values_list("commitment_id", "duediligencestep__number")
    )
    targets = _grouped(
        Commitment.sdg_targets.through.objects.filter(commitment_id__in=ids)
        .order_by("sdgtarget__code")
        .values_list("commitment_id", "sdgtarget__code")
    )
    indicators = _grouped(
        Indicator.objects.filter(commitment_id__in=ids)
        .order_by("sort_order", "pk")
        .values_list("commitment_id", "name", "unit", "baseline", "target", "direction")
    )
    document_ids = [row["plan_document_id"] for row in rows if row["plan_document_id"]]
    documents = {
        document.pk: document for document in get_document_model().objects.filter(pk__in=document_ids)
    }
    for row in rows:
        pk = row["pk"]
        row["parties"] = parties.get(pk, [])
        row["themes"] = themes.get(pk, [])
        row["oecd_steps"] = steps.get(pk, [])
        row["sdg_targets"] = targets.get(pk, [])
        row["indicators"] = indicators.get(pk, [])
        row["plan_document"] = documents.get(row["plan_document_id"])
    return rows


def commitment_for_page(pk: int, user) -> Commitment | None:
    """The commitment if this visitor may see it (else None: the page answers 404)."""
    return (
        Commitment.objects.visible_to(user)
        .filter(pk=pk)
        .select_related("plan_document", "contact_person__profile")
        .prefetch_related(_parties(), "themes", "due_diligence_steps", "sdg_targets", "indicators")
        .first()
    )


def commitment_page_context(commitment: Commitment, user) -> dict:
    """Timeline of published updates (newest first) and a chart per indicator, in fixed queries."""
    updates = list(
        ProgressUpdate.objects.published()
        .filter(commitment=commitment)
        .select_related("evidence_document")
        .prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.select_related("indicator")))
        .order_by("-reported_on", "-pk")
    )
    observations: dict[int, list] = {}
    for update in reversed(updates):
        for value in update.values.all():
            observations.setdefault(value.indicator_id, []).append((update.reported_on, value.value))
    charts: list[IndicatorChart] = [
        indicator_chart(
            indicator, observations.get(indicator.pk, []), commitment.start_date, commitment.target_date
        )
        for indicator in commitment.indicators.all()
    ]
    group = None
    if commitment.group_id:
        group = (
            WorkingGroupPage.objects.visible_to(user)
            .defer_streamfields()
            .filter(pk=commitment.group_id)
            .first()
        )
    from commitments.services.commitments import may_edit

    return {
        "commitment": commitment,
        "updates": updates,
        "charts": charts,
        "group": group,
        "may_edit": may_edit(user, commitment),
        "is_overdue": Commitment.objects.filter(pk=commitment.pk).filter(overdue_q()).exists()
        if commitment.is_published
        else False,
    }


def my_commitments(user) -> QuerySet[Commitment]:
    """Commitments this person may work on (their party's, or all for the secretariat), with their updates."""
    return (
        Commitment.objects.editable_by(user)
        .prefetch_related(
            _parties(), Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-reported_on", "-pk"))
        )
        .order_by("-updated_at", "-pk")
    )


def review_queue() -> dict:
    """What waits for the secretariat: submitted commitments and submitted progress updates, oldest first."""
    return {
        "commitments": list(
            Commitment.objects.filter(workflow_state=WorkflowState.SUBMITTED)
            .select_related("author__profile")
            .prefetch_related(_parties(), "indicators")
            .order_by("submitted_at", "pk")
        ),
        "updates": list(
            ProgressUpdate.objects.filter(workflow_state=WorkflowState.SUBMITTED)
            .select_related("commitment", "author__profile", "evidence_document")
            .prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.select_related("indicator")))
            .order_by("submitted_at", "pk")
        ),
    }
