"""A warning's "where to act" link is offered only to a reader its page would not refuse."""

from types import SimpleNamespace

from groundbreak.alerts import registry
from groundbreak.alerts.registry import RuleKind, link_for


def test_a_link_to_a_page_the_reader_may_not_open_is_left_out(monkeypatch):
    # Registered for this test only: the engine must not meet it afterwards.
    kind = RuleKind(code="test_link_visible", name="t", message="m", measure=lambda *a: [],
                    thresholds={1: 1}, link_visible=lambda user: user.role == "city")  # fmt: skip
    monkeypatch.setitem(registry._KINDS, kind.code, kind)
    warning = SimpleNamespace(link="/planning/reserve/?year=2020",
                              rule=SimpleNamespace(kind="test_link_visible"))  # fmt: skip
    assert link_for(warning, SimpleNamespace(role="city")) == "/planning/reserve/?year=2020"
    assert link_for(warning, SimpleNamespace(role="department")) == ""
    plain = SimpleNamespace(link="/projects/1/", rule=SimpleNamespace(kind="no_such_kind"))
    assert link_for(plain, SimpleNamespace(role="owner")) == "/projects/1/"
    assert link_for(SimpleNamespace(link="", rule=None), SimpleNamespace(role="city")) == ""
