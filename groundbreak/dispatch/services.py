"""The use cases of dispatch: hold a meeting, generate and edit its agenda, record the minutes'
decisions as supervision items, and move an item through its steps. Each takes the acting
user (``by=``); the pages, the API and the demo call these."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from groundbreak.accounts.models import Role, User
from groundbreak.alerts.choices import Level
from groundbreak.alerts.models import Warning
from groundbreak.core.services import save_with_history
from groundbreak.dispatch import rules
from groundbreak.dispatch.choices import Action, ScopeKind, Section
from groundbreak.dispatch.models import AgendaLine, ItemStep, Meeting, SupervisionItem
from groundbreak.dispatch.selectors import (
    LAGGING,
    START_OVERDUE,
    UNREGISTERED,
    meeting_projects,
    sandu_list,
)
from groundbreak.lists.choices import SolvingLevel
from groundbreak.lists.models import Problem
from groundbreak.notifications.services import notify
from groundbreak.projects.signals import project_changed
from groundbreak.reporting.evidence import read_evidence
from groundbreak.reporting.models import AttachmentKind

ESCALATED_LEVELS = (SolvingLevel.CITY_DEPARTMENT, SolvingLevel.CITY_LEADER, SolvingLevel.PROVINCE)
SANDU_SECTIONS = ((LAGGING, Section.LAGGING), (UNREGISTERED, Section.UNREGISTERED),
                  (START_OVERDUE, Section.START_OVERDUE))  # fmt: skip


def document_prefix():
    """The issuing office's short name in a 督办单's number: 玉发改督〔2020〕3号."""
    return getattr(settings, "SUPERVISION_DOCUMENT_PREFIX", "玉发改督")


def _check_city(user, what):
    if not rules.may_draft(user):
        raise PermissionDenied(_("Only city staff may %(what)s.") % {"what": what})


# --- meetings -------------------------------------------------------------------------------


def save_meeting(meeting, *, by, projects=None):
    """Create or change a meeting (city staff); a county meeting names its county, a sector
    meeting its sector."""
    _check_city(by, _("hold meetings"))
    if meeting.scope != ScopeKind.COUNTY:
        meeting.region = None
    if meeting.scope != ScopeKind.SECTOR:
        meeting.sector = None
    if meeting.scope == ScopeKind.COUNTY and meeting.region_id is None:
        raise ValidationError({"region": _("A county meeting needs its county.")})
    if meeting.scope == ScopeKind.SECTOR and meeting.sector_id is None:
        raise ValidationError({"sector": _("A sector meeting needs its sector.")})
    if meeting.pk is None:
        meeting.created_by = by
    with transaction.atomic():
        save_with_history(meeting, by=by, bump_version=False)
        if projects is not None:
            meeting.projects.set(projects)
    return meeting


def _previous_meeting(meeting):
    return (
        Meeting.objects.filter(Q(date__lt=meeting.date) | Q(date=meeting.date, pk__lt=meeting.pk))
        .order_by("-date", "-pk")
        .first()
    )


def carried_over_items(meeting):
    """The supervision items still open that an earlier meeting decided (or none did), in the
    meeting's scope: by the projects they name or the county they are addressed to."""
    projects = meeting_projects(meeting)
    items = SupervisionItem.objects.open().exclude(meeting=meeting)
    items = items.filter(Q(meeting__isnull=True) | Q(meeting__date__lte=meeting.date))
    if meeting.scope == ScopeKind.CITY:
        return items.order_by("deadline", "pk")
    in_scope = Q(projects__in=projects.values("pk"))
    if meeting.scope == ScopeKind.COUNTY:
        in_scope |= Q(responsible_region_id__in=meeting.region.descendant_ids())
    return items.filter(in_scope).distinct().order_by("deadline", "pk")


def agenda_entries(meeting):
    """The generated agenda (议程) of the meeting's scope on its date, as unsaved lines: red
    and orange warnings, problems escalated above the county or overdue, the three 三督 lists,
    and the supervision items left open."""
    on_date = meeting.date
    projects = meeting_projects(meeting)
    lines = []

    def add(section, text, **links):
        lines.append(AgendaLine(meeting=meeting, section=section, text=text, **links))

    warnings = (
        Warning.objects.live()
        .filter(project__in=projects.values("pk"), level__gte=Level.ORANGE)
        .exclude(exempt_until__gte=on_date)
        .select_related("rule", "project")
        .order_by("-level", "project__name", "pk")
    )
    for warning in warnings:
        add(Section.WARNING, _("%(project)s: %(rule)s (%(level)s). %(why)s") % {
            "project": warning.project.name, "rule": warning.rule.name,
            "level": warning.get_level_display(), "why": warning.why,
        }, project=warning.project, warning=warning)  # fmt: skip
    problems = (
        Problem.objects.open()
        .filter(project__in=projects.values("pk"))
        .filter(Q(solving_level__in=ESCALATED_LEVELS) | Q(due_date__lt=on_date))
        .select_related("project")
        .order_by("project__name", "pk")
    )
    for problem in problems:
        late = ""
        if problem.due_date and problem.due_date < on_date:
            late = _(", %(days)s days overdue") % {"days": (on_date - problem.due_date).days}
        add(Section.PROBLEM, _("%(project)s: %(problem)s (to be solved by: %(level)s%(late)s)") % {
            "project": problem.project.name, "problem": problem.description,
            "level": problem.get_solving_level_display(), "late": late,
        }, project=problem.project, problem=problem)  # fmt: skip
    for name, section in SANDU_SECTIONS:
        for row in sandu_list(name, projects, on_date):
            add(section, f"{row.project.name}：{row.why}", project=row.project)
    for item in carried_over_items(meeting).select_related(
        "responsible_region", "responsible_department"
    ):
        add(Section.OPEN_ITEM, item_line(item, on_date), item=item)
    return lines


