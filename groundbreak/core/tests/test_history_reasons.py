"""Stored history reasons are read in the reader's language, a correction's included."""

from django.utils import translation

from groundbreak.core.history import _reason


def test_a_corrections_reason_reads_in_the_readers_language():
    stored = "Corrected: Import #3 红塔区3月.xlsx"
    with translation.override("en"):
        assert _reason(stored) == "Corrected: Import #3 红塔区3月.xlsx"
    with translation.override("zh-hans"):
        shown = _reason(stored)
    assert shown.startswith("更正：") and "#3 红塔区3月.xlsx" in shown and "Import" not in shown


def test_a_typed_reason_is_kept_as_typed():
    with translation.override("en"):
        assert _reason("Corrected: 经核实按形象进度更正") == "Corrected: 经核实按形象进度更正"
