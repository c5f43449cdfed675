"""Panels on the project page (项目页面板) from the apps above projects: an app registers a
template and a context function in its ``AppConfig.ready()``; the page shows each panel the
function gives a context for (None hides it)."""

_PANELS = []


def register_panel(template_name, *, context, order=100):
    """``context(project, user)`` returns the panel's template context, or None to hide it."""
    _PANELS[:] = [p for p in _PANELS if p[1] != template_name]
    _PANELS.append((order, template_name, context))
    _PANELS.sort(key=lambda p: (p[0], p[1]))


def panels_for(project, user):
    """[(template_name, context)] of the panels shown for ``project`` to ``user``, in order."""
    shown = []
    for _order, template_name, context in _PANELS:
        values = context(project, user)
        if values is not None:
            shown.append((template_name, {"project": project, **values}))
    return shown
