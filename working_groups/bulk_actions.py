"""Bulk actions of the secretariat's admin listings; each item goes through the services
(rules, audit, e-mail)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from working_groups import access, services
from working_groups.models import JoinRequest
from working_groups.services.errors import MembershipError


class _JoinRequestDecision(SnippetBulkAction):
    models = [JoinRequest]
    template_name = "working_groups/admin/confirm_bulk_decision.html"

    def check_perm(self, join_request):
        return join_request.is_pending and access.can_manage_group(self.request.user, join_request.group)

    @classmethod
    def get_queryset(cls, model, object_ids):
        return list(JoinRequest.objects.select_related("group", "user").filter(pk__in=object_ids))

    def get_execution_context(self):
        return {"actor": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "decision_label": self.display_name}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return self.success_message(num_parent_objects, num_child_objects)


class ApproveJoinRequestsBulkAction(_JoinRequestDecision):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected requests")
    action_priority = 10

    @classmethod
    def execute_action(cls, objects, actor=None, **kwargs):
        done = failed = 0
        for join_request in objects:
            try:
                services.join_request_approve(actor=actor, join_request=join_request)
                done += 1
            except MembershipError:
                failed += 1
        return done, failed

    def success_message(self, done, failed):
        message = ngettext("%(count)d request approved.", "%(count)d requests approved.", done) % {
            "count": done
        }
        if failed:
            message += " " + ngettext(
                "%(count)d had already been answered.", "%(count)d had already been answered.", failed
            ) % {"count": failed}
        return message


class DeclineJoinRequestsBulkAction(_JoinRequestDecision):
    display_name = _("Decline")
    action_type = "decline"
    aria_label = _("Decline the selected requests")
    action_priority = 20
    classes = {"serious"}

    @classmethod
    def execute_action(cls, objects, actor=None, **kwargs):
        done = failed = 0
        for join_request in objects:
            try:
                services.join_request_decline(actor=actor, join_request=join_request)
                done += 1
            except MembershipError:
                failed += 1
        return done, failed

    def success_message(self, done, failed):
        return ngettext("%(count)d request declined.", "%(count)d requests declined.", done) % {"count": done}
