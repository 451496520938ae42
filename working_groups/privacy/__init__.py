"""A member's rights over their own data: download it (export) and delete the account (erasure).

Each installed app contributes through Wagtail hooks, so `working_groups` never imports a later app:

The hook names and their interfaces are declared in cms/hooks.py (PERSONAL_DATA_HOOK, ERASURE_BLOCKERS_HOOK,
ERASE_HOOK); these names stay here for the modules that import them from this package.
"""

from cms.hooks import ERASE_HOOK, ERASURE_BLOCKERS_HOOK, PERSONAL_DATA_HOOK

__all__ = ["ERASE_HOOK", "ERASURE_BLOCKERS_HOOK", "PERSONAL_DATA_HOOK"]
