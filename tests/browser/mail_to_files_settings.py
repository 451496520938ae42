"""Settings of a server process started by a browser test that reads the e-mails the server sends: the test
suite's settings, with e-mails written as files into ROUNDTABLE_TEST_MAIL_DIR."""

import os

from tests.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["ROUNDTABLE_TEST_MAIL_DIR"]
