"""Use cases of monthly reporting: fill, submit, return, approve, lock, correct.

Every write updates the project's year summary in the same transaction. The figures an owner
submitted are the owner's: a county or the city returns them with a reason, or corrects them
with a recorded reason the owner sees in the history, never silently.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from groundbreak.core.services import check_version, save_with_history
from groundbreak.projects.models import Project
from groundbreak.projects.signals import project_changed
from groundbreak.reporting import rules
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.evidence import evidence_error, read_evidence
from groundbreak.reporting.models import (
    AttachmentKind,
    MonthlyReport,
    ProjectYearSummary,
    ReportAttachment,
    report_errors,
)
from groundbreak.reporting.sections import save_sections

FIGURES = ("completed_period", "completed_ytd", "completed_total", "over_plan_reason", "progress_text",
           "workers_on_site", "work_resumed", "resumed_on", "problems")  # fmt: skip
# What "无变化" carries forward from the last report: all but this period's investment.
CARRIED = ("progress_text", "workers_on_site", "problems")
EDITABLE_BY_FILLER = rules.EDITABLE_BY_FILLER


def _check(by, report, action, version):
    """The rule first for who may act (scope, role, a lock held above), then the version (a
    stale page is told so before the state it did not show), then the rule for the state."""
    refused = rules.refusal(by, report, action)
    if refused is not None and refused.kind != rules.Kind.INVALID:
        raise refused.exception()
    check_version(report, version)
    if refused is not None:
        raise refused.exception()


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
                AnnualPlan.objects.filter(year=year, project_id__in=chunk)
                .order_by()  # the default order joins the projects and their regions
                .values_list("project_id", "amount")
            )
            for summary in summaries:
                summary.annual_plan = plans.get(summary.project_id)
                summary.completion_rate = _completion_rate(summary)
            ProjectYearSummary.objects.bulk_update(summaries, ["annual_plan", "completion_rate"])


def may_refill(user, report):
    """An owner's figures are the owner's (业主数据归业主): see ``rules``."""
    return rules._owner_figures(user, report)


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
def save_report(project, period, *, by, version=None, reason=None, section_data=None, **figures):
    """Create or change a draft (or returned) report; the filler is recorded, and ``reason``
    (an import, say) in the history. ``section_data`` (the form's POST) goes to the sections
    other apps add to the form (``reporting.sections``), in this transaction."""
    rules.check(by, None, rules.FILL, project=project)
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
        _check(by, report, rules.FILL, version)
    for name, value in figures.items():
        if name not in FIGURES:
            raise ValidationError(_("%(field)s is not a figure of the report.") % {"field": name})
        setattr(report, name, value)
    report.filled_by = by
    save_with_history(report, by=by, reason=reason or gettext_noop("Filled in"))
    update_year_summary(project, period.year)
    if section_data is not None:
        save_sections(report, section_data, by=by)
    return report


def _transition(report, *, by, version, to, action, reason_text, note="", require_evidence=False):
    # of=("self",): lock the report only, not its project and period rows, which every other
    # report's insert checks (FOR KEY SHARE) at commit: locking them too deadlocks on PostgreSQL.
    report = (
        MonthlyReport.objects.select_for_update(of=("self",))
        .select_related("project", "period")
        .get(pk=report.pk)
    )
    _check(by, report, action, version)
    if require_evidence and (message := evidence_error(report)):
        raise ValidationError({"attachments": message})
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
    project_changed.send(sender=MonthlyReport, project_ids=[report.project_id])
    return report


@transaction.atomic
def submit_report(report, *, by, version, require_evidence=True):
    """Hand the report in for review. Above the evidence threshold it needs an attachment
    (an import of a county's table is checked at approval instead)."""
    return _transition(report, by=by, version=version, to=ReportStatus.SUBMITTED, action=rules.SUBMIT, reason_text=gettext_noop("Submitted"),
                       require_evidence=require_evidence)  # fmt: skip


def _no_change_figures(project, period):
    """What "无变化" writes: the last report carried forward, nothing completed in the period."""
    last = previous_report(project, period)
    if last is None:
        raise ValidationError(_("There is no earlier report to carry forward: fill this one in."))
    figures = prefill(project, period)
    return {
        "completed_period": Decimal(0),
        "completed_ytd": figures["base_ytd"],
        "completed_total": figures["base_total"],
        "work_resumed": False,
        "resumed_on": None,
        "over_plan_reason": last.over_plan_reason,
        **{name: figures[name] for name in CARRIED},
    }


def no_change_losses(report):
    """What "无变化" would overwrite in the project's draft or returned report for the period:
    (field label, what it holds, what it would become) for each figure it holds that would
    change. Empty when nothing is lost (no report, or one that says what 无变化 says)."""
    if report is None:
        return []
    try:
        figures = _no_change_figures(report.project, report.period)
    except ValidationError:
        return []
    losses = []
    for name, value in figures.items():
        held = getattr(report, name)
        if held in (None, "", False) or held == value:
            continue
        losses.append((MonthlyReport._meta.get_field(name).verbose_name, held, value))
    return losses


def describe_losses(losses):
    return "; ".join(
        f"{label}: {display_value(held)} → {display_value(value)}" for label, held, value in losses
    )


def display_value(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


@transaction.atomic
def report_no_change(project, period, *, by, version=None, confirm=False):
    """ "无变化" in one tap: the last report carried forward with nothing completed in the
    period, submitted at once. Where it would overwrite figures the report holds (a returned
    report with the owner's figures) it is refused, saying what would change, unless the
    user has seen that and confirms."""
    report = MonthlyReport.objects.filter(project=project, period=period).first()
    if report is None:
        rules.check(by, None, rules.NO_CHANGE, project=project)
    else:
        _check(by, report, rules.NO_CHANGE, version)  # again under the row's lock by save_report
    figures = _no_change_figures(project, period)
    if (losses := no_change_losses(report)) and not confirm:
        raise ValidationError(
            _(
                "“No change” would replace what this report holds (%(changes)s): confirm it, or open the report and change what is new."
            )
            % {"changes": describe_losses(losses)}
        )
    report = save_report(project, period, by=by, version=version, **figures)
    return submit_report(report, by=by, version=report.version)


def attach_evidence(report, *, by, kind, content, name):
    """Keep a photo or voucher with a report the user may fill, until it is approved (a county
    that imported its table adds the vouchers to the submitted reports before approving).

    The file is checked, decoded and re-encoded before the transaction, which only writes (the
    database's write lock is not held while a large photo is decoded); the report's scope and
    status are checked before and again inside it."""
    from django.core.files.base import ContentFile

    def check(report):
        rules.check(by, report, rules.ATTACH)

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
def remove_evidence(attachment, *, by):
    """Take a photo or voucher off a report, until it is approved; the report's history says
    which file went and who took it off."""
    report = (
        MonthlyReport.objects.select_for_update(of=("self",))
        .select_related("project")
        .get(pk=attachment.report_id)
    )
    rules.check(by, report, rules.DETACH)
    files = [f for f in (attachment.file, attachment.thumbnail) if f]
    attachment.delete()
    for stored in files:
        transaction.on_commit(lambda stored=stored: stored.storage.delete(stored.name))
    save_with_history(report, by=by, reason=gettext_noop("Evidence removed"), bump_version=False,
                      validate=False)  # fmt: skip
    return report


@transaction.atomic
def return_report(report, *, by, version, reason):
    """Send a submitted report back to its filler with the reason (退回)."""
    if not (reason or "").strip():
        raise ValidationError({"review_note": _("Say why the report goes back.")})
    return _transition(report, by=by, version=version, to=ReportStatus.RETURNED, action=rules.RETURN, reason_text=gettext_noop("Returned"),
                       note=reason)  # fmt: skip


@transaction.atomic
def approve_report(report, *, by, version):
    """The county approves (审核通过): the figures stand, with the evidence they need."""
    return _transition(report, by=by, version=version, to=ReportStatus.APPROVED, action=rules.APPROVE, reason_text=gettext_noop("Approved"),
                       require_evidence=True)  # fmt: skip


@transaction.atomic
def lock_report(report, *, by, version):
    """The city locks an approved report; from then on it changes only by a correction."""
    return _transition(report, by=by, version=version, to=ReportStatus.LOCKED, action=rules.LOCK, reason_text=gettext_noop("Locked"))  # fmt: skip


@transaction.atomic
def correct_report(report, *, by, version, reason, **figures):
    """Change a submitted, approved or locked report's figures with a recorded reason (更正).
    A lock is corrected only by its level or one above (``rules``); a correction that changes
    no figure is refused rather than logged."""
    report = (
        MonthlyReport.objects.select_for_update(of=("self",))
        .select_related("project", "period")
        .get(pk=report.pk)
    )
    _check(by, report, rules.CORRECT, version)
    if not (reason or "").strip():
        raise ValidationError({"review_note": _("A correction needs its reason.")})
    changed = False
    for name, value in figures.items():
        if name not in FIGURES:
            raise ValidationError(_("%(field)s is not a figure of the report.") % {"field": name})
        changed = changed or getattr(report, name) != value
        setattr(report, name, value)
    if not changed:
        raise ValidationError(
            _("The correction changes nothing: every figure is as the report already has it.")
        )
    # Stored untranslated and read in the reader's language (core.history._reason).
    save_with_history(
        report, by=by, reason=gettext_noop("Corrected: %(reason)s") % {"reason": reason}
    )
    update_year_summary(report.project, report.period.year)
    project_changed.send(sender=MonthlyReport, project_ids=[report.project_id])
    return report
