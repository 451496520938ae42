"""Moderation pages: thread tools (pin, lock, close, move), hiding posts, flagging, the flag queue and the
moderation log. A thread or post the person may not read answers 404; a reader who may not moderate: 403."""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cms.pagination import paginate, pagination_context
from forums import access, selectors
from forums.choices import FlagOutcome, FlagReason, ModerationAction
from forums.models import Flag, Forum
from forums.moderation_selectors import flag_queue, moderation_log, move_targets
from forums.presenters import ThreadPresenter
from forums.services import moderation as services
from forums.services.errors import ForumError
from forums.views.posting import refusal_status, with_retry_after

ACTIONS = {action.value for action in services.THREAD_STATES}
DONE = {
    ModerationAction.PIN: gettext_lazy("The thread is pinned."),
    ModerationAction.UNPIN: gettext_lazy("The thread is no longer pinned."),
    ModerationAction.LOCK: gettext_lazy("The thread is locked: only moderators can post in it."),
    ModerationAction.UNLOCK: gettext_lazy("The thread is unlocked."),
    ModerationAction.CLOSE: gettext_lazy("The thread is closed."),
    ModerationAction.REOPEN: gettext_lazy("The thread is open again."),
}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=services.MAX_REASON_LENGTH,
        help_text=gettext_lazy("Kept in the moderation log and shown to the other moderators with the post."),
    )


