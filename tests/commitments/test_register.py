"""The public register: facets, full-text search, sorting, the status summary, pagination, CSV and JSON
exports, and a constant number of queries for 10 or 1,000 commitments."""

import csv
import datetime
import io
import json
from decimal import Decimal

from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from cms.widgets import LeanSelect
from commitments.filters import CommitmentRegisterFilterSet
from commitments.models import Commitment, DueDiligenceStep, SdgTarget
from commitments.models.choices import CommitmentStatus
from tests.factories.commitments import CommitmentFactory, IndicatorFactory
from tests.factories.working_groups import OrganisationFactory, ThemeFactory
from working_groups.models import Organisation, StakeholderType

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [c.title for c in response.context["commitments"].object_list]


@pytest.fixture
def catalogue(covenant):
    """Four more public commitments with distinct facets."""
    gender = ThemeFactory(name="Gender", slug="gender")
    climate = ThemeFactory(name="Environment and climate", slug="environment-climate")
    ngo = OrganisationFactory(name="Fair Metals Watch", stakeholder_type=StakeholderType.CIVIL_SOCIETY)
    union = covenant.parties["union"]
    made = {
        "gap": CommitmentFactory(
            title="Publish a gender action plan",
            description="A plan with targets for women in leadership and in our suppliers' mines.",
            parties=[ngo],
            themes=[gender],
            kind="gender_action_plan",
            target_date=datetime.date(2026, 3, 1),
            status=CommitmentStatus.ACHIEVED,
            progress=Decimal("100.0"),
        ),
        "grievance": CommitmentFactory(
            title="Open a grievance mechanism for mine workers",
            description="Workers and communities can raise complaints in their own language.",
            parties=[union, ngo],
            group=covenant.groups["open"],
            target_date=datetime.date(2028, 6, 1),
            progress=Decimal("40.0"),
        ),
        "tenders": CommitmentFactory(
            title="Introduce social criteria in ICT tenders",
            description="Public buyers ask for supply-chain transparency in laptop tenders.",
            parties=[union],
            status=CommitmentStatus.DELAYED,
            target_date=datetime.date(2025, 9, 1),
            progress=Decimal("10.0"),
        ),
    }
    made["gap"].due_diligence_steps.set(DueDiligenceStep.objects.filter(number=5))
    made["grievance"].due_diligence_steps.set(DueDiligenceStep.objects.filter(number=6))
    made["grievance"].sdg_targets.set(SdgTarget.objects.filter(code="8.8"))
    made["tenders"].sdg_targets.set(SdgTarget.objects.filter(code="12.7"))
    covenant.commitments["public"].themes.set([climate])
    return made


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "gender"}, {"gap"}),
        ({"theme": "environment-climate"}, {"public"}),
        ({"status": "delayed"}, {"tenders"}),
        ({"stakeholder_type": "civil_society"}, {"gap", "grievance"}),
        ({"stakeholder_type": "trade_union"}, {"grievance", "tenders"}),
        ({"party": "fair-metals-watch"}, {"gap", "grievance"}),
        ({"step": "6"}, {"grievance"}),
        ({"sdg": "12.7"}, {"tenders"}),
        ({"overdue": "on"}, {"tenders"}),
        ({"status": "in_progress", "stakeholder_type": "trade_union"}, {"grievance"}),
    ],
)
def test_register_filters(client, covenant, catalogue, params, expected):
    everything = {**catalogue, "public": covenant.commitments["public"]}
    response = client.get(covenant.register.url, params)
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(everything[key].title for key in expected)


def test_group_filter_offers_visible_groups_only(client, covenant, catalogue):
    response = client.get(covenant.register.url, {"group": covenant.groups["open"].pk})
    assert titles(response) == [catalogue["grievance"].title]
    form_html = str(response.context["filterset"].form["group"])
    assert "Gender lens" in form_html
    assert "Public procurement" not in form_html


def test_overdue_counts_stale_reports(client, covenant):
    stale = CommitmentFactory(
        title="Smelter audit follow-up", last_reported_on=timezone.localdate() - datetime.timedelta(days=400)
    )
    response = client.get(covenant.register.url, {"overdue": "on"})
    assert stale.title in titles(response)
    assert covenant.commitments["public"].title not in titles(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("grievance", {"grievance"}),
        ("laptop tenders", {"tenders"}),
        ("Fair Metals", {"gap", "grievance"}),
        ("nothing-like-this", set()),
        ('"unbalanced', set()),
    ],
)
def test_register_search(client, covenant, catalogue, query, expected):
    response = client.get(covenant.register.url, {"q": query})
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(catalogue[key].title for key in expected)


