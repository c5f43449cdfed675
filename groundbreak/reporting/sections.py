"""Sections higher apps add to the monthly report form (填报表单的附加部分).

An app registers a ``FillSection`` in its ``AppConfig.ready()``: a template, a function
``context(user, project, period, report, data)`` giving what the template reads as ``section``
(``data``: the POSTed fields, None on a GET), and ``save(report, data, *, by)``, which the fill
service calls in the report's own transaction once the report is saved: a ValidationError there
undoes the report's save too.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class FillSection:
    name: str
    template: str
    context: Callable
    save: Callable


_sections: dict[str, FillSection] = {}


def register(section: FillSection):
    _sections[section.name] = section
    return section


def registered():
    return list(_sections.values())


def render_sections(user, project, period, report, data=None):
    return [
        (s.template, s.context(user, project, period, report, data)) for s in _sections.values()
    ]


def save_sections(report, data, *, by):
    for section in _sections.values():
        section.save(report, data, by=by)
