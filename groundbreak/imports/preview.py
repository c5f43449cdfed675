"""The parts of an import preview that every kind of table shares."""

from django.utils import timezone

from groundbreak.core.messages import Message


def table_preview(table, refusals, **extra):
    """What the engine understood of the table (title, unit, columns, hidden rows, subtotal
    checks) and the refused rows, as JSON-ready values; ``extra`` adds the kind's own keys."""
    return {
        "made_at": timezone.now().isoformat(),
        "title": table.title,
        "unit": table.unit,
        "columns": [
            {"field": name, "header": c.header, "unit": c.unit}
            for name, c in sorted(table.columns.items(), key=lambda i: i[1].index)
        ],
        "ignored_headers": table.ignored_headers,
        "hidden_rows": table.hidden_rows,
        "refusals": [
            {
                "row": number,
                "column": column,
                "field": name,
                "reason": str(reason),
                # shown again in the reader's language (see core.messages)
                **({"reason_id": reason.stored()} if isinstance(reason, Message) else {}),
            }
            for number, column, name, reason in sorted(refusals)
        ],
        "checks": [
            {
                "row": c.number,
                "label": c.label,
                "field": c.field,
                "header": table.columns[c.field].header,
                "stated": format(c.stated, "f"),
                "computed": format(c.computed, "f"),
                "ok": c.ok,
            }
            for c in table.checks
        ],
        **extra,
    }


def changed_rows(old, new, compared):
    """The numbers of the rows that come out otherwise in preview ``new`` than in ``old``,
    comparing each row's ``compared`` keys and the refused rows' fields (never labels or
    messages, which follow the user's language). Every row, if only the totals differ."""

    def keyed(preview):
        rows = {r["row"]: tuple(r.get(k) for k in compared) for r in preview.get("rows", [])}
        for refusal in preview.get("refusals", []):
            rows[refusal["row"]] = ("refused", refusal["field"])
        return rows

    before, after = keyed(old), keyed(new)
    changed = sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))
    if not changed and old.get("totals") != new.get("totals"):
        return sorted(after)
    return changed
