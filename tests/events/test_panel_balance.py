"""The panel balance of an event's speakers and moderators: the pure computation and its warnings, where a
speaker's gender and stakeholder type come from, and the summary and warning in the event's admin."""

import re

from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError

from wagtail.test.utils.form_data import inline_formset

import pytest

from events.admin_panels import balance_of
from events.models import EventPage, EventSpeaker, Speaker
from events.panel_balance import (
    NOT_KNOWN,
    PanelMember,
    panel_balance,
    panel_members_for,
    speaker_gender,
    speaker_gender_expression,
)
from tests.events.test_admin_form import form_data
from tests.factories.events import EventPageFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import OrganisationFactory
from working_groups.choices import Gender
from working_groups.models import StakeholderType
from working_groups.services.profile_gender import profile_gender_save, profile_gender_withdraw

W, M, NB, SD, PNS = (
    Gender.WOMAN,
    Gender.MAN,
    Gender.NON_BINARY,
    Gender.SELF_DESCRIBED,
    Gender.PREFER_NOT_TO_SAY,
)
COMPANY, NGO = StakeholderType.COMPANY, StakeholderType.CIVIL_SOCIETY


def people(*genders, stakeholder_type=NOT_KNOWN) -> list[PanelMember]:
    return [PanelMember(gender=gender, stakeholder_type=stakeholder_type) for gender in genders]


def counts(rows) -> dict[str, int]:
    return {row.value: row.count for row in rows}


# --- The pure computation -----------------------------------------------------------------------------------


def test_an_all_men_panel_warns_and_counts_the_unknown_apart():
    balance = panel_balance(people(M, M, NOT_KNOWN))
    assert balance.size == 3
    assert counts(balance.by_gender) == {M: 2, NOT_KNOWN: 1}
    assert [row.label for row in balance.by_gender] == ["Man", "Not known"]
    assert len(balance.warnings) == 1
    assert "of one gender (man)" in balance.warnings[0]


@pytest.mark.parametrize(
    "genders",
    [
        (W, M),
        (W, W, M),
        (M, NB),
        (M, M, SD),  # someone describing themselves another way is not "a man"
        (SD, SD),  # two self-descriptions need not be one gender
        (W,),  # one person is not a pattern
        (W, NOT_KNOWN, NOT_KNOWN),  # one known answer is not a pattern either
        (PNS, PNS),
        (),
    ],
)
def test_no_gender_warning_for_mixed_small_or_unknown_panels(genders):
    assert panel_balance(people(*genders)).warnings == ()


@pytest.mark.parametrize("genders", [(W, W), (W, W, W, NOT_KNOWN), (NB, NB), (M, M, PNS)])
def test_a_gender_warning_when_everyone_known_is_alike(genders):
    (warning,) = panel_balance(people(*genders)).warnings
    assert "of one gender" in warning


def test_stakeholder_types_are_counted_and_a_single_type_warns():
    members = [
        PanelMember(W, COMPANY),
        PanelMember(M, COMPANY),
        PanelMember(M, NOT_KNOWN),
    ]
    balance = panel_balance(members)
    assert counts(balance.by_stakeholder_type) == {COMPANY: 2, NOT_KNOWN: 1}
    assert balance.warnings == (
        "Every speaker and moderator whose party is known is of one stakeholder type (Company).",
    )
    assert panel_balance([*members, PanelMember(W, NGO)]).warnings == ()


def test_the_balance_does_not_depend_on_order():
    members = [PanelMember(M, COMPANY), PanelMember(W, NGO), PanelMember(NOT_KNOWN, NGO), PanelMember(M, NGO)]
    assert panel_balance(members) == panel_balance(reversed(members))


# --- Where a speaker's values come from ---------------------------------------------------------------------


@pytest.fixture
def speakers(db):
    """One speaker of each origin: recorded by the secretariat, with an account that consented, with an
    account that never answered, and with an account that withdrew."""
    party = OrganisationFactory(stakeholder_type=NGO)
    consented, silent, withdrawn = UserFactory(), UserFactory(), UserFactory()
    profile_gender_save(profile=consented.profile, gender=W, consent=True)
    consented.profile.organisation = party
    consented.profile.save()
    profile_gender_save(profile=withdrawn.profile, gender=M, consent=True)
    profile_gender_withdraw(profile=withdrawn.profile)
    recorded = Speaker.objects.create(name="Recorded", gender=M, organisation=OrganisationFactory())
    return {
        "recorded": recorded,
        "consented": Speaker.objects.create(name="Consented", user=consented),
        "silent": Speaker.objects.create(name="Silent", user=silent),
        "withdrawn": Speaker.objects.create(name="Withdrawn", user=withdrawn),
        # Bypassing the form: a recorded gender on a speaker with an account never counts.
        "overruled": Speaker.objects.create(name="Overruled", user=UserFactory(), gender=W),
    }


