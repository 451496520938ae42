"""Management of a group by its chairs and the secretariat: requests, invitations, roles, history."""

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from working_groups import access, selectors, services
from working_groups.choices import Role
from working_groups.forms.membership import DecisionForm, InvitationForm, RoleForm
from working_groups.models import Invitation, JoinRequest, Membership, WorkingGroupPage
from working_groups.services.errors import RateLimited
from working_groups.services.membership import display_name
from working_groups.views.groups import _back_to, _members_only, _render, _run, rate_limited

MANAGE = "manage/"


def _may_manage(request, group: WorkingGroupPage) -> bool:
    return access.can_manage_group(request.user, group)


def manage(request, group: WorkingGroupPage, invitation_form: InvitationForm | None = None):
    if not _may_manage(request, group):
        return _members_only(request, group)
    context = selectors.group_management_context(group, request)
    context.update(selectors.pagination_context(context["members_page"], request))
    context.update(
        {
            "invitation_form": invitation_form or InvitationForm(),
            "decision_form": DecisionForm(),
            "role_form": RoleForm(),
        }
    )
    return _render(request, group, "manage.html", context, status=400 if invitation_form else 200)


def history(request, group: WorkingGroupPage):
    if not _may_manage(request, group):
        return _members_only(request, group)
    events = selectors.membership_history(group, request)
    context = {"events": events, **selectors.pagination_context(events, request)}
    return _render(request, group, "history.html", context)


@require_POST
def decide_request(request, group: WorkingGroupPage, request_id: int, decision: str):
    join_request = get_object_or_404(JoinRequest.objects.select_related("user"), pk=request_id, group=group)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    if decision == "approve":
        _run(
            request,
            lambda: services.join_request_approve(actor=request.user, join_request=join_request, note=note),
            _("Request approved: %(name)s is now a member.") % {"name": display_name(join_request.user)},
        )
    else:
        _run(
            request,
            lambda: services.join_request_decline(actor=request.user, join_request=join_request, note=note),
            _("Request declined. %(name)s has been told by e-mail.")
            % {"name": display_name(join_request.user)},
        )
    return _back_to(group, MANAGE)


@require_POST
def invite(request, group: WorkingGroupPage):
    form = InvitationForm(request.POST)
    if not form.is_valid():
        if not _may_manage(request, group):
            return _members_only(request, group)
        return manage(request, group, invitation_form=form)
    try:
        _run(
            request,
            lambda: services.invitation_create(actor=request.user, group=group, **form.cleaned_data),
            _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
    except RateLimited as error:
        messages.error(request, error.message)
        return rate_limited(manage(request, group, invitation_form=form), error)
    return _back_to(group, MANAGE)


@require_POST
def revoke_invitation(request, group: WorkingGroupPage, invitation_id: int):
    invitation = get_object_or_404(Invitation, pk=invitation_id, group=group)
    _run(
        request,
        lambda: services.invitation_revoke(actor=request.user, invitation=invitation),
        _("Invitation to %(email)s withdrawn.") % {"email": invitation.email},
    )
    return _back_to(group, MANAGE)


@require_POST
def change_role(request, group: WorkingGroupPage, membership_id: int):
    membership = get_object_or_404(
        Membership.objects.select_related("user", "group"), pk=membership_id, group=group
    )
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose chair, member or observer."))
        return _back_to(group, MANAGE)
    _run(
        request,
        lambda: services.membership_change_role(
            actor=request.user, membership=membership, role=form.cleaned_data["role"]
        ),
        _("%(name)s is now %(role)s.")
        % {"name": display_name(membership.user), "role": Role(form.cleaned_data["role"]).label},
    )
    return _back_to(group, MANAGE)


@require_POST
def remove_member(request, group: WorkingGroupPage, membership_id: int):
    membership = get_object_or_404(
        Membership.objects.select_related("user", "group"), pk=membership_id, group=group
    )
    _run(
        request,
        lambda: services.membership_remove(actor=request.user, membership=membership),
        _("%(name)s has been removed from the group.") % {"name": display_name(membership.user)},
    )
    return _back_to(group, MANAGE)
