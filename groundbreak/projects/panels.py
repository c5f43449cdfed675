"""Panels higher apps add to the project page (项目页面板): the project app knows none of them.

An app registers a ``ProjectPanel`` in its ``AppConfig.ready()``: a template, and a function
``context(request, project)`` giving what the template reads as ``panel`` (None: not shown).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ProjectPanel:
    name: str
    template: str
    context: Callable


_panels: dict[str, ProjectPanel] = {}


def register(panel: ProjectPanel):
    _panels[panel.name] = panel
    return panel


def panels_for(request, project):
    """(template, context) of each registered panel that shows for this request."""
    shown = []
    for panel in _panels.values():
        context = panel.context(request, project)
        if context is not None:
            shown.append((panel.template, context))
    return shown
