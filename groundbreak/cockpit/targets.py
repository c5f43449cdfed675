"""Where a region's yearly investment target (年度目标) comes from: a small registry, so that the
planning app (or any other source) can supply it without the cockpit knowing it. Without a
source the cockpit shows no target and no gap: missing is not wrong."""

import importlib

_SOURCES = []


def register_target_source(source):
    """``source(region, year)`` → a Decimal in 万元, or None where it has no target."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def target_for(region, year):
    for source in _SOURCES:
        value = source(region, year)
        if value is not None:
            return value
    return None


def register_planning_if_present():
    """The planning app, once installed, offers ``planning.selectors.region_target``."""
    try:
        selectors = importlib.import_module("groundbreak.planning.selectors")
    except ImportError:
        return
    source = getattr(selectors, "region_target", None)
    if source is not None:
        register_target_source(source)
