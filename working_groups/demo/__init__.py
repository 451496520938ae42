"""Demo data of the working-groups app: accounts and profiles first, then parties and groups."""

from working_groups.demo.accounts import seed_accounts


def seed(context) -> None:
    seed_accounts(context)
