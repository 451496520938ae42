"""Insights pages and their CSV exports: thin views over the access rules, the filters and the selectors."""

from __future__ import annotations

import csv

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from events.models import EventPage
from insights import access
from insights.app_settings import min_cell, rounding_base
from insights.charts import bar_chart
from insights.filters import InsightsFilter
from insights.selectors import InsightsRequest, Scope
from insights.snapshots import published_figures
from working_groups.access import is_secretariat


def _filtered(request, scope: Scope, choosable_groups=None) -> tuple[InsightsFilter, InsightsRequest | None]:
    """The bound filter set, and what to count when the filters are valid (None when they are not)."""
    events = EventPage.objects.live().filter(
        scope.q("group_id"), locale__language_code=settings.LANGUAGE_CODE
    )
    filterset = InsightsFilter(request.GET, queryset=events, groups=choosable_groups)
    if not filterset.is_valid():
        return filterset, None
    group = filterset.chosen_group if choosable_groups is not None else None
    if group is not None:
        scope = Scope((group.pk,))
    theme = filterset.form.cleaned_data.get("theme")
    kind = filterset.form.cleaned_data.get("kind") or None
    return filterset, InsightsRequest(scope, filterset.period, filterset.qs, theme, kind)


def _render(request, *, heading: str, filterset, insights: InsightsRequest | None, csv_url: str, group=None):
    period, figures = published_figures(insights) if insights else (None, [])
    query = request.GET.urlencode()
    return render(
        request,
        "insights/insights.html",
        {
            "heading": heading,
            "group": group,
            "filterset": filterset,
            "period": period,
            "requested_period": insights.period if insights else None,
            "figures": [(figure, bar_chart(figure.title, figure.table, figure.unit)) for figure in figures],
            "csv_url": f"{csv_url}?{query}" if query else csv_url,
            "min_cell": min_cell(),
            "rounding_base": rounding_base(),
        },
    )


def _csv(insights: InsightsRequest | None, name: str) -> HttpResponse:
    if insights is None:
        return HttpResponse(
            _("The filters are not valid; nothing was exported."), status=400, content_type="text/plain"
        )
    published, figures = published_figures(insights)
    if published is None:
        return HttpResponse(
            _("Figures of a period are published once it has closed; nothing was exported."),
            status=404,
            content_type="text/plain",
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"insights-{slugify(name)}-{slugify(published.key)}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([_("figure"), _("period"), _("row"), _("column"), _("value"), _("unit")])
    period = published.label
    total = _("Total")
    for figure in figures:
        table = figure.table
        for row in table.rows:
            for (_key, column), cell in zip(table.columns, row.cells, strict=True):
                writer.writerow([figure.title, period, row.label, column, cell.text, figure.unit])
            if row.total is not None:
                writer.writerow([figure.title, period, row.label, total, row.total.text, figure.unit])
        if table.column_totals is not None:
            for (_key, column), cell in zip(table.columns, table.column_totals, strict=True):
                writer.writerow([figure.title, period, total, column, cell.text, figure.unit])
            writer.writerow([figure.title, period, total, total, table.grand_total.text, figure.unit])
    return response


@require_GET
def insights_overview(request):
    """The secretariat: covenant-wide figures with a group filter. A chair: the list of their groups."""
    user = request.user
    if not access.may_see_insights(user):
        raise Http404
    if not is_secretariat(user):
        return render(
            request,
            "insights/chair_groups.html",
            {"groups": list(access.insights_groups(user))},
        )
    filterset, insights = _filtered(request, Scope(), access.insights_groups(user))
    return _render(
        request,
        heading=_("Participation insights: the whole covenant"),
        filterset=filterset,
        insights=insights,
        csv_url=request.path + "csv/",
    )


@require_GET
def insights_overview_csv(request):
    if not is_secretariat(request.user):
        raise Http404
    _filterset, insights = _filtered(request, Scope(), access.insights_groups(request.user))
    return _csv(insights, "covenant")


@require_GET
def insights_group(request, slug: str):
    group = access.require_insights_group(request.user, slug)
    filterset, insights = _filtered(request, Scope((group.pk,)))
    return _render(
        request,
        heading=_("Participation insights: %(group)s") % {"group": group.title},
        filterset=filterset,
        insights=insights,
        csv_url=request.path + "csv/",
        group=group,
    )


@require_GET
def insights_group_csv(request, slug: str):
    group = access.require_insights_group(request.user, slug)
    _filterset, insights = _filtered(request, Scope((group.pk,)))
    return _csv(insights, group.slug)
