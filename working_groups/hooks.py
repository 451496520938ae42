"""The hooks the working-groups app offers to the apps above it (names in the one style of cms/hooks.py).

- ``GROUP_PAGE_PANELS_HOOK``: ``fn(request, group) -> GroupPagePanel | None`` — a panel on a group's page.
- ``MEMBERS_AREA_PANELS_HOOK``: ``fn(request, group) -> MembersAreaPanel | None`` — a section of the group's
  members' area.
- ``GROUP_SUBPAGE_TYPES_HOOK``: ``fn() -> list[str]`` — page types ("app_label.ModelName") that may be created
  under a working group's page (e.g. the group's meetings), so no app edits `WorkingGroupPage` itself.
- ``PARTY_PAGE_PANELS_HOOK``: ``fn(request, organisation) -> GroupPagePanel | None`` — a panel on a party's
  page.
- ``EMAIL_LABELLED_CODES_HOOK``: ``fn() -> dict[str, type[TextChoices]]`` — context keys of e-mails whose
  value is a code, shown by its label (working_groups.emails).
- ``DESK_ITEMS_HOOK``: ``fn(user, scope) -> Iterable[DeskItem]`` — items of the admin dashboard's "Waiting for
  you" (working_groups.desk).
"""

GROUP_PAGE_PANELS_HOOK = "roundtable_working_groups_page_panels"
MEMBERS_AREA_PANELS_HOOK = "roundtable_working_groups_members_area_panels"
PARTY_PAGE_PANELS_HOOK = "roundtable_working_groups_party_page_panels"
EMAIL_LABELLED_CODES_HOOK = "roundtable_working_groups_email_labelled_codes"
DESK_ITEMS_HOOK = "roundtable_working_groups_desk_items"
GROUP_SUBPAGE_TYPES_HOOK = "roundtable_working_groups_subpage_types"
