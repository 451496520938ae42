"""Demo data of the commitments app: the Dutch words of the OECD steps and SDG targets, the register page and
commitments of the demo parties with indicators and reviewed progress updates. Runs after the working-groups
seed (INSTALLED_APPS order): it needs the home page, the parties, the groups and the demo people."""

from commitments.demo.commitments import seed_commitments
from commitments.demo.vocabularies import translate_vocabularies


def seed(context) -> None:
    made = translate_vocabularies("nl")
    context.stdout.write(f"  {made} Dutch OECD steps and SDG targets")
    seed_commitments(context)
