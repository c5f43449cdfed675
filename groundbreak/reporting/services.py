"""Use cases of monthly reporting: fill, submit, return, approve, lock, correct.

Every write updates the project's year summary in the same transaction. The figures an owner
submitted are the owner's: a county or the city returns them with a reason, or corrects them
with a recorded reason the owner sees in the history, never silently.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from groundbreak.accounts.models import Role
from groundbreak.core.services import check_version, save_with_history
from groundbreak.projects.models import Project
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.evidence import evidence_error, read_evidence
from groundbreak.reporting.models import (
    AttachmentKind,
    MonthlyReport,
    ProjectYearSummary,
    ReportAttachment,
    report_errors,
    reporting_projects,
)

FIGURES = ("completed_period", "completed_ytd", "completed_total", "over_plan_reason", "progress_text",
           "workers_on_site", "work_resumed", "resumed_on", "problems")  # fmt: skip
# What "无变化" carries forward from the last report: all but this period's investment.
CARRIED = ("progress_text", "workers_on_site", "problems")
EDITABLE_BY_FILLER = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _require(user, project, action):
    if user is not None and not reporting_projects(user, action).filter(pk=project.pk).exists():
        raise PermissionDenied(_("You may not do this with this project's reports."))


@transaction.atomic
def update_year_summary(project, year):
    """Rewrite the project's summary for the year from its reports (the latest period's figure).

    The summary row is locked before the reports are read, so that two writes of the same
    project's reports at once rewrite it one after the other, the second from both reports."""
    ProjectYearSummary.objects.get_or_create(project=project, year=year)
    summary = ProjectYearSummary.objects.select_for_update().get(project=project, year=year)
    latest = (
        MonthlyReport.objects.filter(project=project, period__year=year)
        .select_related("period")
        .order_by("-period__last_month")
        .first()
    )
    summary.annual_plan = project.plan_for(year)
    summary.completed_ytd = latest.completed_ytd if latest else Decimal(0)
    summary.last_period = latest.period if latest else None
    summary.time_progress = (
        latest.period.time_progress.quantize(Decimal("0.0001")) if latest else Decimal(0)
    )
    summary.completion_rate = _completion_rate(summary)
    summary.save()
    return summary


def _completion_rate(summary):
    if not summary.annual_plan:
        return None
    return (summary.completed_ytd / summary.annual_plan).quantize(Decimal("0.0001"))