@pytest.mark.parametrize(
    ("sort", "first"),
    [
        ("title", "Cut direct CO2 emissions 30% by 2027"),
        ("target", "Introduce social criteria in ICT tenders"),
        ("progress", "Publish a gender action plan"),
    ],
)
def test_register_sorting(client, covenant, catalogue, sort, first):
    response = client.get(covenant.register.url, {"sort": sort})
    assert titles(response)[0] == first


def test_recently_updated_is_the_default_order(client, covenant, catalogue):
    Commitment.objects.filter(pk=catalogue["tenders"].pk).update(
        updated_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert titles(client.get(covenant.register.url))[0] == catalogue["tenders"].title


def test_summary_bar_counts_the_filtered_list(client, covenant, catalogue):
    response = client.get(covenant.register.url, {"stakeholder_type": "trade_union"})
    summary = {row.status: row.count for row in response.context["summary"]}
    assert summary == {"planned": 0, "in_progress": 1, "achieved": 0, "delayed": 1, "withdrawn": 0}
    assert "Delayed: <strong>1</strong>" in response.text
    assert "2 commitments" in response.text


def test_register_paginates(client, covenant, settings):
    settings.ROUNDTABLE_COMMITMENTS_PER_PAGE = 2
    CommitmentFactory.create_batch(3)
    first = client.get(covenant.register.url, {"sort": "title"})
    second = client.get(covenant.register.url, {"sort": "title", "page": 2})
    assert len(titles(first)) == 2
    assert set(titles(first)).isdisjoint(titles(second))
    assert 'href="?sort=title&amp;page=2"' in first.text


def test_csv_export_follows_the_filters(client, covenant, catalogue):
    response = client.get(covenant.register.url + "export/csv/", {"stakeholder_type": "civil_society"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(row["title"] for row in rows) == sorted(
        [catalogue["gap"].title, catalogue["grievance"].title]
    )
    grievance = next(row for row in rows if row["title"] == catalogue["grievance"].title)
    assert grievance["parties"] == "Fair Metals Watch; Metal Workers Union"
    assert grievance["stakeholder_types"] == "civil_society; trade_union"
    assert grievance["working_group"] == "Gender lens"
    assert grievance["oecd_steps"] == "6"
    assert grievance["sdg_targets"] == "8.8"
    assert grievance["progress_percent"] == "40"
    assert grievance["url"].startswith("http://testserver/commitments/")


def test_csv_export_neutralises_formulas(client, covenant):
    CommitmentFactory(title='=HYPERLINK("http://evil.example")')
    rows = list(
        csv.DictReader(io.StringIO(client.get(covenant.register.url + "export/csv/").content.decode()))
    )
    assert any(row["title"].startswith("'=HYPERLINK") for row in rows)


def test_json_export(client, covenant, catalogue):
    response = client.get(covenant.register.url + "export/json/", {"q": "emissions"})
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["count"] == 1
    record = data["commitments"][0]
    assert record["title"] == "Cut direct CO2 emissions 30% by 2027"
    assert record["parties"] == [{"name": "Nordvik Mining", "stakeholder_type": "company"}]
    assert record["themes"] == ["Environment and climate"]
    assert record["indicators"] == [
        {
            "name": "Direct emissions",
            "unit": "t CO2",
            "baseline": "1000",
            "target": "700",
            "direction": "decrease",
        }
    ]


def test_private_group_name_never_leaks_into_the_public_register(client, covenant):
    CommitmentFactory(title="Model clauses for laptops", group=covenant.groups["private"])
    data = json.loads(client.get(covenant.register.url + "export/json/", {"q": "clauses"}).content)
    assert data["commitments"][0]["working_group"] is None
    assert "Public procurement" not in client.get(covenant.register.url).text


def populate(count: int) -> None:
    """`count` public commitments, each with two parties, two themes, a step, a target and two indicators."""
    themes = [ThemeFactory(name=f"Theme {n}") for n in range(3)]
    offset = Organisation.objects.count()
    parties = Organisation.objects.bulk_create(
        Organisation(
            name=f"Bulk party {offset + n}",
            slug=f"bulk-party-{offset + n}",
            stakeholder_type="company",
            country="NL",
            party_status="supporting",
        )
        for n in range(10)
    )
    step, target = DueDiligenceStep.objects.first(), SdgTarget.objects.first()
    commitments = Commitment.objects.bulk_create(
        Commitment(
            title=f"Bulk commitment {n}",
            description="Bulk",
            start_date=datetime.date(2025, 1, 1),
            target_date=datetime.date(2027, 1, 1),
            status="in_progress",
            workflow_state="published",
            published_at=timezone.now(),
            progress=Decimal(n % 100),
        )
        for n in range(count)
    )
    through = Commitment.parties.through
    through.objects.bulk_create(
        through(commitment=c, organisation=parties[(n + k) % 10])
        for n, c in enumerate(commitments)
        for k in (0, 1)
    )
    Commitment.themes.through.objects.bulk_create(
        Commitment.themes.through(commitment=c, theme=themes[(n + k) % 3])
        for n, c in enumerate(commitments)
        for k in (0, 1)
    )
    Commitment.due_diligence_steps.through.objects.bulk_create(
        Commitment.due_diligence_steps.through(commitment=c, duediligencestep=step) for c in commitments
    )
    Commitment.sdg_targets.through.objects.bulk_create(
        Commitment.sdg_targets.through(commitment=c, sdgtarget=target) for c in commitments
    )
    for c in commitments[:20]:
        IndicatorFactory(commitment=c)


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("route", ["", "export/csv/", "export/json/"])
@pytest.mark.parametrize("params", [{}, {"theme": "theme-1", "sort": "progress", "overdue": "on"}])
def test_register_costs_constant_queries(client, covenant, route, params):
    url = covenant.register.url + route
    populate(10)
    client.get(url, params)  # warm Wagtail's per-process caches and the filter choices
    small = queries(client, url, params)
    populate(990)
    client.get(url, params)  # the new parties and themes cleared the filter choices
    assert Commitment.objects.public_register().count() > 1000
    assert queries(client, url, params) == small


def test_the_first_page_costs_eleven_queries(client, covenant):
    """Anonymous, with the filter choices cached: the site, the page by its slug and as its own type (3), the
    site's view restrictions read once for Wagtail's check and the language alternates (1), the status
    summary, the page's ids, its rows, their parties and themes (5), the private groups' paths and the
    page's translations (2)."""
    populate(30)
    client.get(covenant.register.url)
    assert queries(client, covenant.register.url) == 11


def test_register_counts_and_pages_from_the_plain_table_in_index_order(client, covenant):
    """The status summary and the page's ids read the commitments table alone (no join to the groups for
    the computed columns) and in the order of an index, so the first page of thousands costs about what a
    page of ten does; the count is the summary's total (no query of its own); only the page's own rows are
    read with their computed columns, by primary key."""
    populate(60)
    client.get(covenant.register.url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(covenant.register.url)
    assert response.status_code == 200
    assert response.context["commitments"].paginator.count == response.context["summary_total"] == 61
    sqls = [query["sql"] for query in context.captured_queries]
    table = 'FROM "working_groups_commitment" '
    (summary,) = [sql for sql in sqls if table in sql and 'AS "n"' in sql and "GROUP BY" in sql]
    assert not [sql for sql in sqls if sql.startswith("SELECT COUNT(*)")]
    (ids,) = [
        sql for sql in sqls if sql.startswith('SELECT "working_groups_commitment"."id" AS "pk" ' + table)
    ]
    for sql in (summary, ids):
        assert "JOIN" not in sql, sql
    (rows,) = [sql for sql in sqls if 'AS "is_overdue"' in sql]
    assert "ORDER BY" not in rows
    indexes = connection.introspection.get_constraints(connection.cursor(), "working_groups_commitment")
    assert indexes["commitment_register_order"]["columns"] == [
        "workflow_state",
        "visibility",
        "updated_at",
        "id",
    ]
    assert indexes["commitment_register_status"]["columns"] == ["workflow_state", "visibility", "status"]
    if connection.vendor == "sqlite":
        for sql in (ids, summary):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                plan = " ".join(str(row) for row in cursor.fetchall())
            assert "USING COVERING INDEX commitment_register_" in plan, plan
            assert "TEMP B-TREE" not in plan, plan
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + rows)
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "working_groups_commitment USING INTEGER PRIMARY KEY" in plan, plan


def test_the_register_filter_form_is_the_same_with_djangos_select(db, rf, monkeypatch):
    """The register's selects are cms.widgets.LeanSelect: the same form as with Django's Select."""
    request = rf.get("/", {"status": "planned", "sort": "progress", "step": "2"})
    request.user = None

    def form_html():
        filterset = CommitmentRegisterFilterSet(
            request.GET, queryset=Commitment.objects.none(), request=request
        )
        return str(filterset.form)

    lean = form_html()
    assert lean.count("<select ") == 8
    monkeypatch.setattr(LeanSelect, "render", forms.Select.render)
    assert form_html() == lean
