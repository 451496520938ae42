"""`{% post_articles posts %}`: the posts of a thread page, each as forums/includes/post.html writes it
(forums.post_markup)."""

from django import template

from forums import post_markup

register = template.Library()


@register.simple_tag(takes_context=True)
def post_articles(context, posts):
    return post_markup.post_articles(context, posts)