def follow_plans(sender, *, pairs, **kwargs):
    """Rewrite the plan and the completion rate of the year summaries whose year's plan was
    set or removed (``projects.signals.plans_changed``), in the same transaction: a 2021 plan
    changes the 2021 summary and never the 2020 one."""
    from groundbreak.projects.models import AnnualPlan

    by_year = {}
    for project_id, year in pairs:
        by_year.setdefault(year, set()).add(project_id)
    for year, project_ids in by_year.items():
        ids = sorted(project_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            summaries = list(ProjectYearSummary.objects.filter(year=year, project_id__in=chunk))
            if not summaries:
                continue
            plans = dict(
                AnnualPlan.objects.filter(year=year, project_id__in=chunk).values_list(
                    "project_id", "amount"
                )
            )
            for summary in summaries:
                summary.annual_plan = plans.get(summary.project_id)
                summary.completion_rate = _completion_rate(summary)
            ProjectYearSummary.objects.bulk_update(summaries, ["annual_plan", "completion_rate"])


def may_refill(user, report):
    """An owner's figures are the owner's (业主数据归业主): once an owner unit's user has filled a
    report, only that unit's users change it by filling; others return or correct it."""
    filler = report.filled_by
    if user is None or filler is None or filler.role != Role.OWNER:
        return True
    return user.role == Role.OWNER and user.owner_unit_id == filler.owner_unit_id


def previous_report(project, period):
    """The project's latest report before the period (last year's too), or None."""
    return (
        MonthlyReport.objects.filter(project=project)
        .filter(
            Q(period__year__lt=period.year)
            | Q(period__year=period.year, period__last_month__lt=period.first_month)
        )
        .select_related("period")
        .order_by("-period__year", "-period__last_month")
        .first()
    )


def prefill(project, period):
    """The figures a new report opens with: last report's text and site figures, this year's
    and since-start figures brought forward, nothing for the period's own investment."""
    last = previous_report(project, period)
    if last is None:
        return {}
    same_year = last.period.year == period.year
    return {
        **{name: getattr(last, name) for name in CARRIED},
        "completed_period": None,
        "completed_ytd": last.completed_ytd if same_year else Decimal(0),
        "completed_total": last.completed_total,
        "base_ytd": last.completed_ytd if same_year else Decimal(0),
        "base_total": last.completed_total,
        "from_period": last.period,
    }


def _locked_report(project, period):
    """The project's report for the period, its row locked, or None. Only the report's row:
    without order_by() the models' default ordering joins the period, project and region rows
    and FOR UPDATE would lock them too, which deadlocks with other reports' inserts (their
    foreign-key checks take FOR KEY SHARE on the same rows at commit)."""
    return (
        MonthlyReport.objects.select_for_update(of=("self",))
        .filter(project=project, period=period)
        .order_by()
        .first()
    )


@transaction.atomic
def save_report(project, period, *, by, version=None, reason=None, **figures):
    """Create or change a draft (or returned) report; the filler is recorded, and ``reason``
    (an import, say) in the history."""
    _require(by, project, "fill")
    report = _locked_report(project, period)
    if report is None:
        # Two fillers creating the same report at once: the second waits for the first here,
        # then finds its report (and is asked for the version) instead of a duplicate-key error.
        list(
            Project.objects.select_for_update(no_key=True)
            .filter(pk=project.pk)
            .order_by()
            .values_list("pk", flat=True)
        )
        report = _locked_report(project, period)
    if report is None:
        report = MonthlyReport(project=project, period=period)
    else:
        check_version(report, version)
        if report.status not in EDITABLE_BY_FILLER:
            raise ValidationError(
                _("This report is %(status)s: it changes only through a correction with a reason.")
                % {"status": report.get_status_display()}
            )
        if not may_refill(by, report):
            raise PermissionDenied(
                _(
                    "These figures were filled by the owner %(owner)s: return the report to them, or correct it with a reason once it is handed in."
                )
                % {"owner": report.project.owner_unit}
            )
    for name, value in figures.items():
        if name not in FIGURES:
            raise ValidationError(_("%(field)s is not a figure of the report.") % {"field": name})
        setattr(report, name, value)
    report.filled_by = by
    save_with_history(report, by=by, reason=reason or gettext_noop("Filled in"))
    update_year_summary(project, period.year)
    return report


def _transition(report, *, by, version, allowed_from, to, action, reason_text, note="",
                require_evidence=False):  # fmt: skip
    # of=("self",): lock the report only, not its project and period rows, which every other
    # report's insert checks (FOR KEY SHARE) at commit: locking them too deadlocks on PostgreSQL.
    report = (
        MonthlyReport.objects.select_for_update(of=("self",))
        .select_related("project", "period")
        .get(pk=report.pk)
    )
    _require(by, report.project, action)
    check_version(report, version)
    if require_evidence and (message := evidence_error(report)):
        raise ValidationError({"attachments": message})
    if report.status not in allowed_from:
        raise ValidationError(
            _("A report that is %(status)s cannot be %(action)s.")
            % {"status": report.get_status_display(), "action": ReportStatus(to).label}
        )
    report.status = to
    if to == ReportStatus.SUBMITTED:
        # Handed in, the figures are checked once more against the reports around them.
        if errors := report_errors(report):
            raise ValidationError(errors)
        report.submitted_at = timezone.now()
    else:
        report.reviewed_by, report.reviewed_at, report.review_note = by, timezone.now(), note
    # Only the status and who/when change here, and the year summary reads figures only: the
    # whole-model validation and the summary were done by the write that set the figures.
    save_with_history(report, by=by, reason=reason_text, validate=False)
    return report


@transaction.atomic
def submit_report(report, *, by, version, require_evidence=True):
    """Hand the report in for review. Above the evidence threshold it needs an attachment
    (an import of a county's table is checked at approval instead)."""
    return _transition(report, by=by, version=version, allowed_from=EDITABLE_BY_FILLER,
                       to=ReportStatus.SUBMITTED, action="fill", reason_text=gettext_noop("Submitted"),
                       require_evidence=require_evidence)  # fmt: skip


@transaction.atomic
def report_no_change(project, period, *, by, version=None):
    """ "无变化" in one tap: the last report carried forward with nothing completed in the
    period, submitted at once."""
    last = previous_report(project, period)
    if last is None:
        raise ValidationError(_("There is no earlier report to carry forward: fill this one in."))
    figures = prefill(project, period)
    report = save_report(
        project,
        period,
        by=by,
        version=version,
        completed_period=Decimal(0),
        completed_ytd=figures["base_ytd"],
        completed_total=figures["base_total"],
        work_resumed=False,
        resumed_on=None,
        over_plan_reason=last.over_plan_reason,
        **{name: figures[name] for name in CARRIED},
    )
    return submit_report(report, by=by, version=report.version)


def attach_evidence(report, *, by, kind, content, name):
    """Keep a photo or voucher with a report the user may fill, until it is approved (a county
    that imported its table adds the vouchers to the submitted reports before approving).

    The file is checked, decoded and re-encoded before the transaction, which only writes (the
    database's write lock is not held while a large photo is decoded); the report's scope and
    status are checked before and again inside it."""
    from django.core.files.base import ContentFile

    def check(report):
        _require(by, report.project, "fill")
        if report.status not in (*EDITABLE_BY_FILLER, ReportStatus.SUBMITTED):
            raise ValidationError(
                _("This report is %(status)s: evidence is added before it is approved.")
                % {"status": report.get_status_display()}
            )

    check(MonthlyReport.objects.select_related("project").get(pk=report.pk))
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": _("Choose a site photo or a voucher.")})
    evidence = read_evidence(content, kind, name)
    with transaction.atomic():
        report = (
            MonthlyReport.objects.select_for_update(of=("self",))
            .select_related("project")
            .get(pk=report.pk)
        )
        check(report)
        attachment = ReportAttachment(
            report=report,
            kind=kind,
            original_name=(name or "upload")[:200],
            content_type=evidence.content_type,
            size=len(evidence.content),
            taken_at=evidence.taken_at,
            latitude=evidence.latitude,
            longitude=evidence.longitude,
            uploaded_by=by,
        )
        stem = f"{kind}-{timezone.now():%Y%m%d%H%M%S%f}"
        attachment.file.save(
            f"{stem}.{evidence.extension}", ContentFile(evidence.content), save=False
        )
        if evidence.thumbnail:
            attachment.thumbnail.save(
                f"{stem}-thumb.jpg", ContentFile(evidence.thumbnail), save=False
            )
        attachment.save()
    return attachment


@transaction.atomic
def return_report(report, *, by, version, reason):
    """Send a submitted report back to its filler with the reason (退回)."""
    if not (reason or "").strip():
        raise ValidationError({"review_note": _("Say why the report goes back.")})
    return _transition(report, by=by, version=version, allowed_from=(ReportStatus.SUBMITTED,),
                       to=ReportStatus.RETURNED, action="review", reason_text=gettext_noop("Returned"),
                       note=reason)  # fmt: skip


@transaction.atomic
def approve_report(report, *, by, version):
    """The county approves (审核通过): the figures stand, with the evidence they need."""
    return _transition(report, by=by, version=version, allowed_from=(ReportStatus.SUBMITTED,),
                       to=ReportStatus.APPROVED, action="review", reason_text=gettext_noop("Approved"),
                       require_evidence=True)  # fmt: skip


@transaction.atomic
def lock_report(report, *, by, version):
    """The city locks an approved report; from then on it changes only by a correction."""
    if by is not None and not (by.is_superuser or by.role == Role.CITY):
        raise PermissionDenied(_("Only city staff lock reports."))
    return _transition(report, by=by, version=version, allowed_from=(ReportStatus.APPROVED,),
                       to=ReportStatus.LOCKED, action="review", reason_text=gettext_noop("Locked"))  # fmt: skip


@transaction.atomic
def correct_report(report, *, by, version, reason, **figures):
    """Change a submitted, approved or locked report's figures with a recorded reason (更正)."""
    report = (
        MonthlyReport.objects.select_for_update(of=("self",))
        .select_related("project", "period")
        .get(pk=report.pk)
    )
    _require(by, report.project, "review")
    check_version(report, version)
    if report.status in EDITABLE_BY_FILLER:
        raise ValidationError(
            _("A draft or returned report is changed by its filler, not corrected.")
        )
    if not (reason or "").strip():
        raise ValidationError({"review_note": _("A correction needs its reason.")})
    for name, value in figures.items():
        if name not in FIGURES:
            raise ValidationError(_("%(field)s is not a figure of the report.") % {"field": name})
        setattr(report, name, value)
    save_with_history(report, by=by, reason=_("Corrected: %(reason)s") % {"reason": reason})
    update_year_summary(report.project, report.period.year)
    return report
