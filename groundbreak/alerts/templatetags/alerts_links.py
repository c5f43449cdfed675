from django import template

from groundbreak.alerts.registry import link_for

register = template.Library()


@register.filter
def act_link(warning, user):
    """``{{ warning|act_link:user }}``: the link to act on, or "" where the reader may not go."""
    return link_for(warning, user)
