"""Use cases that change projects: each takes the acting user ``by``, checks, writes and records history."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from groundbreak.accounts.models import Role
from groundbreak.core.money import format_amount
from groundbreak.core.services import check_version, save_with_history
from groundbreak.projects.choices import (
    ALLOWED_TRANSITIONS,
    STARTED_STAGES,
    UNDER_CONSTRUCTION_STAGES,
    Stage,
    WorkStatusKind,
)
from groundbreak.projects.models import (
    AnnualPlan,
    GroundbreakingBatch,
    Project,
    StageTransition,
    WorkStatusEvent,
)
from groundbreak.projects.signals import plans_changed, project_changed


def _changed(*projects):
    """Tell the warning evaluator (above) which projects this write changed, in its transaction."""
    project_changed.send(sender=Project, project_ids=[p.pk for p in projects])


def get_project_for(user, pk, action="view"):
    """Fetch a project the user may act on; out of scope is a 404 so its existence is not revealed."""
    project = Project.objects.restrict(user, "view").filter(pk=pk).first()
    if project is None:
        raise Http404(_("No such project."))
    if action != "view" and not Project.objects.restrict(user, action).filter(pk=pk).exists():
        raise PermissionDenied(_("You may look at this project but not change it."))
    return project


def can_create_projects(user):
    return bool(user and user.is_authenticated) and (
        user.is_superuser or user.role in (Role.CITY, Role.COUNTY)
    )


def _require_change(project, by):
    """Refuse the actor who may not change this project (``by=None`` is the system)."""
    if by is not None and not Project.objects.restrict(by, "change").filter(pk=project.pk).exists():
        raise PermissionDenied(_("You may not change this project."))


def _check_in_scope(project, by, action="change"):
    """After a write, the project must still be one the actor may change (a county cannot
    move a project to another county)."""
    if by is not None and not Project.objects.restrict(by, action).filter(pk=project.pk).exists():
        raise PermissionDenied(_("You may not place a project outside your own scope."))


def _write_plan(project, *, by, year, amount, reason):
    """Set the project's plan of ``year`` (``amount`` None removes it), with its history."""
    plan = AnnualPlan.objects.select_for_update().filter(project=project, year=year).first()
    if amount is None:
        if plan is not None:
            plan._history_user, plan._change_reason = by, reason
            plan.delete()
            plans_changed.send(sender=AnnualPlan, pairs=[(project.pk, year)])
        return None
    if plan is None:
        plan = AnnualPlan(project=project, year=year, amount=amount)
    elif plan.amount == amount:
        return plan
    plan.project, plan.amount = project, amount
    try:
        save_with_history(plan, by=by, reason=reason)
    except ValidationError as error:
        raise ValidationError(
            {"annual_plan": error.message_dict.get("amount") or error.messages}
        ) from error
    plans_changed.send(sender=AnnualPlan, pairs=[(project.pk, year)])
    return plan