def item_line(item, on_date):
    late = ""
    if item.is_overdue(on_date):
        late = _(", %(days)s days overdue") % {"days": (on_date - item.deadline).days}
    return _("%(number)s %(decision)s (%(unit)s, due %(deadline)s, %(status)s%(late)s)") % {
        "number": item.document_number or _("(draft)"),
        "decision": item.decision,
        "unit": item.responsible_unit,
        "deadline": item.deadline.isoformat(),
        "status": item.get_status_display(),
        "late": late,
    }


@transaction.atomic
def generate_agenda(meeting, *, by):
    """(Re)generate the meeting's agenda: the generated lines are replaced, the lines staff
    added are kept after them. The text is written in the site's language (it is a document)."""
    _check_city(by, _("prepare agendas"))
    with translation.override(settings.LANGUAGE_CODE):
        lines = agenda_entries(meeting)
    added = list(meeting.lines.filter(section=Section.ADDED).order_by("position", "pk"))
    meeting.lines.exclude(section=Section.ADDED).delete()
    for position, line in enumerate(lines, start=1):
        line.position = position
    AgendaLine.objects.bulk_create(lines)
    for position, line in enumerate(added, start=len(lines) + 1):
        line.position = position
        save_with_history(line, by=by, bump_version=False, validate=False)
    return meeting.lines.all()


def _renumber(meeting):
    lines = list(meeting.lines.order_by("position", "pk"))
    for position, line in enumerate(lines, start=1):
        line.position = position
    AgendaLine.objects.bulk_update(lines, ["position"])


