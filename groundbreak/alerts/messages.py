"""A warning's sentence (为什么亮灯), kept as its message id and parameters and read in the
reader's language: "1-3月完成 1,200万元，为年度计划 10,000万元 的 12.0%，低于时间进度 25.0% 共 13.0
个百分点（≥10 黄）". The level in the parameters is kept as its number and named when read."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from groundbreak.alerts.choices import Level

ITEMS = {"problem": _("problem"), "measure": _("measure"), "target": _("target milestone")}


def render(stored):
    if not stored or "id" not in stored:
        return ""
    params = dict(stored.get("params") or {})
    if params.get("item") in ITEMS:
        params["item"] = str(ITEMS[params["item"]])
    if "level" in params:
        params["level"] = str(Level(int(params["level"])).label)
    try:
        return gettext(stored["id"]) % params
    except (KeyError, TypeError, ValueError):
        return stored["id"]