@transaction.atomic
def set_annual_plan(project, *, by, year, amount, reason=""):
    """Set a project's planned investment for one year (年度计划投资), or remove it with
    ``amount=None``. Other years' plans are never touched."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    _require_change(project, by)
    plan = _write_plan(
        project, by=by, year=year, amount=amount, reason=reason or gettext_noop("Plan set")
    )
    _changed(project)
    return plan


def _write_plans(project, plans, *, by, reason):
    for year, amount in sorted((plans or {}).items()):
        _write_plan(project, by=by, year=int(year), amount=amount, reason=reason)


@transaction.atomic
def create_project(*, by, key_levels=(), stage_since=None, plans=None, **fields):
    """Register a project with its real history: it is at ``stage`` since ``stage_since`` (a
    reserve or preliminary project; default today) or since its ``actual_start`` (a started
    one). The timeline opens on that day, so a county registering a project already under way
    can record its later moves with their own dates. One history record: created, with its
    key-project levels. ``plans``: {year: amount in 万元}."""
    if by is not None and not can_create_projects(by):
        raise PermissionDenied(_("You may not register projects."))
    project = Project(**fields)
    opened = project.actual_start if project.is_started else stage_since or timezone.localdate()
    if opened and opened > timezone.localdate():
        field = "actual_start" if project.is_started else "stage_since"
        raise ValidationError({field: _("This date cannot be in the future.")})
    save_with_history(project, by=by, reason=gettext_noop("Created"))
    _set_key_levels_of_new_project(project, key_levels)
    _check_in_scope(project, by)
    _write_plans(project, plans, by=by, reason=gettext_noop("Created"))
    StageTransition.objects.create(
        project=project,
        to_stage=project.stage,
        date=opened,
        note=gettext_noop("Registered"),
        recorded_by=by,
    )
    _changed(project)
    return project


def _set_key_levels_of_new_project(project, key_levels):
    """Put the levels into the creation's history record instead of a second record: setting
    them would otherwise record a separate "changed" entry right after "created"."""
    project.skip_history_when_saving = True
    try:
        project.key_levels.set(key_levels)
    finally:
        del project.skip_history_when_saving
    created = project.history.order_by("-history_id").first()
    snapshot = created.key_levels.model
    snapshot.objects.bulk_create(
        snapshot(
            history=created,
            id=row.id,
            project_id=row.project_id,
            keyprojectlevel_id=row.keyprojectlevel_id,
        )
        for row in Project.key_levels.through.objects.filter(project=project)
    )


# Stage, start and statistics dates move only through their own use cases, so an edit form
# cannot skip the pipeline rules.
LIFECYCLE_FIELDS = {"stage", "in_statistics_date", "actual_start", "actual_completion"}


@transaction.atomic
def update_project(project, *, by, version, key_levels=None, plans=None, reason="", **fields):
    """Edit a project's record; refused if someone saved it since ``version`` was read.
    ``plans``: {year: amount or None} sets (or removes) the plans of those years only."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    _require_change(project, by)
    check_version(project, version)
    forbidden = LIFECYCLE_FIELDS & set(fields)
    if forbidden:
        raise ValidationError(
            _("%(fields)s change only through a stage change or the statistics entry.")
            % {
                "fields": "、".join(
                    str(Project._meta.get_field(f).verbose_name) for f in sorted(forbidden)
                )
            }
        )
    for name, value in fields.items():
        setattr(project, name, value)
    save_with_history(project, by=by, reason=reason or gettext_noop("Edited"))
    if key_levels is not None:
        project.key_levels.set(key_levels)
    _check_in_scope(project, by)
    _write_plans(project, plans, by=by, reason=reason or gettext_noop("Edited"))
    beyond = project.plans.filter(amount__gt=project.total_investment).order_by("year").first()
    if beyond is not None:
        raise ValidationError(
            {
                "total_investment": _(
                    "The plan of %(year)s (%(amount)s万元) would exceed the total investment."
                )
                % {"year": beyond.year, "amount": format(beyond.amount.normalize(), "f")}
            }
        )
    _changed(project)
    return project


@transaction.atomic
def change_stage(project, *, by, to_stage, date, note=""):
    """Move a project along the pipeline by an allowed transition, dated.

    Starting construction sets the actual start; completion sets the actual completion.
    """
    project = Project.objects.select_for_update().get(pk=project.pk)
    _require_change(project, by)
    if to_stage not in ALLOWED_TRANSITIONS[project.stage]:
        allowed = ", ".join(str(Stage(s).label) for s in ALLOWED_TRANSITIONS[project.stage]) or _(
            "none"
        )
        raise ValidationError(
            {
                "to_stage": _(
                    "A project cannot go from %(from)s to %(to)s. Allowed next: %(allowed)s."
                )
                % {
                    "from": Stage(project.stage).label,
                    "to": Stage(to_stage).label,
                    "allowed": allowed,
                }
            }
        )
    if date > timezone.localdate():
        raise ValidationError({"date": _("A stage change cannot be dated in the future.")})
    last = project.transitions.order_by("-date", "-pk").first()
    if last and date < last.date:
        raise ValidationError(
            {
                "date": _("The date cannot be before the previous stage change (%(date)s).")
                % {"date": last.date}
            }
        )
    if to_stage == Stage.NEW_START and not project.code:
        raise ValidationError({"to_stage": _("A project needs its project code before it starts.")})
    if to_stage == Stage.NEW_START:
        project.actual_start = date
    elif (
        to_stage == Stage.CONTINUING
        and project.actual_start
        and date.year <= project.actual_start.year
    ):
        raise ValidationError(
            {
                "to_stage": _(
                    "A project becomes continuing only in a year after the one it started in."
                )
            }
        )
    elif to_stage == Stage.COMPLETED:
        project.actual_completion = date
    from_stage = project.stage
    project.stage = to_stage
    save_with_history(project, by=by, reason=gettext_noop("Stage changed"))
    StageTransition.objects.create(
        project=project,
        from_stage=from_stage,
        to_stage=to_stage,
        date=date,
        note=note,
        recorded_by=by,
    )
    _changed(project)
    return project


