"""Reading: the forums a person may see, a forum's threads, a thread's posts, a post's permalink and (for
moderators) a post's edit history. Anything the reader may not see answers 404."""

import uuid

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from cms.pagination import pagination_context
from forums import access, selectors
from forums.forms import PostForm
from forums.models import Post
from forums.notifications.pages import forum_page_extras, thread_page_extras
from forums.presenters import ThreadPresenter


def forum_list(request):
    forums = list(selectors.forums_for_user(request.user))
    return TemplateResponse(request, "forums/forum_list.html", {"forums": forums})


def forum_detail(request, slug: str):
    forum, forum_access = selectors.readable_forum(request.user, slug)
    context = selectors.forum_page_context(forum, forum_access, request)
    context.update(pagination_context(context["threads"], request))
    context.update(forum_page_extras(request, forum, context["rows"]))
    return TemplateResponse(request, "forums/forum_detail.html", context)


def thread_detail(request, pk: int, slug: str = ""):
    thread, forum_access = selectors.readable_thread(request.user, pk)
    if slug != thread.slug:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return HttpResponseRedirect(thread.get_absolute_url() + query)
    context = selectors.thread_page_context(thread, forum_access, request)
    context.update(pagination_context(context["posts_page"], request))
    context.update(thread_page_extras(request, thread, context["posts"]))
    if context["posting_refusal"] is None:
        context["form"] = PostForm(initial={"client_id": uuid.uuid4().hex})
    return TemplateResponse(request, "forums/thread_detail.html", context)


def post_permalink(request, pk: int):
    post = selectors.readable_post(request.user, pk)
    page = selectors.page_number_of(post)
    query = f"?page={page}" if page > 1 else ""
    return HttpResponseRedirect(f"{post.thread.get_absolute_url()}{query}#post-{post.sequence}")


def post_history(request, pk: int):
    """The earlier versions of a post, for those who moderate its thread."""
    post = selectors.readable_post(request.user, pk)
    thread = post.thread
    if not access.can_moderate_thread(request.user, thread):
        raise Http404
    revisions = list(
        get_object_or_404(Post, pk=post.pk).revisions.select_related("editor__profile__organisation")
    )
    presenter = ThreadPresenter(thread, request.user)
    return TemplateResponse(
        request,
        "forums/post_history.html",
        {
            "thread": thread,
            "forum": thread.forum,
            "post": post,
            "author": presenter.author(post.author),
            "revisions": [(revision, presenter.author(revision.editor)) for revision in revisions],
        },
    )
