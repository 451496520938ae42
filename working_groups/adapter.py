"""allauth adapter: the site's name in account e-mails, sent as tasks; preferences applied at sign-in."""

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django_tasks import task

from cms.ratelimits import client_ip
from working_groups.services.profile import member_preferences_remember, profile_get_or_create


@task()
def send_account_email(subject: str, body: str, html: str, from_email: str, to: list[str]) -> None:
    """Send an account e-mail rendered during the request; JSON arguments, so any task backend runs it."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's per-address limits count the same address as ours (cms.ratelimits.client_ip): the
        X-Forwarded-For header is read only from a trusted proxy, so a client cannot choose its address."""
        return client_ip(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render now (templates need the request) and hand the sending to a task, so nobody waits on SMTP."""
        context = {"site_name": settings.WAGTAIL_SITE_NAME, "base_url": settings.BASE_URL, **context}
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request), **context},
        )
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        send_account_email.enqueue(message.subject, message.body, html, message.from_email, list(message.to))

    def login(self, request: HttpRequest, user) -> None:
        super().login(request, user)
        member_preferences_remember(request.session, profile_get_or_create(user))
