"""The fund ledger (资金到位/支出台账) through the import engine: one row per movement (项目代码 ·
项目名称 · 日期 · 类型 到位/支出 · 金额(万元) · 资金渠道 · 备注), or an amount column each for
money received and paid out. Each row becomes a ``FundMovement`` of the project with that code;
a code unknown or outside the importer's scope, an unreadable, negative or zero amount, a wrong
or missing date or kind is refused naming the row; an unknown channel is a warning and left
empty. A row that repeats a movement already recorded (project, kind, date, amount) is
unchanged: importing the same ledger again does not double the money."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groundbreak.core.messages import Msg
from groundbreak.core.money import AmountError, parse_amount

KIND = "fund_movements"
SYNONYMS = {
    "统一项目代码": "code", "项目统一代码": "code", "日期": "date", "到位日期": "date",
    "支付日期": "date", "支出日期": "date", "拨付日期": "date", "金额": "amount",
    "资金金额": "amount", "到位金额": "received", "到位资金": "received", "支出金额": "paid",
    "支付金额": "paid", "类型": "movement", "资金类型": "movement", "收支": "movement",
    "收支类型": "movement", "资金渠道": "channel", "资金来源": "channel", "渠道": "channel",
}  # fmt: skip
RECEIVED_WORDS = ("到位", "收到", "拨付到位", "拨付", "received")
PAID_WORDS = ("支出", "支付", "使用", "paid", "paidout")
ZERO = Decimal(0)


@dataclass
class MovementPlan:
    table: object
    rows: list = field(default_factory=list)  # dicts: row, project, kind, date, amount, channel …
    refusals: list = field(default_factory=list)  # (row, column, field, reason)


def _text(value):
    return "" if value is None else str(value).strip()


def _movement_kind(raw):
    from groundbreak.finance.choices import MovementKind
    from groundbreak.imports.columns import normalise_text

    word = normalise_text(raw).lower()
    if word in PAID_WORDS or word.startswith(("支出", "支付")):
        return MovementKind.PAID
    if word in RECEIVED_WORDS or word.startswith(("到位", "收到", "拨付")):
        return MovementKind.RECEIVED
    return None


def _projects(codes, *, region, by):
    """({code: project} of all projects with those codes, the ids ``by`` may change there)."""
    from groundbreak.finance.models import may_write_finance
    from groundbreak.projects.models import Project

    found = {}
    for project in Project.objects.filter(code__in=codes).select_related("region").order_by("pk"):
        found.setdefault(project.code, project)
    inside = Project.objects.filter(code__in=codes, region_id__in=region.descendant_ids())
    if by is not None:
        if not may_write_finance(by):
            return found, set()
        inside = inside.filter(pk__in=Project.objects.restrict(by, "change"))
    return found, set(inside.values_list("pk", flat=True))


def _amounts(row, table, movement_kind):
    """[(field, kind, amount)] of a row, or raises (field, reason)."""
    entries = []
    for name in ("amount", "received", "paid"):
        raw = row.cells.get(name)
        if name not in table.columns or _text(raw) == "":
            continue
        try:
            amount = parse_amount(raw, unit=table.columns[name].unit)
        except AmountError as error:
            raise _Refused(name, error.args[0]) from None
        if amount is None or amount <= ZERO:
            raise _Refused(name, Msg("Row %(row)s: the amount must be above zero, not %(value)s.")
                           % {"row": row.number, "value": _text(raw)})  # fmt: skip
        if name == "amount":
            if movement_kind is None:
                raise _Refused("movement", Msg("Row %(row)s: say whether the money was received (到位) or paid out (支出).")
                               % {"row": row.number})  # fmt: skip
            entries.append((name, movement_kind, amount))
        else:
            entries.append((name, name, amount))
    if not entries:
        raise _Refused("amount", Msg("Row %(row)s gives no amount.") % {"row": row.number})
    return entries


class _Refused(Exception):
    def __init__(self, field_name, reason):
        super().__init__(reason)
        self.field, self.reason = field_name, reason


def _date(row):
    from groundbreak.projects.importing.values import RowError, parse_date_cell

    raw = row.cells.get("date")
    if _text(raw) == "":
        raise _Refused("date", Msg("Row %(row)s: the date is missing; a movement needs its date.")
                       % {"row": row.number})  # fmt: skip
    try:
        day = parse_date_cell(raw, "date")
    except RowError as error:
        raise _Refused("date", error.message) from None
    return date(day.year, day.month, day.day)


def plan_movements_import(table, *, region, by, decisions=None, on_progress=None, options=None):
    from groundbreak.finance.models import Channel, FundMovement
    from groundbreak.imports.columns import normalise_text
    from groundbreak.projects.validators import normalise_project_code

    plan = MovementPlan(table=table)
    data = [r for r in table.rows if r.kind == "data"]
    codes = {normalise_project_code(_text(r.cells.get("code"))) for r in data} - {""}
    found, allowed = _projects(codes, region=region, by=by)
    channels = {}
    for channel in Channel.objects.all():
        channels[normalise_text(channel.name)] = channel
        channels.setdefault(normalise_text(channel.code), channel)
    existing = Counter(
        FundMovement.objects.order_by()
        .filter(project_id__in=list(allowed))
        .values_list("project_id", "kind", "date", "amount")
    )

    def header(name):
        column = table.columns.get(name)
        return column.header if column else name

    for row in data:
        code = normalise_project_code(_text(row.cells.get("code")))
        project = found.get(code)
        try:
            if not code:
                raise _Refused(
                    "code", Msg("Row %(row)s has no project code.") % {"row": row.number}
                )
            if project is None:
                raise _Refused("code", Msg("No project has the code %(code)s.") % {"code": code})
            if project.pk not in allowed:
                raise _Refused("code", Msg("You may not record the funds of %(code)s (%(region)s).")
                               % {"code": code, "region": project.region.name})  # fmt: skip
            day = _date(row)
            raw_kind = _text(row.cells.get("movement"))
            movement_kind = _movement_kind(raw_kind) if raw_kind else None
            if raw_kind and movement_kind is None:
                raise _Refused("movement", Msg("%(value)s is neither received (到位) nor paid out (支出).")
                               % {"value": raw_kind})  # fmt: skip
            entries = _amounts(row, table, movement_kind)
        except _Refused as refused:
            plan.refusals.append((row.number, header(refused.field), refused.field, refused.reason))
            continue
        warnings = []
        raw_channel = _text(row.cells.get("channel"))
        channel = channels.get(normalise_text(raw_channel)) if raw_channel else None
        if raw_channel and channel is None:
            warnings.append(Msg("%(value)s is not a known funding channel: recorded without one.")
                            % {"value": raw_channel})  # fmt: skip
        for _field, kind, amount in entries:
            key = (project.pk, kind, day, amount)
            action = "create"
            if existing[key] > 0:
                existing[key] -= 1
                action = "unchanged"
            plan.rows.append({"row": row.number, "action": action, "project": project,
                              "kind": kind, "date": day, "amount": amount, "channel": channel,
                              "note": _text(row.cells.get("notes"))[:300],
                              "warnings": list(warnings)})  # fmt: skip
    return plan


def to_preview(plan):
    from groundbreak.finance.choices import MovementKind
    from groundbreak.imports.preview import row_warnings, table_preview

    rows, totals = [], {"received": ZERO, "paid": ZERO}
    for r in plan.rows:
        label = MovementKind(r["kind"]).label
        text = f"{r['date'].isoformat()} · {format(r['amount'], 'f')}" + (
            f" · {r['channel'].name}" if r["channel"] else ""
        )
        if r["action"] == "create":
            totals[r["kind"]] += r["amount"]
        rows.append({"row": r["row"], "action": r["action"], "project": r["project"].pk,
                     "name": r["project"].name, "code": r["project"].code, "kind": r["kind"],
                     "date": r["date"].isoformat(), "amount": format(r["amount"], "f"),
                     "channel": r["channel"].pk if r["channel"] else None, "note": r["note"],
                     **row_warnings(r["warnings"]),
                     "changes": [{"label": str(label), "old": "", "new": text}],
                     "candidates": []})  # fmt: skip
    count = Counter(r["action"] for r in rows)
    return table_preview(plan.table, plan.refusals, rows=rows, totals={
        "rows": len(rows), "create": count["create"], "update": 0,
        "unchanged": count["unchanged"], "refused": len(plan.refusals), "choose": 0,
        "warnings": sum(len(r["warnings"]) for r in rows),
        "received": format(totals["received"], "f"), "paid": format(totals["paid"], "f"),
    })  # fmt: skip


def apply(plan, preview, *, by, reason, record=None):
    """Write the new movements in one go, each with its history (who, when, why), and tell the
    warnings once about all the projects."""
    from simple_history.utils import bulk_create_with_history

    from groundbreak.finance.models import FundMovement
    from groundbreak.projects.signals import project_changed

    new = [
        FundMovement(
            project=r["project"],
            kind=r["kind"],
            date=r["date"],
            amount=r["amount"],
            channel=r["channel"],
            note=r["note"],
        )  # fmt: skip
        for r in plan.rows
        if r["action"] == "create"
    ]
    with project_changed.gathered(sender=FundMovement) as ids:
        bulk_create_with_history(new, FundMovement, default_user=by, default_change_reason=reason)
        ids.update(m.project_id for m in new)
    return {"created": len(new), "unchanged": len(plan.rows) - len(new)}


def register_kind():
    from groundbreak.imports.registry import ImportKindHandler, register

    register(ImportKindHandler(
        name=KIND, plan=plan_movements_import, to_preview=to_preview, apply=apply,
        label=gettext_lazy("Fund ledger (money received and paid out)"),
        compared=("action", "project", "kind", "date", "amount", "channel"),
        applied_message=gettext_lazy("Imported: %(created)s fund movements (%(unchanged)s already recorded)."),
        synonyms=SYNONYMS,
        fields=lambda: (("date", _("date")), ("amount", _("amount")), ("received", _("amount received")),
                        ("paid", _("amount paid out")), ("movement", _("received or paid out")),
                        ("channel", _("funding channel"))),
    ))  # fmt: skip
