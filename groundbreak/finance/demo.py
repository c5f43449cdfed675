"""The demo's financing (演示融资): 玉溪市's 51 special-bond declarations for 2020, all declared
by 18 March and spread across the counties; seven of them lack a document of the checklist and
went out on the city's override with its reason. Twelve were approved on 31 March, eight of
them issued on 2 April with the money received; three projects still hold bond money received
in 2019 none of which is paid out (unused past the six-month window on the evaluation date) and one project paid out
more than it reports done."""

from datetime import date, timedelta
from decimal import Decimal

from groundbreak.accounts.models import User
from groundbreak.finance import services
from groundbreak.finance.models import Channel, Declaration
from groundbreak.projects.choices import STARTED_STAGES, ProjectField
from groundbreak.projects.models import Project
from groundbreak.reporting.models import MonthlyReport
from groundbreak.reporting.selectors import HANDED_IN

YEAR = 2020
BATCH = "2020年第一批新增专项债券"
COUNT = 51
FIRST_DAY, LAST_DAY = date(2020, 3, 2), date(2020, 3, 18)
HUNDRED = Decimal(100)
PDF = b"%PDF-1.4\n% demo document\n"


def present():
    return Declaration.objects.filter(year=YEAR, batch=BATCH).exists()


def _chosen():
    """51 public projects with a code, round the counties in turn, largest first."""
    by_region = {}
    candidates = (
        Project.objects.exclude(code="")
        .filter(field__in=[ProjectField.INFRASTRUCTURE, ProjectField.SOCIAL])
        .order_by("region__sort_order", "-total_investment", "pk")
    )
    for project in candidates:
        by_region.setdefault(project.region_id, []).append(project)
    chosen, queues = [], list(by_region.values())
    while len(chosen) < COUNT and any(queues):
        for queue in queues:
            if queue and len(chosen) < COUNT:
                chosen.append(queue.pop(0))
    return chosen


def build(demo):
    city = User.objects.get(username="city")
    bond = Channel.objects.get(code="special_bond")
    required = list(bond.required_documents.all())
    chosen = _chosen()
    declarations = []
    for index, project in enumerate(chosen):
        lacking = index % 7 == 3  # 7 of 51
        held = required[: -(1 + index % 2)] if lacking else required
        for kind in held:
            services.upload_document(project, kind, by=city, content=PDF, name=f"{kind.name}.pdf")
        asked = max(
            (project.total_investment * Decimal("0.3") / HUNDRED).quantize(1) * HUNDRED, HUNDRED
        )
        declaration = services.create_declaration(project, bond, by=city, year=YEAR, batch=BATCH,
                                                  amount_asked=asked)  # fmt: skip
        day = FIRST_DAY + timedelta(days=index * (LAST_DAY - FIRST_DAY).days // (COUNT - 1))
        reason = "项目前期已基本成熟，承诺3月底前补齐要件" if lacking else ""
        declarations.append(
            services.declare(declaration, by=city, declared_on=day, override_reason=reason)
        )
    ready = [d for d in declarations if not d.override_reason]
    for index, declaration in enumerate(ready[:12]):
        approved = (declaration.amount_asked * Decimal("0.8")).quantize(1)
        if index < 8:
            services.record_outcome(declaration, by=city, status="issued", amount_approved=approved,
                                    amount_issued=approved, decided_on=date(2020, 3, 31),
                                    issued_on=date(2020, 4, 2))  # fmt: skip
            services.record_movement(declaration.project, by=city, kind="received",
                                     date=date(2020, 4, 2), amount=approved, channel=bond)  # fmt: skip
        else:
            services.record_outcome(declaration, by=city, status="approved", amount_approved=approved,
                                    decided_on=date(2020, 3, 31))  # fmt: skip
    # 2019 bond money of three projects not yet paid out: unused past six months by April.
    for index, declaration in enumerate(ready[12:15]):
        services.record_movement(declaration.project, by=city, kind="received",
                                 date=date(2019, 8, 20 + index), amount=Decimal(2000 + 500 * index),
                                 channel=bond, note="2019年专项债券")  # fmt: skip
    # A building project paying out ahead of what it reports done.
    report = (
        MonthlyReport.objects.filter(status__in=HANDED_IN, period__year=YEAR,
                                     project__stage__in=STARTED_STAGES, completed_total__gt=0)
        .order_by("-completed_total", "pk").select_related("project").first()
    )  # fmt: skip
    if report is not None:
        services.record_movement(report.project, by=city, kind="paid", date=date(2020, 3, 25),
                                 amount=(report.completed_total * Decimal("1.5")).quantize(1))  # fmt: skip
    lacking = sum(1 for d in declarations if d.override_reason)
    demo.say(
        f"Finance: {len(declarations)} special-bond declarations by {LAST_DAY}, {lacking} lacking documents"
    )
    return {"counts": {"declarations": len(declarations)}, "declarations_lacking": lacking}
