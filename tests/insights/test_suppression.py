"""Small-number protection: primary and complementary suppression, rounding, and the differencing attacks."""

import itertools

import pytest

from insights.filters import InsightsFilter, Period
from insights.selectors import STAKEHOLDER_ROWS, Scope, members_figures
from insights.suppression import protect, round_to_base
from tests.insights.conftest import THIS_YEAR, join
from working_groups.choices import Gender
from working_groups.models import StakeholderType

ROWS = [("a", "A"), ("b", "B"), ("c", "C")]
COLS = [("x", "X"), ("y", "Y"), ("z", "Z")]


def texts(table):
    return [[cell.text for cell in row.cells] + [row.total.text] for row in table.rows]


def recoverable(table):
    """Lines (rows, columns with totals) in which exactly one entry is hidden: solvable by subtraction."""
    lines = [[*row.cells, row.total] for row in table.rows]
    if table.column_totals is not None:
        lines.append([*table.column_totals, table.grand_total])
        for j in range(len(table.columns)):
            lines.append([*(row.cells[j] for row in table.rows), table.column_totals[j]])
    return [line for line in lines if sum(cell.suppressed for cell in line) == 1]


def test_rounding_to_base_five():
    assert [round_to_base(n, 5) for n in (0, 5, 6, 7, 8, 12, 13, 22, 23)] == [0, 5, 5, 5, 10, 10, 15, 20, 25]
    assert round_to_base(3, 5) == 5  # never shown, but never rounded to a misleading 0 either


def test_cells_below_threshold_are_fewer_than_five_and_zeros_are_shown():
    people = {("a", "x"): 20, ("a", "y"): 4, ("a", "z"): 0, ("b", "x"): 10, ("b", "y"): 10, ("b", "z"): 10}
    table = protect(ROWS, COLS, people)
    row_a = table.rows[0]
    assert row_a.cells[1].text == "fewer than 5"
    assert row_a.cells[1].value is None
    assert table.rows[2].cells[0].text == "0"


def test_a_single_hidden_cell_in_a_row_takes_a_second_cell_with_it():
    # Row a: 20 + 3 + 9 = 32. Hiding only the 3 would leave 32 - 20 - 9 = 3 for anyone to compute.
    people = {("a", "x"): 20, ("a", "y"): 3, ("a", "z"): 9, ("b", "x"): 30, ("b", "y"): 30, ("b", "z"): 30}
    table = protect(ROWS, COLS, people, column_totals=False)
    assert [cell.suppressed for cell in table.rows[0].cells] == [False, True, True]
    assert not recoverable(table)


def test_complementary_suppression_reaches_columns_and_the_totals_row():
    people = {
        ("a", "x"): 2, ("a", "y"): 30, ("a", "z"): 30,
        ("b", "x"): 12, ("b", "y"): 30, ("b", "z"): 30,
        ("c", "x"): 40, ("c", "y"): 6, ("c", "z"): 30,
    }  # fmt: skip
    table = protect(ROWS, COLS, people)
    assert table.rows[0].cells[0].suppressed
    assert not recoverable(table)
    # The shown cells are rounded; the hidden one never appears in any form.
    assert "2" not in {cell for row in texts(table) for cell in row}


@pytest.mark.parametrize("seed", range(40))
def test_no_table_ever_has_a_line_solvable_by_subtraction(seed):
    import random

    rng = random.Random(seed)
    people = {
        (r, c): rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 14, 30])
        for (r, _l), (c, _m) in itertools.product(ROWS, COLS)
    }
    table = protect(ROWS, COLS, people)
    assert not recoverable(table)
    for row in table.rows:
        for (col, _label), cell in zip(COLS, row.cells, strict=True):
            if 0 < people[row.key, col] < 5:
                assert cell.suppressed


def test_values_are_guarded_by_people_not_by_their_own_size():
    # 40 posts by 2 people: a large number that still points at two persons.
    table = protect(ROWS, COLS, {("a", "x"): 2, ("a", "y"): 8}, {("a", "x"): 40, ("a", "y"): 12})
    assert table.rows[0].cells[0].suppressed
    assert table.rows[0].cells[1].suppressed  # complementary: the row total would give the 40 away


def test_threshold_comes_from_the_setting(settings):
    settings.ROUNDTABLE_INSIGHTS_MIN_CELL = 10
    people = {("a", "x"): 9, ("a", "y"): 8, ("a", "z"): 30, ("b", "x"): 10, ("b", "y"): 10, ("b", "z"): 10}
    table = protect(ROWS, COLS, people, column_totals=False)
    assert table.rows[0].cells[0].text == "fewer than 10"
    assert not any(cell.suppressed for cell in table.rows[1].cells)


