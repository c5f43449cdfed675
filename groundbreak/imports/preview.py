"""The parts of an import preview that every kind of table shares."""

from django.utils import timezone

from groundbreak.core.messages import Message, stored_text


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


def row_warnings(warnings):
    """A preview row's warnings, JSON-ready: the text, and for each kept message its id and
    parameters, so that the page shows it again in the reader's language (see core.messages)."""
    stored = {"warnings": [str(w) for w in warnings]}
    if any(isinstance(w, Message) for w in warnings):
        stored["warning_ids"] = [w.stored() if isinstance(w, Message) else None for w in warnings]
    return stored


def warnings_in_reader_language(rows):
    """``rows`` of a preview with their warnings in the reader's language."""
    return [
        {
            **row,
            "warnings": [
                stored_text(text, stored)
                for text, stored in zip(row["warnings"], row["warning_ids"], strict=False)
            ],
        }
        if row.get("warning_ids")
        else row
        for row in rows
    ]


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
