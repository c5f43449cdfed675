from django.db import models
from django.utils.translation import gettext_lazy as _


class AppraisalKind(models.TextChoices):
    """The three appraisals across a project's life."""

    EX_ANTE = "ex_ante", _("Ex-ante appraisal")
    MID_TERM = "mid_term", _("Mid-term evaluation")
    EX_POST = "ex_post", _("Ex-post evaluation")


class Conclusion(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    PASSED = "passed", _("Passed")
    CONDITIONAL = "conditional", _("Passed with conditions")
    FAILED = "failed", _("Not passed")


# The scorecards a new install starts from (city staff change them): (name, weight).
DEFAULT_CRITERIA = {
    AppraisalKind.EX_ANTE: [
        ("项目必要性与政策符合性", 25), ("建设条件与要素保障", 25), ("投资估算与资金来源", 20),
        ("经济与社会效益预期", 20), ("风险与可行性", 10),
    ],
    AppraisalKind.MID_TERM: [
        ("投资计划执行", 30), ("工程进度与质量", 25), ("资金到位与使用", 20),
        ("问题解决与要素保障", 15), ("安全与合规", 10),
    ],
    AppraisalKind.EX_POST: [
        ("建设目标实现", 30), ("投资控制", 20), ("经济效益", 20), ("社会与生态效益", 20),
        ("可持续性", 10),
    ],
}  # fmt: skip


def ensure_default_criteria(criterion_model):
    """Create the default scorecards where a kind has no criterion yet (migration, demo)."""
    for kind, rows in DEFAULT_CRITERIA.items():
        if criterion_model.objects.filter(kind=kind).exists():
            continue
        for position, (name, weight) in enumerate(rows, start=1):
            criterion_model.objects.create(kind=kind, name=name, weight=weight, position=position)
