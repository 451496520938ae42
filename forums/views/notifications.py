"""Following: watch buttons, the notifications list, notification settings, and unsubscribing from an
e-mail without signing in."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cms.pagination import paginate, pagination_context
from forums import selectors
from forums.notifications import selectors as following
from forums.notifications.tokens import ExpiredLink, read_token
from forums.services import notifications as services
from forums.services.errors import ForumError

NOTIFICATIONS_PER_PAGE = 30


def _back(request, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


@require_POST
@login_required
def thread_follow(request, pk: int):
    thread, _forum_access = selectors.readable_thread(request.user, pk)
    try:
        if request.POST.get("watch") == "1":
            services.thread_watch(user=request.user, thread=thread)
            messages.success(request, _("You are watching this thread: you will be told of every new post."))
        else:
            services.thread_unwatch(user=request.user, thread=thread)
            messages.success(request, _("You no longer follow this thread."))
    except ForumError as error:
        messages.error(request, error.message)
    return _back(request, thread.get_absolute_url())


@require_POST
@login_required
def forum_follow(request, slug: str):
    forum, _forum_access = selectors.readable_forum(request.user, slug)
    try:
        if request.POST.get("watch") == "1":
            services.forum_watch(user=request.user, forum=forum)
            messages.success(request, _("You are watching this forum: you will be told of every new post."))
        else:
            services.forum_unwatch(user=request.user, forum=forum)
            messages.success(request, _("You no longer watch this forum."))
    except ForumError as error:
        messages.error(request, error.message)
    return _back(request, forum.get_absolute_url())


@login_required
def notification_list(request):
    page = paginate(request, following.notifications_of(request.user), NOTIFICATIONS_PER_PAGE)
    context = {
        "notifications": page,
        "rows": following.notification_rows(page.object_list, request.user),
        **pagination_context(page, request),
    }
    return TemplateResponse(request, "forums/notifications/list.html", context)


@login_required
def notification_open(request, pk: int):
    """Mark a notification read and go to its post (or back to the list if the post is gone)."""
    notification = get_object_or_404(following.notifications_of(request.user), pk=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    post = notification.post
    if post is None or post.is_deleted:
        messages.info(request, _("That post is no longer there."))
        return HttpResponseRedirect(reverse("forums:notifications"))
    return HttpResponseRedirect(post.get_absolute_url())


@require_POST
@login_required
def notifications_read_all(request):
    services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("All your notifications are marked as read."))
    return HttpResponseRedirect(reverse("forums:notifications"))


class NotificationSettingsForm(forms.Form):
    email_enabled = forms.BooleanField(label=gettext_lazy("E-mail me about my notifications"), required=False)
    delivery = forms.ChoiceField(
        label=gettext_lazy("When"),
        choices=[
            ("immediate", gettext_lazy("At once, one e-mail for each notification")),
            ("digest", gettext_lazy("Once a day, in one digest")),
        ],
        widget=forms.RadioSelect,
    )


@login_required
def notification_settings(request):
    current = services.settings_for(request.user)
    initial = {
        "email_enabled": current.email_enabled,
        "delivery": "digest" if current.daily_digest else "immediate",
    }
    form = NotificationSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.settings_update(
            user=request.user,
            email_enabled=form.cleaned_data["email_enabled"],
            daily_digest=form.cleaned_data["delivery"] == "digest",
        )
        messages.success(request, _("Your notification settings are saved."))
        return HttpResponseRedirect(reverse("forums:notification_settings"))
    threads, forums = following.watched(request.user)
    return TemplateResponse(
        request,
        "forums/notifications/settings.html",
        {"form": form, "watched_threads": threads, "watched_forums": forums},
    )


@csrf_exempt  # RFC 8058: mail providers POST "List-Unsubscribe=One-Click" without a CSRF token; the signed
# token is the only credential and it can do nothing but unsubscribe.
def unsubscribe(request, token: str):
    """GET shows a confirmation with a button (link checkers and previews must not unsubscribe anyone);
    POST, from that button or a mail provider's one-click, unsubscribes without signing in."""
    try:
        request_ = read_token(token)
    except ExpiredLink:
        response = TemplateResponse(request, "forums/notifications/unsubscribe_expired.html", status=410)
        response["X-Robots-Tag"] = "noindex"
        response["Referrer-Policy"] = "no-referrer"
        return response
    if request_ is None:
        raise Http404
    from django.contrib.auth import get_user_model

    from forums.models import Forum, Thread

    person = get_object_or_404(get_user_model(), pk=request_.user_id)
    target = None
    if request_.scope == "thread":
        target = Thread.objects.filter(pk=request_.object_id).first()
    elif request_.scope == "forum":
        target = Forum.objects.filter(pk=request_.object_id).first()
    if request_.scope != "all" and target is None:
        raise Http404
    done = False
    if request.method == "POST":
        done = services.unsubscribe(user_id=person.pk, scope=request_.scope, object_id=request_.object_id)
    response = TemplateResponse(
        request,
        "forums/notifications/unsubscribe.html",
        {"scope": request_.scope, "target": target, "done": done, "email": person.email},
    )
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
