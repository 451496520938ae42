"""Demo data of the working-groups app: accounts and profiles first, then parties, groups, more members (with
the optional gender answers of demo people); commitments come from the commitments app's demo."""

from working_groups.demo.accounts import seed_accounts
from working_groups.demo.desk import seed_desk
from working_groups.demo.groups import seed_groups
from working_groups.demo.members import seed_members
from working_groups.demo.parties import seed_parties, seed_representatives


def seed(context) -> None:
    seed_accounts(context)
    parties = seed_parties()
    people = seed_representatives(parties)
    seed_groups(context, people)
    seed_members()
    seed_desk(context)