def statistics_entry_refusal(project):
    """Why the project cannot enter the fixed-asset-investment statistics (入库) now, or None.

    The statistics rule: only started projects with planned total investment of at least
    500万元 can enter, once. The project page offers 登记入库 only where this is None, and
    ``mark_in_statistics`` refuses with the same words.
    """
    minimum = Decimal(settings.STATISTICS_MIN_TOTAL_INVESTMENT)
    if project.in_statistics:
        return _("This project entered the statistics on %(date)s already.") % {
            "date": project.in_statistics_date
        }
    if project.stage not in STARTED_STAGES:
        return _(
            "Only a project that has started construction can enter the statistics; this one is at %(stage)s."
        ) % {"stage": project.get_stage_display()}
    if project.total_investment < minimum:
        return _(
            "Only projects with a total investment of at least %(min)s万元 enter the statistics; this one has %(total)s万元."
        ) % {"min": format_amount(minimum), "total": format_amount(project.total_investment)}
    return None


def can_enter_statistics(project):
    return statistics_entry_refusal(project) is None


def can_record_work_status(project):
    """停工/复工 are recorded only for a project under construction."""
    return project.stage in UNDER_CONSTRUCTION_STAGES


@transaction.atomic
def mark_in_statistics(project, *, by, date):
    """Record that a project entered the fixed-asset-investment statistics (入库)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    _require_change(project, by)
    refusal = statistics_entry_refusal(project)
    if refusal:
        raise ValidationError(refusal)
    if date > timezone.localdate() or (project.actual_start and date < project.actual_start):
        raise ValidationError(
            {"date": _("The entry date must lie between the actual start and today.")}
        )
    project.in_statistics_date = date
    save_with_history(project, by=by, reason=gettext_noop("Entered the statistics"))
    _changed(project)
    return project


@transaction.atomic
def record_work_status(project, *, by, kind, date, reason="", workers_on_site=None, note=""):
    """Record a suspension or resumption of work (停工/复工) on a project under construction."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    _require_change(project, by)
    if not can_record_work_status(project):
        raise ValidationError(_("Only a project under construction can stop or resume work."))
    if project.actual_start and date < project.actual_start:
        raise ValidationError({"date": _("The date lies before the project started.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    last = project.work_events.order_by("-date", "-pk").first()
    if last and date < last.date:
        raise ValidationError(
            {
                "date": _("The date cannot be before the last recorded event (%(date)s).")
                % {"date": last.date}
            }
        )
    suspended = last is not None and last.kind == WorkStatusKind.SUSPENDED
    if kind == WorkStatusKind.SUSPENDED and suspended:
        raise ValidationError({"kind": _("Work on this project is already suspended.")})
    if kind == WorkStatusKind.RESUMED and not suspended:
        raise ValidationError({"kind": _("Work on this project is not suspended.")})
    if kind == WorkStatusKind.SUSPENDED and not reason:
        raise ValidationError({"reason": _("Give the reason for the suspension.")})
    event = WorkStatusEvent(
        project=project,
        kind=kind,
        date=date,
        reason=reason,
        workers_on_site=workers_on_site,
        note=note,
    )
    reason = (
        gettext_noop("Work suspended")
        if kind == WorkStatusKind.SUSPENDED
        else gettext_noop("Work resumed")
    )
    save_with_history(event, by=by, reason=reason)
    _changed(project)
    return event


def _check_batch_projects(projects, by):
    if by is None:
        return
    allowed = set(Project.objects.restrict(by, "change").values_list("pk", flat=True))
    outside = [p.name for p in projects if p.pk not in allowed]
    if outside:
        raise PermissionDenied(
            _("These projects are outside your scope: %(names)s") % {"names": "、".join(outside)}
        )


@transaction.atomic
def save_batch(batch, *, by, projects, version=None):
    """Create or edit a groundbreaking batch (集中开工) and the projects that start in it."""
    if by is not None and not can_create_projects(by):
        raise PermissionDenied(_("You may not record groundbreaking batches."))
    if (
        by is not None
        and by.role == Role.COUNTY
        and batch.region_id not in by.region.descendant_ids()
    ):
        raise PermissionDenied(_("You may record batches only in your own region."))
    if batch.pk:
        current = GroundbreakingBatch.objects.select_for_update().get(pk=batch.pk)
        check_version(current, version)
        batch.version = current.version
        if by is not None and not by.sees_whole_city:
            # A county keeps the other counties' projects that are already in a city batch.
            kept = list(current.projects.exclude(pk__in=Project.objects.restrict(by, "change")))
            projects = list(projects) + kept
            _check_batch_projects([p for p in projects if p not in kept], by)
        else:
            _check_batch_projects(projects, by)
    else:
        _check_batch_projects(projects, by)
    save_with_history(batch, by=by, reason=gettext_noop("Batch saved"))
    batch.projects.set(projects)
    return batch