# The differencing attacks, against the real selectors.


def women_in(figure):
    women = next(index for index, (key, _label) in enumerate(figure.table.columns) if key == Gender.WOMAN)
    company = next(index for index, (key, _label) in enumerate(STAKEHOLDER_ROWS) if key == "company")
    return figure.table.rows[company].cells[women]


def company_women_members(scope):
    return women_in(members_figures(scope, Period(THIS_YEAR))[0])


def _world(people, groups, women_in_small_group):
    big, small = groups
    join(big, [people.make(Gender.WOMAN, StakeholderType.COMPANY) for _ in range(11)])
    join(big, [people.make(Gender.MAN, StakeholderType.COMPANY) for _ in range(5)])
    join(small, [people.make(Gender.WOMAN, StakeholderType.COMPANY) for _ in range(women_in_small_group)])
    join(small, [people.make(Gender.MAN, StakeholderType.COMPANY) for _ in range(5)])
    return big, small


@pytest.mark.django_db
def test_differencing_all_groups_against_one_group_does_not_reveal_the_hidden_cell(people, groups):
    """11 women in the big group, 1 in the small one. Without protection: all (12) - big (11) = 1 woman."""
    big, small = _world(people, groups, women_in_small_group=1)
    assert company_women_members(Scope((small.pk,))).suppressed
    everyone = company_women_members(Scope()).value
    big_only = company_women_members(Scope((big.pk,))).value
    assert everyone - big_only != 1
    # Both shown numbers are rounded to 5: the difference is 0 and says nothing about the hidden cell.
    assert (everyone, big_only) == (10, 10)


@pytest.mark.django_db
@pytest.mark.parametrize("hidden", [1, 2, 3, 4])
def test_differencing_across_groups_cannot_tell_how_many_people_are_hidden(people, groups, hidden):
    """The attacker sees all views; the small group's women (1 to 4) must not be tellable apart from them.
    For each hidden count the published figures are consistent with another hidden count as well."""
    big, small = _world(people, groups, women_in_small_group=hidden)
    views = (
        company_women_members(Scope()).text,
        company_women_members(Scope((big.pk,))).text,
        company_women_members(Scope((small.pk,))).text,
    )
    assert views[2] == "fewer than 5"
    shown_all, shown_big = int(views[0]), int(views[1])
    # Every (big group, hidden) pair the attacker cannot rule out from the published figures:
    candidates = {
        n for big_count in range(5, 40) for n in range(1, 5)
        if round_to_base(big_count) == shown_big and round_to_base(big_count + n) == shown_all
    }  # fmt: skip
    assert hidden in candidates
    assert len(candidates) >= 2


@pytest.mark.django_db
def test_periods_are_whole_years_or_quarters_only():
    """Jan-Jun against Jan-May would single out whoever came in June: there are no free date ranges, an odd
    quarter is refused with a message, and a view never narrows below a calendar quarter."""
    refused = InsightsFilter({"year": str(THIS_YEAR), "quarter": "7"}, groups=None)
    assert not refused.is_valid()
    assert "quarter" in refused.errors
    assert set(InsightsFilter.base_filters) == {"year", "quarter", "group", "kind", "theme"}
    ignored = InsightsFilter(
        {"year": str(THIS_YEAR), "start": f"{THIS_YEAR}-01-01", "end": f"{THIS_YEAR}-05-31"}
    )
    assert ignored.is_valid()
    assert ignored.period == Period(THIS_YEAR)


@pytest.mark.django_db
def test_differencing_between_quarters_does_not_single_out_a_newcomer(people, groups):
    """One woman joins in Q2: the Q1 and Q2 end-of-quarter figures must not differ by exactly one."""
    import datetime

    from django.utils import timezone

    big, _small = groups
    join(big, [people.make(Gender.WOMAN, StakeholderType.COMPANY) for _ in range(11)])
    late = timezone.make_aware(datetime.datetime(THIS_YEAR, 5, 2, 9, 0))
    join(big, [people.make(Gender.WOMAN, StakeholderType.COMPANY)], joined_at=late)
    over_time = members_figures(Scope(), Period(THIS_YEAR))[1].table
    women = next(index for index, (key, _label) in enumerate(over_time.columns) if key == Gender.WOMAN)
    q1, q2 = over_time.rows[0].cells[women].value, over_time.rows[1].cells[women].value
    assert q2 - q1 != 1
    assert (q1, q2) == (10, 10)
