"""The insights figures: each a few GROUP BY queries with COUNT(DISTINCT …), whatever the number of members or
posts, turned into protected tables by insights.suppression (the only way a figure leaves this module).

A person's gender is counted only when they gave consent (`gender_consent_at` set) and chose an answer;
everyone else is "not stated". The self-description text is never read here.

Only **vetted participants** are counted: active accounts whose member profile the secretariat linked to a
listed covenant party (`profile.organisation`; a person can only type an organisation's name themselves, the
link is set in the admin). A one-click sign-up that joins an open group is not a participant of the
covenant, and cannot move a figure. Speakers and moderators are counted as the secretariat put them on the
programme; commitments and progress updates by their (listed) parties, published after review.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment, ProgressUpdate
from commitments.models.choices import CommitmentStatus, WorkflowState
from events.choices import RegistrationStatus, SpeakerRole
from events.models import EventPage, EventSpeaker, Registration
from events.panel_balance import speaker_gender_expression
from forums.models import Post
from forums.models.live import Question
from insights.filters import Period
from insights.suppression import ProtectedTable, protect
from working_groups.choices import Gender
from working_groups.models import Membership, StakeholderType

NOT_STATED = "not_stated"
NO_PARTY = "none"

GENDER_COLUMNS = [*Gender.choices, (NOT_STATED, _("Not stated"))]
#: Vetted people always have a party: the rows of people's figures are the stakeholder types.
STAKEHOLDER_ROWS = list(StakeholderType.choices)
QUARTER_ROWS = [(quarter, f"Q{quarter}") for quarter in range(1, 5)]


def vetted(user: str) -> Q:
    """The person at the path `user` (e.g. "user", "author") is a vetted participant (module docstring)."""
    return Q(**{f"{user}__is_active": True, f"{user}__profile__organisation__isnull": False})


def gender_bucket(profile: str) -> Case:
    """The counted gender of the person whose profile is at the path `profile` (e.g. "user__profile")."""
    consented = Q(**{f"{profile}__gender_consent_at__isnull": False, f"{profile}__gender__in": Gender.values})
    return Case(
        When(consented, then=F(f"{profile}__gender")), default=Value(NOT_STATED), output_field=CharField()
    )


def stakeholder_bucket(organisation: str) -> Coalesce:
    return Coalesce(F(f"{organisation}__stakeholder_type"), Value(NO_PARTY), output_field=CharField())


@dataclass(frozen=True)
class Scope:
    """Whose figures: every group and the covenant-wide events/forums (`group_ids` None), or some groups."""

    group_ids: tuple[int, ...] | None = None

    def q(self, field: str) -> Q:
        if self.group_ids is None:
            return Q()
        return Q(**{f"{field}__in": self.group_ids})


@dataclass(frozen=True)
class Figure:
    slug: str
    title: str
    description: str
    table: ProtectedTable
    unit: str


def _cells(rows, *, value: str, people: str | None = None, row: str = "s", col: str = "g"):
    people_map, value_map = {}, {}
    for entry in rows:
        key = (entry[row], entry[col])
        value_map[key] = entry[value]
        people_map[key] = entry[people or value]
    return people_map, value_map


def _bucketed_per_person(per_person: QuerySet) -> list[dict]:
    """Sum per-person counts by the people's stakeholder type and gender, in one query.

    `per_person` holds one row per person: `person` (a user id) and `n` (what they did). Each row is then
    put in the person's buckets and summed: {"s", "g", "n": sum of n, "people": number of people}. Counting
    per person first puts one profile look-up per person in the plan instead of one per row counted (for
    the posts: 10,000 authors instead of 100,000 posts, four times faster). The ORM cannot aggregate over an
    aggregate, so the two compiled querysets are joined here; the buckets are the same expressions as
    everywhere else in this module.
    """
    buckets = (
        get_user_model()
        .objects.values(
            person=F("pk"), s=stakeholder_bucket("profile__organisation"), g=gender_bucket("profile")
        )
        .order_by()
    )
    connection = connections[per_person.db]
    counted_sql, counted_params = per_person.query.get_compiler(connection=connection).as_sql()
    buckets_sql, buckets_params = buckets.query.get_compiler(connection=connection).as_sql()
    joined = f"({counted_sql}) c INNER JOIN ({buckets_sql}) b ON b.person = c.person"
    # Both parts are compiled querysets whose values travel as parameters.
    sql = f"SELECT b.s, b.g, SUM(c.n), COUNT(*) FROM {joined} GROUP BY b.s, b.g"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, (*counted_params, *buckets_params))
        return [{"s": s, "g": g, "n": int(n), "people": people} for s, g, n, people in cursor.fetchall()]


def members_figures(scope: Scope, period: Period) -> list[Figure]:
    """Members at the end of the period by stakeholder type and gender, and at the end of each quarter by
    gender (two queries)."""
    memberships = Membership.objects.filter(scope.q("group_id"), vetted("user"))
    by_type = (
        memberships.filter(joined_at__lt=period.end)
        .values(s=stakeholder_bucket("user__profile__organisation"), g=gender_bucket("user__profile"))
        .annotate(n=Count("user", distinct=True))
        .order_by()
    )
    people, _values = _cells(by_type, value="n")
    quarterly = {
        f"q{quarter}": Count("user", distinct=True, filter=Q(joined_at__lt=end))
        for quarter, end in period.quarter_ends()
    }
    by_quarter = memberships.values(g=gender_bucket("user__profile")).annotate(**quarterly).order_by()
    quarter_rows = QUARTER_ROWS[: len(quarterly)]
    over_time = {
        (quarter, entry["g"]): entry[f"q{quarter}"]
        for entry in by_quarter
        for quarter, _label in quarter_rows
    }
    return [
        Figure(
            "members",
            str(_("Members by stakeholder type and gender")),
            str(_("People in the working groups at the end of the period.")),
            protect(STAKEHOLDER_ROWS, GENDER_COLUMNS, people),
            str(_("people")),
        ),
        Figure(
            "members-over-time",
            str(_("Members at the end of each quarter of %(year)s") % {"year": period.year}),
            str(_("People in the working groups at the end of each quarter, by gender.")),
            protect(quarter_rows, GENDER_COLUMNS, over_time, column_totals=False),
            str(_("people")),
        ),
    ]


def event_figures(events: QuerySet[EventPage]) -> list[Figure]:
    """Registrations and attendance (one query), speakers and moderators (one query) of the given events."""
    registrations = (
        Registration.objects.filter(vetted("user"), event__in=events.values("pk"))
        .values(s=stakeholder_bucket("user__profile__organisation"), g=gender_bucket("user__profile"))
        .annotate(
            registered=Count("user", distinct=True, filter=Q(status=RegistrationStatus.CONFIRMED)),
            attended=Count("user", distinct=True, filter=Q(attended=True)),
        )
        .order_by()
    )
    registered, _values = _cells(registrations, value="registered")
    attended, _values = _cells(registrations, value="attended")
    speakers = (
        EventSpeaker.objects.filter(page__in=events.values("pk"))
        .values("role", g=speaker_gender_expression("speaker__", not_known=NOT_STATED))
        .annotate(n=Count("speaker", distinct=True))
        .order_by()
    )
    speaking, _values = _cells(speakers, value="n", row="role")
    return [
        Figure(
            "registrations",
            str(_("Event registrations by stakeholder type and gender")),
            str(_("People with a confirmed registration for an event in the period.")),
            protect(STAKEHOLDER_ROWS, GENDER_COLUMNS, registered),
            str(_("people")),
        ),
        Figure(
            "attendance",
            str(_("Event attendance by stakeholder type and gender")),
            str(_("People marked as present at an event in the period.")),
            protect(STAKEHOLDER_ROWS, GENDER_COLUMNS, attended),
            str(_("people")),
        ),
        Figure(
            "speakers",
            str(_("Speakers and moderators by gender")),
            str(
                _(
                    "People on the programme of an event in the period: their own answer if they have an "
                    "account, otherwise what the secretariat recorded with their agreement."
                )
            ),
            protect(SpeakerRole.choices, GENDER_COLUMNS, speaking, column_totals=False),
            str(_("people")),
        ),
    ]


def dialogue_figures(scope: Scope, period: Period, events: QuerySet[EventPage]) -> list[Figure]:
    """Thread authors and their posts (one query), live-session questions (one query)."""
    posts = Post.objects.filter(
        scope.q("thread__forum__group_id"),
        vetted("author"),
        created_at__gte=period.start,
        created_at__lt=period.end,
        deleted_at__isnull=True,
        author__isnull=False,
    )
    per_author = posts.values(person=F("author_id")).annotate(n=Count("id")).order_by()
    authors, post_counts = _cells(_bucketed_per_person(per_author), value="n", people="people")
    questions = (
        Question.objects.filter(vetted("post__author"), post__thread__event__in=events.values("pk"))
        .values(
            s=stakeholder_bucket("post__author__profile__organisation"),
            g=gender_bucket("post__author__profile"),
        )
        .annotate(questions=Count("id"), askers=Count("post__author", distinct=True))
        .order_by()
    )
    askers, question_counts = _cells(questions, value="questions", people="askers")
    return [
        Figure(
            "thread-authors",
            str(_("Thread authors by stakeholder type and gender")),
            str(_("People who wrote at least one post in the period.")),
            protect(STAKEHOLDER_ROWS, GENDER_COLUMNS, authors),
            str(_("people")),
        ),
        Figure(
            "posts",
            str(_("Posts by the author's stakeholder type and gender")),
            str(
                _(
                    "Posts written in the period; a cell is shown only when at least the threshold of people "
                    "wrote them."
                )
            ),
            protect(STAKEHOLDER_ROWS, GENDER_COLUMNS, authors, post_counts),
            str(_("posts")),
        ),
        Figure(
            "live-questions",
            str(_("Live-session questions by stakeholder type and gender")),
            str(_("Questions asked in the live rooms of events in the period.")),
            protect(STAKEHOLDER_ROWS, GENDER_COLUMNS, askers, question_counts),
            str(_("questions")),
        ),
    ]


def commitment_figures(scope: Scope, period: Period, theme=None) -> list[Figure]:
    """Commitments running in the period by the parties' stakeholder type and status (two queries), and
    progress updates published in the period (one query). Cells are guarded by the number of parties."""
    commitments = Commitment.objects.filter(
        scope.q("group_id"),
        workflow_state=WorkflowState.PUBLISHED,
        start_date__lt=period.end.date(),
        target_date__gte=period.start.date(),
    )
    if theme is not None:
        commitments = commitments.filter(themes=theme)
    by_status = (
        commitments.values("status", s=stakeholder_bucket("parties"))
        .annotate(n=Count("id", distinct=True), parties=Count("parties", distinct=True))
        .order_by()
    )
    parties, counts = _cells(by_status, value="n", people="parties", col="status")
    parties_per_type = dict(
        commitments.values_list(stakeholder_bucket("parties"))
        .annotate(n=Count("parties", distinct=True))
        .order_by()
    )
    updates = (
        ProgressUpdate.objects.filter(
            commitment__in=commitments.values("pk"),
            workflow_state=WorkflowState.PUBLISHED,
            reported_on__gte=period.start.date(),
            reported_on__lt=period.end.date(),
        )
        .values(s=stakeholder_bucket("commitment__parties"))
        .annotate(n=Count("id", distinct=True), parties=Count("commitment__parties", distinct=True))
        .order_by()
    )
    update_parties = {(entry["s"], "updates"): entry["parties"] for entry in updates}
    update_counts = {(entry["s"], "updates"): entry["n"] for entry in updates}
    party_rows = STAKEHOLDER_ROWS
    return [
        Figure(
            "commitments",
            str(_("Commitments by the parties' stakeholder type and status")),
            str(
                _(
                    "Published commitments running in the period; a cell is shown only when at least the "
                    "threshold of parties made them."
                )
            ),
            protect(
                party_rows,
                CommitmentStatus.choices,
                parties,
                counts,
                row_people=parties_per_type,
                column_totals=False,
            ),
            str(_("commitments")),
        ),
        Figure(
            "progress",
            str(_("Progress updates by the parties' stakeholder type")),
            str(_("Published progress updates reported in the period.")),
            protect(
                party_rows,
                [("updates", _("Progress updates"))],
                update_parties,
                update_counts,
                column_totals=False,
            ),
            str(_("updates")),
        ),
    ]


@dataclass(frozen=True)
class InsightsRequest:
    scope: Scope
    period: Period
    events: QuerySet[EventPage]
    theme: object = None
    kind: str | None = None


def insights_figures(request: InsightsRequest) -> list[Figure]:
    """Every figure of the insights pages: nine aggregate queries, whatever the amount of data."""
    return [
        *members_figures(request.scope, request.period),
        *event_figures(request.events),
        *dialogue_figures(request.scope, request.period, request.events),
        *commitment_figures(request.scope, request.period, request.theme),
    ]


def covenant_events(scope: Scope, period: Period) -> QuerySet[EventPage]:
    """The live events of the period within the scope (no filter by type or theme)."""
    # Translations of an event are the same event: count the originals (default content language) only.
    events = EventPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE)
    return events.filter(scope.q("group_id"), start__gte=period.start, start__lt=period.end)


#: The figures of the public annual overview (no per-group breakdown, no posts or live questions).
PUBLIC_FIGURES = frozenset(
    {"members", "registrations", "attendance", "speakers", "thread-authors", "commitments", "progress"}
)


def annual_figures(year: int) -> list[Figure]:
    """The covenant-wide figures of one year as they stand now (pages show insights.snapshots instead)."""
    scope, period = Scope(), Period(year)
    figures = insights_figures(InsightsRequest(scope, period, covenant_events(scope, period)))
    return [figure for figure in figures if figure.slug in PUBLIC_FIGURES]
