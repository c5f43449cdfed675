"""The demo's appraisals (演示项目评估): ex-ante appraisals of projects in preparation, a
mid-term evaluation of a project under construction, and an ex-post evaluation of a finished
one, scored on the default scorecards by the city and the department in charge."""

from datetime import date

from groundbreak.accounts.models import User
from groundbreak.appraisal import services
from groundbreak.appraisal.choices import AppraisalKind, Conclusion, ensure_default_criteria
from groundbreak.appraisal.models import Appraisal, Criterion
from groundbreak.projects.choices import STARTED_STAGES, Stage
from groundbreak.projects.models import Project

# (kind, stages to pick from, scores in the scorecard's order, conclusion, date, comment)
PLAN = [
    (AppraisalKind.EX_ANTE, [Stage.PRELIMINARY], [90, 82, 78, 85, 70], Conclusion.PASSED,
     date(2020, 3, 5), "要素保障基本落实，建议加快用地报批。"),
    (AppraisalKind.EX_ANTE, [Stage.PRELIMINARY], [75, 60, 65, 70, None], Conclusion.CONDITIONAL,
     date(2020, 3, 12), "资金来源尚不明确，风险评估待补充。"),
    (AppraisalKind.MID_TERM, list(STARTED_STAGES), [88, 80, 72, 76, 90], Conclusion.PASSED,
     date(2020, 4, 2), "投资计划执行较好，资金到位偏慢。"),
    (AppraisalKind.EX_POST, [Stage.COMPLETED, *STARTED_STAGES], [92, 85, 80, 88, 86],
     Conclusion.EXCELLENT, date(2020, 4, 8), "建设目标全面实现。"),
]  # fmt: skip


def present():
    return Appraisal.objects.exists()


def build(demo):
    ensure_default_criteria(Criterion)
    city = User.objects.get(username="city")
    dept = User.objects.get(username="dept")
    used = set()
    for kind, stages, scores, conclusion, on, comment in PLAN:
        # The department's own projects first, so that its account shows one it recorded.
        candidates = Project.objects.filter(stage__in=stages).exclude(pk__in=used)
        own = candidates.filter(department_in_charge=dept.department_id).order_by("pk").first()
        project = own if own is not None and kind == AppraisalKind.MID_TERM else None
        by = dept if project is not None else city
        project = project or candidates.order_by("pk").first()
        if project is None:
            continue
        used.add(project.pk)
        criteria = list(Criterion.objects.filter(kind=kind, active=True))
        services.record_appraisal(
            project, by=by, kind=kind, date=on, conclusion=conclusion, comment=comment,
            appraiser="市发改委评估组" if by == city else str(dept.department),
            scores={c.pk: s for c, s in zip(criteria, scores, strict=False)},
        )  # fmt: skip
    demo.say(f"Appraisals: {len(used)} projects appraised.")
    return {"counts": {"appraisals": len(used)}}
