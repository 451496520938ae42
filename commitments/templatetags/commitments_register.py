"""`{% commitment_item commitment url %}`: a commitment in the register's list, as
commitments/includes/commitment_item.html writes it (commitments.item_markup)."""

from django import template

from commitments import item_markup

register = template.Library()


@register.simple_tag(takes_context=True)
def commitment_item(context, commitment, url):
    return item_markup.commitment_item(context, commitment, url)
