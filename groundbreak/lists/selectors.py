"""Reads over the three lists: responsibilities (责任清单) and deadlines (时限清单)."""

from datetime import date

from django.db.models import Count, F, Q, Value

from groundbreak.lists.models import Measure, Problem, Target

LISTS = (("target", Target, "content"), ("problem", Problem, "description"),
         ("measure", Measure, "content"))  # fmt: skip
FIELDS = ("kind", "pk", "project_id", "project__name", "text", "responsible_unit",
          "responsible_person", "due_date")  # fmt: skip


def deadline_rows(user, today, *, project=None, responsible=""):
    """Every open item the user sees, overdue first, then by due date (missing last)."""
    parts = []
    for kind, model, text in LISTS:
        items = model.objects.restrict(user, "view").open()
        if project:
            items = items.filter(project_id=project)
        if responsible:
            items = items.filter(
                Q(responsible_unit__icontains=responsible)
                | Q(responsible_person__icontains=responsible)
            )
        parts.append(items.order_by().annotate(kind=Value(kind), text=F(text)).values(*FIELDS))
    rows = list(parts[0].union(*parts[1:], all=True).order_by())
    for row in rows:
        row["late"] = row["due_date"] is not None and row["due_date"] < today
    rows.sort(key=lambda r: (not r["late"], r["due_date"] or date.max, r["kind"], r["pk"]))
    return rows


def by_responsible_unit(user, today):
    """Open and overdue items per responsible unit, most overdue first."""
    units = {}
    for _kind, model, _text in LISTS:
        counts = (
            model.objects.restrict(user, "view")
            .open()
            .order_by()
            .values("responsible_unit")
            .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
        )
        for row in counts:
            unit = units.setdefault(row["responsible_unit"], {"open": 0, "overdue": 0})
            unit["open"] += row["open"]
            unit["overdue"] += row["overdue"]
    return sorted(
        ({"unit": unit, **counts} for unit, counts in units.items()),
        key=lambda r: (-r["overdue"], -r["open"], r["unit"]),
    )