@transaction.atomic
def move_line(line, *, by, up):
    """Move an agenda line one place up or down."""
    _check_city(by, _("edit agendas"))
    _renumber(line.meeting)
    lines = list(line.meeting.lines.order_by("position", "pk"))
    index = next(i for i, x in enumerate(lines) if x.pk == line.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(lines):
        a, b = lines[index], lines[other]
        a.position, b.position = b.position, a.position
        for changed in (a, b):
            save_with_history(changed, by=by, bump_version=False, validate=False)
    line.refresh_from_db()
    return line


def drop_line(line, *, by, dropped=True):
    """Drop a line from the agenda (or put it back); it stays in the history."""
    _check_city(by, _("edit agendas"))
    line.dropped = dropped
    return save_with_history(line, by=by, bump_version=False, validate=False)


def add_line(meeting, *, by, text):
    """Add a line of staff's own at the end of the agenda."""
    _check_city(by, _("edit agendas"))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the line.")})
    last = meeting.lines.aggregate(m=Max("position"))["m"] or 0
    line = AgendaLine(meeting=meeting, section=Section.ADDED, text=text, position=last + 1)
    return save_with_history(line, by=by, bump_version=False)


# --- minutes and supervision items ----------------------------------------------------------


@transaction.atomic
def record_decision(meeting, *, by, decision, deadline, responsible_region=None,
                    responsible_department=None, responsible_person="", cooperating_units="",
                    agenda_line=None, projects=(), problems=()):  # fmt: skip
    """A decision of the meeting's minutes (会议纪要): a drafted supervision item linked to the
    minutes, the agenda line and the projects and problems that raised it (the line's own
    project and problem are linked too)."""
    _check_city(by, _("draft supervision items"))
    if agenda_line is not None and agenda_line.meeting_id != meeting.pk:
        raise ValidationError({"agenda_line": _("The agenda line is not this meeting's.")})
    item = SupervisionItem(
        meeting=meeting, agenda_line=agenda_line, decision=(decision or "").strip(),
        deadline=deadline, responsible_region=responsible_region,
        responsible_department=responsible_department, responsible_person=responsible_person,
        cooperating_units=cooperating_units, created_by=by,
    )  # fmt: skip
    return _save_new_item(item, by, projects, problems, agenda_line)


@transaction.atomic
def draft_item(*, by, decision, deadline, responsible_region=None, responsible_department=None,
               responsible_person="", cooperating_units="", projects=(), problems=()):  # fmt: skip
    """A supervision item outside any meeting (city staff)."""
    _check_city(by, _("draft supervision items"))
    item = SupervisionItem(
        decision=(decision or "").strip(), deadline=deadline,
        responsible_region=responsible_region, responsible_department=responsible_department,
        responsible_person=responsible_person, cooperating_units=cooperating_units, created_by=by,
    )  # fmt: skip
    return _save_new_item(item, by, projects, problems, None)


def _save_new_item(item, by, projects, problems, agenda_line):
    if item.responsible_region_id is None and item.responsible_department_id is None:
        raise ValidationError(
            {"responsible_region": _("Name the responsible unit: a county or a department.")}
        )
    save_with_history(item, by=by, bump_version=False)
    projects, problems = list(projects), list(problems)
    if agenda_line is not None:
        if agenda_line.project_id:
            projects.append(agenda_line.project_id)
        if agenda_line.problem_id:
            problems.append(agenda_line.problem_id)
        if agenda_line.item_id:
            projects += list(agenda_line.item.projects.values_list("pk", flat=True))
    problem_projects = Problem.objects.filter(pk__in=[getattr(p, "pk", p) for p in problems])
    projects += list(problem_projects.values_list("project_id", flat=True))
    item.projects.set({getattr(p, "pk", p) for p in projects})
    item.problems.set({getattr(p, "pk", p) for p in problems})
    return item


def unit_users(item):
    """The active users of the item's responsible unit."""
    if item.responsible_region_id:
        users = User.objects.filter(role=Role.COUNTY, region_id=item.responsible_region_id)
    else:
        users = User.objects.filter(
            role=Role.DEPARTMENT, department_id=item.responsible_department_id
        )
    return list(users.filter(is_active=True))


def _number(item, on_date):
    year = on_date.year
    last = (
        SupervisionItem.objects.select_for_update()
        .filter(year=year)
        .aggregate(m=Max("number"))["m"]
        or 0
    )
    item.year, item.number = year, last + 1
    item.document_number = f"{document_prefix()}〔{year}〕{item.number}号"


@transaction.atomic
def act(item, action, *, by, note="", on_date=None, evidence=None, evidence_name=""):
    """One step of a supervision item (督办), dated and by whom. Issuing numbers the 督办单 and
    tells the responsible unit's users in their inbox; feedback may carry evidence (a photo or a
    PDF, bounded); sending back needs a reason."""
    item = SupervisionItem.objects.select_for_update().get(pk=item.pk)
    rules.check(by, item, action)
    note = (note or "").strip()
    on_date = on_date or timezone.localdate()
    if action == Action.SEND_BACK and not note:
        raise ValidationError({"note": _("Say why the item is sent back.")})
    if action == Action.FEEDBACK and not note:
        raise ValidationError({"note": _("Say what was done.")})
    step = ItemStep(item=item, action=action, from_status=item.status, on_date=on_date, by=by,
                    note=note)  # fmt: skip
    if evidence:
        if action != Action.FEEDBACK:
            raise ValidationError({"evidence": _("Evidence goes with the feedback.")})
        kept = read_evidence(evidence, AttachmentKind.VOUCHER, evidence_name)
        step.evidence = ContentFile(kept.content, name=f"evidence.{kept.extension}")
        step.evidence_name = (evidence_name or f"evidence.{kept.extension}")[:200]
    if action == Action.ISSUE:
        _number(item, on_date)
    item.status = rules.STEPS[action][2]
    step.to_status = item.status
    save_with_history(item, by=by, reason=str(Action(action).label), bump_version=False,
                      validate=False)  # fmt: skip
    step.save()
    if action == Action.ISSUE:
        _tell_unit(item)
    if action == Action.CLOSE:
        # A closed item's overdue warning clears now, not at the nightly run.
        project_changed.send(
            sender=SupervisionItem, project_ids=list(item.projects.values_list("pk", flat=True))
        )
    return item


def _tell_unit(item):
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Supervision item %(number)s: %(decision)s, due %(deadline)s") % {
            "number": item.document_number,
            "decision": item.decision[:80],
            "deadline": item.deadline.isoformat(),
        }
    notify(
        recipients=unit_users(item),
        subject=subject,
        body=item.decision,
        link=item.get_absolute_url(),
        key=f"supervision:{item.pk}:issued",
        region=item.responsible_region,
        department=item.responsible_department,
    )


def save_minutes(meeting, *, by, minutes):
    _check_city(by, _("write minutes"))
    meeting.minutes = minutes
    return save_with_history(meeting, by=by, bump_version=False, validate=False)
