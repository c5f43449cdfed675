"""The demo is assembled from the apps' own steps, in the order of INSTALLED_APPS, and the
import engine learns its kinds from the apps that own them."""

from groundbreak.demo.builder import demo_steps
from groundbreak.imports.models import ImportKind
from groundbreak.imports.registry import handler_for, registered


def test_each_app_contributes_its_step_in_app_order():
    labels = [label for label, _module in demo_steps()]
    assert labels[:3] == ["notifications", "projects", "reporting"]


def test_every_import_kind_is_registered_by_its_app():
    # The engine's own kinds, plus those a higher app brings (planning's summary table by county).
    assert set(ImportKind.values) <= set(registered())
    assert handler_for(ImportKind.REPORTS).options == ("period",)
    assert handler_for(ImportKind.PROJECTS).options == ("year",)
