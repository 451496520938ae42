"""The site's URLs plus the fair minimal pages the benches compare our lists with: a thread page
(bench/fair_thread.html) and the commitment register's first page (bench/fair_register.html), each reading
the same rows with one plain query (and one count), through the same middleware and site layout."""

from functools import cache
from pathlib import Path

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

HERE = Path(__file__).resolve().parent


@cache
def _template(name: str):
    return engines["django"].from_string((HERE / name).read_text())


def fair_thread(request, pk: int):
    from forums import app_settings
    from forums.models import Post, Thread

    thread = Thread.objects.get(pk=pk)
    posts = Post.objects.filter(thread=thread).select_related("author").order_by("sequence")
    page = Paginator(posts, app_settings.posts_per_page()).get_page(request.GET.get("page"))
    context = {"thread": thread, "posts": page.object_list, "posts_page": page}
    return HttpResponse(_template("fair_thread.html").render(context, request))


def fair_register(request):
    from commitments import app_settings
    from commitments.models import Commitment

    commitments = (
        Commitment.objects.public_register().prefetch_related("parties").order_by("-updated_at", "-pk")
    )
    page = Paginator(commitments, app_settings.commitments_per_page()).get_page(request.GET.get("page"))
    context = {"page": {"title": "Commitments"}, "commitments": page, "base": "/commitments/"}
    return HttpResponse(_template("fair_register.html").render(context, request))


urlpatterns = [
    path("bench-fair/thread/<int:pk>/", fair_thread),
    path("bench-fair/register/", fair_register),
    path("", include("config.urls")),
]
