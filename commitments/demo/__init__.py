"""Demo data of the commitments app: the register page and commitments of the demo parties with indicators
and reviewed progress updates. Runs after the working-groups seed (INSTALLED_APPS order): it needs the home
page, the parties, the groups and the demo people."""

from commitments.demo.commitments import seed_commitments


def seed(context) -> None:
    seed_commitments(context)
