from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def person(user):
    """A user as the header shows them: the person's name, with the login on hover."""
    if user is None or user == "":
        return ""
    username = user.get_username()
    return format_html(
        '<span class="person" title="{}">{}</span>', username, user.get_full_name() or username
    )
