"""How the OpenAPI description reads the pages' FilterSets.

A facet such as `?party=<slug>` or `?step=<number>` is a ModelChoiceFilter whose value is a key of another
model (its `to_field_name`, else its primary key), filtered by a method of the FilterSet. drf-spectacular
looks for that name on the listed model, finds nothing and falls back to a string with a warning (which
`check --deploy` reports). Here the key field of the choice's own model describes the parameter instead.
"""

from django_filters import filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter


class PageFilterSetExtension(DjangoFilterExtension):
    target_class = "api.base.AnonymousFilterBackend"
    priority = 1

    def _get_model_field(self, filter_field, model):
        choice_model = getattr(filter_field.queryset, "model", None)
        if (
            isinstance(filter_field, (filters.ModelChoiceFilter, filters.ModelMultipleChoiceFilter))
            and choice_model is not None
        ):
            to_field_name = filter_field.extra.get("to_field_name")
            key = choice_model._meta.get_field(to_field_name) if to_field_name else choice_model._meta.pk
            while key.is_relation:  # a page's key is its link to wagtailcore.Page
                key = key.target_field
            return key
        return super()._get_model_field(filter_field, model)

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        declared_choices = filter_field.extra.get("choices")
        choices_filled_per_request = (
            isinstance(filter_field, filters.ChoiceFilter)
            and not isinstance(filter_field, filters.ModelChoiceFilter)
            and (not declared_choices or callable(declared_choices))
        )
        if not choices_filled_per_request:
            return super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        return [
            build_parameter_type(
                name=field_name,
                required=filter_field.extra["required"],
                location=OpenApiParameter.QUERY,
                description=self._get_field_description(filter_field, None),
                schema=build_basic_type(OpenApiTypes.STR),
            )
        ]