class MoveForm(forms.Form):
    forum = forms.ModelChoiceField(label=gettext_lazy("Move to"), queryset=Forum.objects.none())

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = targets


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("What is wrong?"), choices=FlagReason.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=gettext_lazy("Details for the moderators (optional; needed for “Something else”)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(choices=FlagOutcome.choices)
    reason = forms.CharField(required=False, max_length=services.MAX_REASON_LENGTH)


def _signed_in(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def _moderated_thread(request, pk: int):
    thread, forum_access = selectors.readable_thread(request.user, pk)
    if not forum_access.moderate:
        raise PermissionDenied
    return thread


def _moderated_post(request, pk: int):
    post = selectors.readable_post(request.user, pk)
    if not access.can_moderate_thread(request.user, post.thread):
        raise PermissionDenied
    return post


@require_POST
def thread_state(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    selectors.readable_thread(request.user, pk)
    if redirect := _signed_in(request):
        return redirect
    thread = _moderated_thread(request, pk)
    try:
        services.thread_set_state(actor=request.user, thread=thread, action=action)
    except ForumError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, DONE[action])
    return HttpResponseRedirect(thread.get_absolute_url())


def thread_move(request, pk: int):
    selectors.readable_thread(request.user, pk)
    if redirect := _signed_in(request):
        return redirect
    thread = _moderated_thread(request, pk)
    targets = move_targets(request.user, thread)
    form = MoveForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        try:
            services.thread_move(actor=request.user, thread=thread, target=form.cleaned_data["forum"])
        except ForumError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The thread has been moved."))
            return HttpResponseRedirect(thread.get_absolute_url())
    return TemplateResponse(
        request,
        "forums/moderation/move.html",
        {"thread": thread, "forum": thread.forum, "form": form, "has_targets": targets.exists()},
        status=400 if form.errors else 200,
    )


def post_hide(request, pk: int):
    selectors.readable_post(request.user, pk)
    if redirect := _signed_in(request):
        return redirect
    post = _moderated_post(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_hide(actor=request.user, post=post, reason=form.cleaned_data["reason"])
        except ForumError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The post is hidden."))
            return HttpResponseRedirect(post.get_absolute_url())
    presenter = ThreadPresenter(post.thread, request.user)
    return TemplateResponse(
        request,
        "forums/moderation/hide.html",
        {
            "post": post,
            "thread": post.thread,
            "forum": post.thread.forum,
            "author": presenter.author(post.author),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def post_unhide(request, pk: int):
    selectors.readable_post(request.user, pk)
    if redirect := _signed_in(request):
        return redirect
    post = _moderated_post(request, pk)
    services.post_unhide(actor=request.user, post=post)
    messages.success(request, _("The post is shown again."))
    return HttpResponseRedirect(post.get_absolute_url())


def post_flag(request, pk: int):
    post = selectors.readable_post(request.user, pk)
    if redirect := _signed_in(request):
        return redirect
    form = FlagForm(request.POST or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_create(
                reporter=request.user,
                post=post,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except ForumError as error:
            form.add_error(None, error.message)
            refused = error
        else:
            messages.success(request, _("Thank you: the moderators will look at this post."))
            return HttpResponseRedirect(post.get_absolute_url())
    presenter = ThreadPresenter(post.thread, request.user)
    response = TemplateResponse(
        request,
        "forums/moderation/flag.html",
        {
            "post": post,
            "thread": post.thread,
            "forum": post.thread.forum,
            "author": presenter.author(post.author),
            "form": form,
        },
        status=refusal_status(refused) if refused else 400 if form.errors else 200,
    )
    return with_retry_after(response, refused)


def flags(request):
    """The open flags of every forum the person moderates."""
    if redirect := _signed_in(request):
        return redirect
    if not Forum.objects.moderated_by(request.user).exists():
        raise PermissionDenied
    page = paginate(request, flag_queue(request.user), 25)
    context = {"flags_page": page, "items": _flag_items(page.object_list, request.user)}
    context.update(pagination_context(page, request))
    return TemplateResponse(request, "forums/moderation/flags.html", context)


def _flag_items(flag_list, user) -> list[dict]:
    presenters: dict[int, ThreadPresenter] = {}
    chatham_memo: dict = {}
    items = []
    for flag in flag_list:
        post = flag.post
        thread = post.thread
        presenter = presenters.setdefault(thread.pk, ThreadPresenter(thread, user, chatham_memo))
        items.append(
            {
                "flag": flag,
                "post": post,
                "thread": thread,
                "author": presenter.author(post.author),
                "reporter": presenter.author(flag.reporter),
                "body_html": presenter.body_html(
                    post.body_html, {mention.user_id: mention.user for mention in post.mentions.all()}
                ),
            }
        )
    return items


@require_POST
def flag_resolve(request, pk: int):
    if redirect := _signed_in(request):
        return redirect
    flag = get_object_or_404(Flag.objects.select_related("post__thread__forum__group"), pk=pk)
    forum_access = access.forum_access(request.user, flag.post.thread.forum)
    if not forum_access.read:
        raise Http404
    if not forum_access.moderate:
        raise PermissionDenied
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.flag_resolve(
                moderator=request.user,
                flag=flag,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            )
        except ForumError as error:
            messages.error(request, error.message)
        else:
            if form.cleaned_data["outcome"] == FlagOutcome.HIDDEN:
                messages.success(request, _("The post is hidden and its flags are resolved."))
            else:
                messages.success(request, _("The flag is dismissed."))
    else:
        messages.error(request, _("Choose whether to hide the post or dismiss the flag."))
    return HttpResponseRedirect(reverse("forums:flags"))


def forum_log(request, slug: str):
    forum, forum_access = selectors.readable_forum(request.user, slug)
    if redirect := _signed_in(request):
        return redirect
    if not forum_access.moderate:
        raise PermissionDenied
    page = paginate(request, moderation_log(forum), 50)
    context = {"forum": forum, "entries": page, "rows": _log_rows(page.object_list, request.user)}
    context.update(pagination_context(page, request))
    return TemplateResponse(request, "forums/moderation/log.html", context)


def _log_rows(entries, user) -> list[dict]:
    rows = []
    chatham_memo: dict = {}
    for entry in entries:
        # Moderators see names in every thread they moderate; the presenter still decides, per thread.
        presenter = ThreadPresenter(entry.thread, user, chatham_memo) if entry.thread_id else None
        actor = presenter.author(entry.actor) if presenter else None
        rows.append({"entry": entry, "actor": actor})
    return rows
