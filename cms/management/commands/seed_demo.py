"""Build (or bring up to date) the demo covenant site.

Each installed app may offer a `demo` module with `seed(context)`; they run in INSTALLED_APPS order, so
`cms` lays the pages that working groups, events and forums hang their own content on. Every seed is
idempotent: running the command again changes nothing that is already there.
"""

from importlib import import_module

from django.apps import apps
from django.core import mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from cms import ratelimits
from cms.demo_context import DemoContext


class Command(BaseCommand):
    help = "Create realistic demo content and demo accounts (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="roundtable-demo", help="Password for the demo accounts.")
        parser.add_argument(
            "--send-email",
            action="store_true",
            help="Deliver the e-mails the demo activity causes (confirmations, notifications) instead of "
            "holding them back.",
        )

    def handle(self, *args, password: str, send_email: bool, **options):
        if send_email:
            self.seed(password)
            return
        # Seeding goes through the real services, which e-mail people about registrations and posts:
        # keep those messages in memory rather than flooding the console (or the demo addresses).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            mail.outbox = []
            self.seed(password)
            held_back = len(mail.outbox)
        if held_back:
            self.stdout.write(f"{held_back} e-mails caused by the demo activity were not sent.")

    def seed(self, password: str) -> None:
        context = DemoContext(password=password, stdout=self.stdout, style=self.style)
        for app_config in apps.get_app_configs():
            try:
                demo = import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app_config.name}.demo":
                    raise
                continue
            # The seed acts for many demo people at machine speed: the per-person limits are for the web.
            with transaction.atomic(), ratelimits.suspended():
                demo.seed(context)
            self.stdout.write(self.style.SUCCESS(f"Seeded {app_config.verbose_name}."))
        context.print_accounts()
