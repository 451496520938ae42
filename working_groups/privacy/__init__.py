"""A member's rights over their own data: download it (export) and delete the account (erasure).

Each installed app contributes through Wagtail hooks, so `working_groups` never imports a later app:

- ``roundtable_personal_data``: ``fn(user) -> dict`` — the app's sections of the download, keyed by section
  name, JSON-serialisable with DjangoJSONEncoder. Each function runs a fixed number of queries, however much
  the person wrote.
- ``roundtable_erasure_blockers``: ``fn(user) -> list[str]`` — reasons, for the person, why the account cannot
  be deleted yet (e.g. they are the last chair of a group). An empty list lets the deletion go ahead.
- ``roundtable_erase_personal_data``: ``fn(user) -> None`` — remove or unlink the app's personal data. Runs
  inside the erasure's transaction, before the user row is deleted (which cascades to everything else that
  hangs on it); what stays (posts, commitments) keeps its content with its author set to NULL.
"""

PERSONAL_DATA_HOOK = "roundtable_personal_data"
ERASURE_BLOCKERS_HOOK = "roundtable_erasure_blockers"
ERASE_HOOK = "roundtable_erase_personal_data"
