"""Freeze the published insights of every closed period of a year (default: this year and last year).

Run it from cron soon after each quarter ends (e.g. daily at 01:00): figures are then frozen before anyone
can change the records they count. See insights.snapshots.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from insights.snapshots import freeze_closed_periods


class Command(BaseCommand):
    help = "Freeze the insights figures of every closed period of the given years."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int, help="Years (default: this year and last year).")

    def handle(self, *args, years, **options):
        this_year = timezone.localdate().year
        for year in years or [this_year - 1, this_year]:
            count = freeze_closed_periods(year)
            self.stdout.write(f"{year}: {count} frozen sets of figures")
