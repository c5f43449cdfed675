"""Import back a list exported in the government layout (``exports``): rows matched by the
stable id column update progress, due date and done/achieved where the user may; a row out of
the user's scope, an unknown id or a value we cannot read refuses the whole file, naming the
row. Problems change status only through their workflow steps, never by an import."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from groundbreak.imports.reader import read_grid
from groundbreak.lists import exports, rules, services
from groundbreak.lists.models import Measure, Problem, Target

MODELS = {"targets": Target, "problems": Problem, "measures": Measure}
KEYS = ("no", "id", "project", "content", "unit", "person", "due", "progress", "status")
DONE_FIELD = {"targets": "achieved_on", "measures": "done_on"}


def _labels():
    """Header text → column key, in every language the export may have been made in."""
    labels = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            labels.update({h.strip(): k for h, k in zip(exports.headers(), KEYS, strict=True)})
            labels.update({_("done"): "done", _("open"): "open"})
    return labels


def _columns(grid, labels):
    for index, row in enumerate(grid.rows[:10]):
        found = {
            labels[str(c).strip()]: col
            for col, c in enumerate(row)
            if c and str(c).strip() in labels
        }
        if "id" in found:
            return index, found
    raise ValidationError(_("No column %(id)s: import back a list exported from here.")
                          % {"id": exports.headers()[1]})  # fmt: skip


def _date(value, row_number):
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ValidationError(
            _("Row %(row)s: %(value)s is not a date (write 2020-06-30).")
            % {"row": row_number, "value": value}
        ) from None


def _text(value):
    return "" if value is None else str(value).strip()


def plan_import(kind, content, filename, *, by):
    """The changes the file asks for, each allowed, or a ValidationError listing every refused
    row. Writes nothing."""
    model = MODELS[kind]
    grid = read_grid(content, filename)
    labels = _labels()
    header, cols = _columns(grid, labels)
    errors, changes = [], []
    rows = [(header + 1 + i + 1, row) for i, row in enumerate(grid.rows[header + 1 :])]
    ids = []
    for number, row in rows:
        value = grid.cell(number - 1, cols["id"])
        if value in (None, ""):
            continue
        try:
            ids.append((number, row, int(float(value))))
        except ValueError:
            errors.append(
                _("Row %(row)s: the id %(value)s is not a number.")
                % {"row": number, "value": value}
            )
    visible = (
        model.objects.restrict(by, "view")
        .select_related("project")
        .in_bulk([i for _n, _r, i in ids])
    )
    changeable = set(
        model.objects.restrict(by, "change")
        .filter(pk__in=list(visible))
        .values_list("pk", flat=True)
    )
    today = timezone.localdate()
    for number, _row, pk in ids:
        item = visible.get(pk)
        if item is None or pk not in changeable:
            errors.append(
                _("Row %(row)s: item %(id)s is not in your scope.") % {"row": number, "id": pk}
            )
            continue
        fields = {}
        try:
            if "progress" in cols:
                note = _text(grid.cell(number - 1, cols["progress"]))
                if note != item.progress_note:
                    fields["progress_note"] = note
            if "due" in cols:
                due = _date(grid.cell(number - 1, cols["due"]), number)
                if due != item.due_date and due is not None:
                    fields["due_date"] = due
            if "status" in cols:
                status = _text(grid.cell(number - 1, cols["status"]))
                if kind == "problems":
                    if status and status != item.get_status_display():
                        raise ValidationError(
                            _(
                                "Row %(row)s: a problem's status changes through its steps on its page, not by an import."
                            )
                            % {"row": number}
                        )
                elif labels.get(status) == "done" and item.is_open:
                    fields[DONE_FIELD[kind]] = today
                elif labels.get(status) == "open" and not item.is_open:
                    fields[DONE_FIELD[kind]] = None
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        if not fields:
            continue
        if kind == "problems":
            why = rules.refusal(by, item, rules.UPDATE)
            if why is None and not rules.is_handler(by) and set(fields) - {"progress_note"}:
                why = rules.Refusal(
                    rules.Kind.FORBIDDEN,
                    _(
                        "An owner updates the progress only; officials change the problem's other fields."
                    ),
                )
        else:
            action = rules.PROGRESS if set(fields) == {"progress_note"} else rules.EDIT
            why = rules.item_refusal(by, item.project, action)
        if why is not None:
            errors.append(_("Row %(row)s: %(why)s") % {"row": number, "why": why.message})
            continue
        changes.append((item, fields))
    if errors:
        raise ValidationError(errors)
    return changes


UPDATES = {"targets": services.update_target, "problems": services.update_problem,
           "measures": services.update_measure}  # fmt: skip


@transaction.atomic
def import_list(kind, content, filename, *, by):
    """Plan, then write every change through the list's service: all or nothing."""
    changes = plan_import(kind, content, filename, by=by)
    reason = _("Imported from %(file)s") % {"file": filename}
    for item, fields in changes:
        UPDATES[kind](item, by=by, version=item.version, reason=reason, **fields)
    return len(changes)
