"""Commitments in the Wagtail admin (the secretariat's "Commitments" menu): commitments with inline
indicators, progress updates with inline values, and the OECD steps and SDG targets they are tagged with.

Published content keeps its history: a published commitment or update (and a commitment with published
updates) cannot be deleted from the admin; withdraw it instead. Moving a submitted one to published or
returned is the secretariat's decision and goes through the same services as the review page.
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, DateColumn, UserColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet

from commitments import links
from commitments.filters import CommitmentAdminFilterSet, ProgressUpdateAdminFilterSet
from commitments.models import Commitment, DueDiligenceStep, ProgressUpdate, SdgTarget
from commitments.models.choices import WorkflowState
from commitments.services import commitments
from commitments.services import updates as commitment_updates
from working_groups.services.errors import MembershipError

DECISIONS = (WorkflowState.PUBLISHED, WorkflowState.RETURNED)


def keeps_history(instance) -> bool:
    """Whether deleting this would erase published content."""
    if instance.workflow_state == WorkflowState.PUBLISHED:
        return True
    if isinstance(instance, Commitment):
        return instance.updates.exists()
    return False


class PublishedContentPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" and keeps_history(instance):
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        if set(actions) == {"delete"}:
            instances = instances.exclude(workflow_state=WorkflowState.PUBLISHED)
            if self.model is Commitment:
                instances = instances.filter(updates__isnull=True)
        return instances


register_permission_policy(Commitment, PublishedContentPolicy(Commitment))
register_permission_policy(ProgressUpdate, PublishedContentPolicy(ProgressUpdate))


class KeepHistoryDeleteView(DeleteView):
    """The admin's delete view refuses published content (the bulk action asks the policy above)."""

    def dispatch(self, request, *args, **kwargs):
        if keeps_history(self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReviewDecisionEditView(EditView):
    """An edit that moves a submitted commitment or update to published or returned is a review decision.

    The form's other changes are saved with the item still submitted; then the review service takes the
    decision, exactly as on the review page: it checks that the editor is the secretariat and that a return
    has a comment, publishes (applying an update's proposed status) and e-mails the author. If the service
    refuses, nothing is saved and the form shows why.
    """

    def decision(self) -> str | None:
        if self.form.initial.get("workflow_state") != WorkflowState.SUBMITTED:
            return None
        state = self.form.cleaned_data.get("workflow_state")
        return state if state in DECISIONS else None

    def decide(self, instance, decision: str, comment: str):
        """Take the decision with the review page's service and the same links in the e-mail."""
        actor, mine = self.request.user, reverse("commitment_mine")
        if isinstance(instance, ProgressUpdate):
            if decision == WorkflowState.PUBLISHED:
                url = links.commitment_url(instance.commitment, links.register_page())
                return commitment_updates.update_approve(actor=actor, update=instance, url=url)
            return commitment_updates.update_return(actor=actor, update=instance, comment=comment, url=mine)
        if decision == WorkflowState.PUBLISHED:
            url = links.commitment_url(instance, links.register_page())
            return commitments.commitment_approve(actor=actor, commitment=instance, url=url)
        return commitments.commitment_return(actor=actor, commitment=instance, comment=comment, url=mine)

    def save_instance(self):
        decision = self.decision()
        if decision is None:
            return super().save_instance()
        comment = self.form.instance.review_comment
        self.form.instance.workflow_state = WorkflowState.SUBMITTED
        instance = super().save_instance()
        return self.decide(instance, decision, comment)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except MembershipError as error:
            form.add_error(None, error.message)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class CommitmentViewSet(SnippetViewSet):
    model = Commitment
    icon = "tasks"
    menu_label = _("Commitments")
    inspect_view_enabled = True
    list_display = [
        "title",
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("workflow_state", label=_("Workflow"), accessor="get_workflow_state_display"),
        Column("visibility", label=_("Visibility"), accessor="get_visibility_display"),
        DateColumn("target_date", label=_("Target date")),
        DateColumn("updated_at", label=_("Updated")),
    ]
    list_export = ["title", "status", "workflow_state", "visibility", "start_date", "target_date", "progress"]
    filterset_class = CommitmentAdminFilterSet
    edit_view_class = ReviewDecisionEditView
    delete_view_class = KeepHistoryDeleteView
    search_fields = ["title", "description"]
    ordering = ["-updated_at"]


class ProgressUpdateViewSet(SnippetViewSet):
    model = ProgressUpdate
    icon = "date"
    menu_label = _("Progress updates")
    inspect_view_enabled = True
    list_display = [
        Column("commitment", label=_("Commitment")),
        DateColumn("reported_on", label=_("Date")),
        Column("workflow_state", label=_("Workflow"), accessor="get_workflow_state_display"),
        UserColumn("author", label=_("Author")),
    ]
    filterset_class = ProgressUpdateAdminFilterSet
    edit_view_class = ReviewDecisionEditView
    delete_view_class = KeepHistoryDeleteView
    ordering = ["-reported_on"]

    def get_queryset(self, request):
        return ProgressUpdate.objects.select_related("commitment", "author__wagtail_userprofile")


class DueDiligenceStepViewSet(SnippetViewSet):
    model = DueDiligenceStep
    icon = "list-ol"
    menu_label = _("OECD steps")
    list_display = ["number", "name"]


class SdgTargetViewSet(SnippetViewSet):
    model = SdgTarget
    icon = "globe"
    menu_label = _("SDG targets")
    list_display = ["code", "title"]
    search_fields = ["code", "title"]


COMMITMENT_VIEWSETS = (CommitmentViewSet, ProgressUpdateViewSet, DueDiligenceStepViewSet, SdgTargetViewSet)
