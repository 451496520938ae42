"""Views behind the routes of WorkingGroupPage (members' area, directory, join, leave, management).

The page's serve() has already answered 404 to anyone who may not see the group; these check the finer
rights (read, member, manage) and hand every change to the services.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from working_groups import access, selectors, services
from working_groups.choices import JoinRequestStatus
from working_groups.forms.membership import JoinRequestForm
from working_groups.models import JoinRequest, WorkingGroupPage
from working_groups.services.errors import MembershipError, RateLimited


def _render(request, group: WorkingGroupPage, template: str, context: dict, status: int = 200):
    base = {"page": group, "self": group, "group": group, "access": access.group_access(request.user, group)}
    return TemplateResponse(request, f"working_groups/{template}", {**base, **context}, status=status)


def _members_only(request, group: WorkingGroupPage):
    """A visible group's members-only part: sign in first, or learn how to join (403, nothing leaks)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return _render(request, group, "members_only.html", {}, status=403)


def _back_to(group: WorkingGroupPage, route: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(group.url + route)


def _run(request, action, success_message: str) -> bool:
    """Run a service action and say how it went; a rate limit is left to the caller, which shows the
    form again with what the person wrote and answers 429."""
    try:
        action()
    except RateLimited:
        raise
    except MembershipError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, success_message)
    return True


def rate_limited(response: TemplateResponse, error: RateLimited) -> TemplateResponse:
    response.status_code = 429
    response["Retry-After"] = str(error.retry_after)
    return response


def members_area(request, group: WorkingGroupPage):
    if not access.can_read_group_content(request.user, group):
        return _members_only(request, group)
    return _render(request, group, "members_area.html", selectors.members_area_context(group, request))


def member_directory(request, group: WorkingGroupPage):
    group_access = access.group_access(request.user, group)
    if not (group_access.is_member or group_access.secretariat):
        return _members_only(request, group)
    filterset, members_page = selectors.member_directory(group, request)
    return _render(
        request,
        group,
        "member_directory.html",
        {
            "filterset": filterset,
            "members": members_page,
            **selectors.pagination_context(members_page, request),
        },
    )


@require_POST
def join(request, group: WorkingGroupPage):
    if not request.user.is_authenticated:
        return redirect_to_login(group.url)
    _run(
        request,
        lambda: services.membership_join(user=request.user, group=group),
        _("Welcome to %(group)s! You are now a member.") % {"group": group.title},
    )
    return _back_to(group)


def request_to_join(request, group: WorkingGroupPage):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = _run(
                request,
                lambda: services.join_request_create(
                    user=request.user, group=group, motivation=form.cleaned_data["motivation"]
                ),
                _("Thank you. The chairs of %(group)s have your request and will answer by e-mail.")
                % {"group": group.title},
            )
        except RateLimited as error:
            form.add_error(None, error.message)
            return rate_limited(_render(request, group, "join_request_form.html", {"form": form}), error)
        if done:
            return _back_to(group)
    return _render(request, group, "join_request_form.html", {"form": form})


@require_POST
def withdraw_request(request, group: WorkingGroupPage):
    join_request = get_object_or_404(
        JoinRequest, group=group, user_id=request.user.pk, status=JoinRequestStatus.PENDING
    )
    _run(
        request,
        lambda: services.join_request_withdraw(user=request.user, join_request=join_request),
        _("Your request has been withdrawn."),
    )
    return _back_to(group)


@require_POST
def leave(request, group: WorkingGroupPage):
    left = _run(
        request,
        lambda: services.membership_leave(user=request.user, group=group),
        _("You have left %(group)s.") % {"group": group.title},
    )
    if left and not access.can_see_group(request.user, group):
        return HttpResponseRedirect(group.get_parent().url)
    return _back_to(group)
