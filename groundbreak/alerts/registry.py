"""The kinds of warning rule (规则种类). An app registers its kinds in ``AppConfig.ready()``:

    register(RuleKind(code="investment_lag", name=_("…"), thresholds={1: 10, 2: 20, 3: 30},
                      measure=measure_lag, …))

``measure(on_date, project_ids=None, rule=None)`` is set-based: a few queries over all projects
(or only ``project_ids``), returning a ``Measurement`` per subject (a project, or a project's
item) with the measured value, the sentence's parameters and the inputs it read. The evaluator
turns values into levels with the rule's thresholds; the per-project path after a write and
the nightly run over all projects call the same ``measure``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from groundbreak.alerts.choices import Audience, Direction

DEFAULT_AUDIENCE = {
    1: [Audience.OWNER, Audience.COUNTY],
    2: [Audience.OWNER, Audience.COUNTY, Audience.DEPARTMENT],
    3: [Audience.OWNER, Audience.COUNTY, Audience.DEPARTMENT, Audience.LEADER, Audience.CITY],
}


class Measurement:
    """One subject's measured value. The sentence's ``params`` (strings; "threshold" and
    "level" added later), the ``inputs`` read (JSON-ready) and the ``link`` (where to act: a URL
    path) may be given, or made by ``describe()`` → (params, inputs, link) when first read: a
    nightly run measures every project, and only the warnings that change need their sentence.
    ``subject`` is "" for the project itself, "problem:12" for one of its items."""

    __slots__ = ("project_id", "value", "subject", "_params", "_inputs", "_link", "_describe")

    def __init__(self, project_id, value, params=None, inputs=None, subject="", link="",
                 describe=None):  # fmt: skip
        self.project_id, self.value, self.subject = project_id, value, subject
        self._params, self._inputs, self._link = params, inputs, link
        self._describe = describe

    def _described(self):
        if self._describe is not None:
            self._params, self._inputs, self._link = self._describe()
            self._describe = None

    @property
    def params(self):
        self._described()
        return self._params

    @property
    def inputs(self):
        self._described()
        return self._inputs

    @property
    def link(self):
        self._described()
        return self._link


@dataclass(frozen=True)
class RuleKind:
    code: str
    name: object  # lazy translation
    message: str  # msgid of the sentence, with %(threshold)s and %(level)s among its params
    measure: Callable
    thresholds: dict  # level → default threshold
    unit: object = ""
    direction: str = Direction.AT_LEAST
    margin: Decimal = Decimal(0)
    options: dict = field(default_factory=dict)
    audience: dict = field(default_factory=lambda: dict(DEFAULT_AUDIENCE))
    order: int = 100
    # Who may follow the warning's link (a page of a higher app some readers of the project may
    # not open); None: everyone who sees the warning.
    link_visible: Callable | None = None
    # The models ("app_label.ModelName"), besides the project itself, whose writes can change
    # the measure: after a write of one of them only the kinds that read it are evaluated (a
    # write of the project, and the nightly run, evaluate every kind). None: every write.
    reads: frozenset | None = None


_KINDS: dict[str, RuleKind] = {}


def register(rule_kind):
    _KINDS[rule_kind.code] = rule_kind
    return rule_kind


def kind(code):
    return _KINDS.get(code)


def link_for(warning, user):
    """The warning's "where to act" link for this reader, or "" where the page would refuse
    them."""
    if not warning.link:
        return ""
    found = kind(warning.rule.kind)
    if found is not None and found.link_visible is not None and not found.link_visible(user):
        return ""
    return warning.link


def kinds():
    return sorted(_KINDS.values(), key=lambda k: (k.order, k.code))
