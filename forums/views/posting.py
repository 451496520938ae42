"""Writing: new threads, replies (with quotes), edits, deletions and reactions. Every change goes through
forums.services; a refused or invalid post comes back in the form with its text, so nothing is lost."""

import uuid

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forums import access, selectors, services
from forums.forms import EditForm, PostForm, ReactionForm, ThreadForm
from forums.models import Post
from forums.presenters import ThreadPresenter
from forums.services.errors import ForumError, RateLimited


def _new_client_id() -> str:
    return uuid.uuid4().hex


def refusal_status(error: ForumError) -> int:
    """429 for a rate limit (the form comes back with the person's text), 400 for any other refusal."""
    return 429 if isinstance(error, RateLimited) else 400


def with_retry_after(response, error: ForumError | None):
    if isinstance(error, RateLimited) and error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    return response


def _sign_in_first(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def thread_create(request, slug: str):
    forum, forum_access = selectors.readable_forum(request.user, slug)
    if redirect := _sign_in_first(request):
        return redirect
    if not forum_access.post:
        if forum.group_id is None:
            messages.error(request, _("Please confirm your e-mail address before you post."))
        else:
            messages.error(request, _("Only members of this working group can start threads here."))
        return HttpResponseRedirect(forum.get_absolute_url())
    form = ThreadForm(request.POST or None, request.FILES or None, initial={"client_id": _new_client_id()})
    refused = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = services.thread_create(
                author=request.user,
                forum=forum,
                title=data["title"],
                body_markdown=data["body"],
                tags=data["tags"],
                chatham_house=data["chatham_house"],
                client_id=data["client_id"],
                attachments=data["attachments"],
            )
        except ForumError as error:
            form.add_error(None, error.message)
            refused = error
        else:
            messages.success(request, _("Your thread has been started."))
            return HttpResponseRedirect(thread.get_absolute_url())
    status = refusal_status(refused) if refused else 200
    response = TemplateResponse(
        request, "forums/thread_form.html", {"forum": forum, "form": form}, status=status
    )
    return with_retry_after(response, refused)


def reply(request, pk: int):
    thread, _forum_access = selectors.readable_thread(request.user, pk)
    if redirect := _sign_in_first(request):
        return redirect
    refusal = access.thread_posting_refusal(request.user, thread)
    initial = {"client_id": _new_client_id()}
    reply_to = None
    if request.method == "GET":
        reply_to = _post_in_thread(thread, request.GET.get("reply_to") or request.GET.get("quote"))
        if reply_to is not None:
            initial["reply_to"] = reply_to.pk
        if quoted := _post_in_thread(thread, request.GET.get("quote")):
            try:
                initial["body"] = services.post_quote(user=request.user, post=quoted)
            except ForumError as error:
                messages.error(request, error.message)
    form = PostForm(request.POST or None, request.FILES or None, initial=initial)
    refused = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reply_to = _post_in_thread(thread, data["reply_to"])
        try:
            post = services.post_create(
                author=request.user,
                thread=thread,
                body_markdown=data["body"],
                reply_to=reply_to,
                client_id=data["client_id"],
                attachments=data["attachments"],
            )
        except ForumError as error:
            form.add_error(None, error.message)
            refused = error
        else:
            return HttpResponseRedirect(post.get_absolute_url())
    elif request.method == "POST" and form.data.get("reply_to"):
        reply_to = _post_in_thread(thread, form.data.get("reply_to"))
    presenter = ThreadPresenter(thread, request.user)
    if refused:
        status = refusal_status(refused)
    else:
        status = 200 if request.method == "GET" or not form.errors else 400
    response = TemplateResponse(
        request,
        "forums/reply_form.html",
        {
            "thread": thread,
            "forum": thread.forum,
            "form": form,
            "posting_refusal": refusal,
            "reply_to": reply_to,
            "reply_to_author": presenter.author(reply_to.author) if reply_to else None,
        },
        status=status,
    )
    return with_retry_after(response, refused)


def _post_in_thread(thread, post_id) -> Post | None:
    try:
        post_id = int(post_id)
    except (TypeError, ValueError):
        return None
    return (
        Post.objects.filter(thread=thread, pk=post_id, deleted_at__isnull=True)
        .select_related("author__profile__organisation")
        .first()
    )


def edit(request, pk: int):
    post = selectors.readable_post(request.user, pk)
    if redirect := _sign_in_first(request):
        return redirect
    form = EditForm(request.POST or None, initial={"body": post.body_markdown})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(editor=request.user, post=post, body_markdown=form.cleaned_data["body"])
        except ForumError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your changes have been saved."))
            return HttpResponseRedirect(post.get_absolute_url())
    return TemplateResponse(
        request,
        "forums/edit_form.html",
        {"post": post, "thread": post.thread, "forum": post.thread.forum, "form": form},
        status=200 if request.method == "GET" or not form.errors else 400,
    )


def delete(request, pk: int):
    post = selectors.readable_post(request.user, pk)
    if redirect := _sign_in_first(request):
        return redirect
    if request.method == "POST":
        try:
            services.post_delete(actor=request.user, post=post)
        except ForumError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The post has been deleted."))
        return HttpResponseRedirect(post.get_absolute_url())
    return TemplateResponse(
        request,
        "forums/delete_confirm.html",
        {"post": post, "thread": post.thread, "forum": post.thread.forum},
    )


@require_POST
def react(request, pk: int):
    post = selectors.readable_post(request.user, pk)
    if redirect := _sign_in_first(request):
        return redirect
    form = ReactionForm(request.POST)
    if form.is_valid():
        try:
            services.reaction_toggle(user=request.user, post=post, kind=form.cleaned_data["kind"])
        except ForumError as error:
            messages.error(request, error.message)
    return HttpResponseRedirect(post.get_absolute_url())