def test_a_speakers_gender_comes_from_consent_or_the_secretariats_record(speakers, calendar):
    event = EventPageFactory(parent=calendar.index)
    for speaker in speakers.values():
        EventSpeaker.objects.create(page=event, speaker=speaker, role="speaker")
    expected = {
        "recorded": M,
        "consented": W,
        "silent": NOT_KNOWN,
        "withdrawn": NOT_KNOWN,
        "overruled": NOT_KNOWN,
    }
    loaded = {
        speaker.name.lower(): speaker
        for speaker in Speaker.objects.select_related("user__profile").annotate(
            counted_gender=speaker_gender_expression()
        )
    }
    assert {key: speaker_gender(loaded[key]) for key in expected} == expected
    # The database expression (for aggregates) agrees with the Python rule.
    assert {key: loaded[key].counted_gender for key in expected} == expected
    by_event = (
        EventSpeaker.objects.filter(speaker__in=speakers.values())
        .values_list("speaker__name", speaker_gender_expression("speaker__", not_known="not_stated"))
        .order_by()
    )
    assert dict(by_event) == {
        speaker.name: expected[key] or "not_stated" for key, speaker in speakers.items()
    }


def test_the_secretariat_may_not_record_a_gender_for_a_speaker_with_an_account(speakers):
    speaker = speakers["silent"]
    speaker.gender = W
    with pytest.raises(ValidationError, match="own answer"):
        speaker.full_clean()


def test_panel_members_come_in_one_query_however_many(speakers, calendar, django_assert_num_queries):
    event = EventPageFactory(parent=calendar.index)
    EventSpeaker.objects.create(page=event, speaker=speakers["recorded"], role="speaker")
    event = EventPage.objects.get(pk=event.pk)
    with django_assert_num_queries(2):
        one = panel_members_for(event)
    for speaker in list(speakers.values())[1:]:
        EventSpeaker.objects.create(page=event, speaker=speaker, role="moderator")
    event = EventPage.objects.get(pk=event.pk)
    with django_assert_num_queries(2):
        many = panel_members_for(event)
    assert one == [PanelMember(M, COMPANY)]
    assert len(many) == 5
    assert PanelMember(W, NGO) in many


def test_someone_both_speaking_and_moderating_counts_once(speakers, calendar):
    event = EventPageFactory(parent=calendar.index)
    EventSpeaker.objects.create(page=event, speaker=speakers["recorded"], role="speaker")
    EventSpeaker.objects.create(page=event, speaker=speakers["recorded"], role="moderator")
    assert balance_of(EventPage.objects.get(pk=event.pk)).size == 1


# --- The admin ----------------------------------------------------------------------------------------------


def panel_html(html: str) -> str:
    """The panel's own markup: from its container to the end of its second table (or its empty note)."""
    start = html.index('<div class="panel-balance">')
    end = html.find("</table>", html.find("</table>", start) + 1)
    return html[start : end if end > 0 else start + 1000]


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def test_the_admin_warns_after_saving_an_all_women_panel_and_shows_counts_only(calendar, secretariat_client):
    women = [Speaker.objects.create(name=name, gender=W) for name in ("Esther Mwangi", "Claire Fontaine")]
    unknown = Speaker.objects.create(name="Pat Unknown")
    data = form_data(
        speakers=inline_formset(
            [
                {"speaker": women[0].pk, "role": "speaker"},
                {"speaker": women[1].pk, "role": "speaker"},
                {"speaker": unknown.pk, "role": "moderator"},
            ]
        )
    )
    response = secretariat_client.post(f"/admin/pages/add/events/eventpage/{calendar.index.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("of one gender (woman)" in message for message in shown)

    event = EventPage.objects.get(slug="gender-due-diligence-in-practice")
    edit = secretariat_client.get(f"/admin/pages/{event.pk}/edit/")
    assert edit.status_code == 200
    panel = panel_html(edit.content.decode())
    assert "Panel balance" in edit.content.decode()
    assert "of one gender (woman)" in panel
    assert re.search(r"<th scope=\"row\">Woman</th><td>2</td>", panel)
    assert re.search(r"<th scope=\"row\">Not known</th><td>1</td>", panel)
    # Counts only: no names next to genders.
    assert not any(name in panel for name in ("Esther Mwangi", "Claire Fontaine", "Pat Unknown"))


def test_a_balanced_panel_saves_without_a_warning(calendar, secretariat_client):
    woman = Speaker.objects.create(name="Esther Mwangi", gender=W, organisation=OrganisationFactory())
    man = Speaker.objects.create(
        name="Tomás Herrera", gender=M, organisation=OrganisationFactory(stakeholder_type=NGO)
    )
    data = form_data(
        speakers=inline_formset(
            [{"speaker": woman.pk, "role": "speaker"}, {"speaker": man.pk, "role": "moderator"}]
        )
    )
    response = secretariat_client.post(f"/admin/pages/add/events/eventpage/{calendar.index.pk}/", data)
    assert response.status_code == 302
    assert not any(
        "one gender" in str(m) or "one stakeholder" in str(m) for m in get_messages(response.wsgi_request)
    )
    event = EventPage.objects.get(slug="gender-due-diligence-in-practice")
    panel = panel_html(secretariat_client.get(f"/admin/pages/{event.pk}/edit/").content.decode())
    assert "help-warning" not in panel
    assert "2 people on the panel" in panel
