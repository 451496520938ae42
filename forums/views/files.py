"""Attachments and the mention autocomplete: both answer only to people who may read the thread."""

import mimetypes

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from cms import uploads
from forums import access, selectors
from forums.mentions import mention_suggestions
from forums.models import Attachment

INLINE_VIEWER_POLICY = (
    "default-src 'none'; img-src 'self'; object-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'"
)


def attachment(request, pk: int, filename: str):
    """Serve an attachment to a reader of its thread (a hidden post's only to moderators); else 404.
    PDFs and images whose content was checked at upload open in the browser; anything else downloads."""
    item = get_object_or_404(Attachment.objects.select_related("post__thread__forum__group"), pk=pk)
    post = item.post
    forum_access = access.forum_access(request.user, post.thread.forum)
    if not forum_access.read or filename != item.filename or post.is_deleted:
        raise Http404
    if post.hidden and not forum_access.moderate:
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = mimetypes.guess_type(item.filename)[0] or "application/octet-stream"
    inline = uploads.disposition_type(content_type) == "inline" and item.content_type == content_type
    response = FileResponse(
        handle, as_attachment=not inline, filename=item.filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # A download runs nowhere; a PDF or image shown in the tab may use only the browser's own viewer
    # (Chrome's PDF viewer is an <embed> with inline styles, and refuses to run in a sandbox).
    response["Content-Security-Policy"] = INLINE_VIEWER_POLICY if inline else "default-src 'none'; sandbox"
    return response


@require_GET
def mention_autocomplete(request, pk: int):
    """Names the signed-in person may mention in this thread that match ?q= (JSON)."""
    thread, _forum_access = selectors.readable_thread(request.user, pk)
    if not request.user.is_authenticated or access.thread_posting_refusal(request.user, thread):
        raise Http404
    results = mention_suggestions(thread, request.user, request.GET.get("q", ""))
    return JsonResponse({"results": results}, headers={"Cache-Control": "private, no-store"})
