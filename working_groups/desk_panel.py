""" "Waiting for you" on the Wagtail admin dashboard (working_groups.desk), registered in wagtail_hooks."""

from wagtail.admin.ui.components import Component

from working_groups.desk import DeskItem, total


class DeskPanel(Component):
    name = "roundtable_desk"
    template_name = "working_groups/admin/desk_panel.html"
    order = 10  # above Wagtail's own panels: this is what the secretariat opens the admin for

    def __init__(self, items: list[DeskItem]) -> None:
        self.items = items

    def get_context_data(self, parent_context=None):
        return {"items": self.items, "total": total(self.items)}
