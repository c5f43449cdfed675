"""The ranking formula (排名办法): one formula for the counties and the departments, by results
only — never by activity (logins, uploads, messages), which the 2024 rules against 形式主义
forbid and which rewards the wrong thing.

    score = 100 × Σ wᵢ·pᵢ / Σ wᵢ      over the indicators the unit has a figure for
    pᵢ    = (vᵢ − minᵢ) / (maxᵢ − minᵢ) among the ranked units (1 when all are equal)

Indicators vᵢ: completion rate of the year's plan (1-N月), growth on the same period last year,
new starts, projects entered into the statistics (入库), share of problems resolved on time,
share of supervision items closed on time. A unit without a base for an indicator (no plan, no
figure last year, nothing due) is not marked down for it: that weight is left out of its sum.
Scores are rounded to two places; equal scores share a rank (并列) and the next rank skips.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

INDICATORS = (
    ("completion", "completion_rate", _("completion rate")),
    ("growth", "growth", _("growth on last year")),
    ("new_starts", "new_starts", _("new starts")),
    ("registered", "registered", _("entered into the statistics")),
    ("problems", "problems_rate", _("problems resolved on time")),
    ("items", "items_rate", _("supervision items closed on time")),
)
CENT = Decimal("0.01")


def _value(row, field):
    value = row.get(field)
    if value is None:
        return None
    if field in ("new_starts", "registered"):
        return Decimal(value)
    return Decimal(value)


def rank(rows, weights):
    """Score and rank the rows (in place) and return them best first; rows with no indicator
    at all keep no score and no rank and come last."""
    bounds = {}
    for _weight, field, _label in INDICATORS:
        values = [v for v in (_value(r, field) for r in rows) if v is not None]
        if values:
            bounds[field] = (min(values), max(values))
    for row in rows:
        total, weight_sum = Decimal(0), Decimal(0)
        for weight_name, field, _label in INDICATORS:
            value, weight = _value(row, field), Decimal(weights[weight_name])
            if value is None or weight == 0:
                continue
            low, high = bounds[field]
            points = Decimal(1) if high == low else (value - low) / (high - low)
            total += weight * points
            weight_sum += weight
        row["score"] = (
            (100 * total / weight_sum).quantize(CENT, rounding=ROUND_HALF_UP)
            if weight_sum
            else None
        )
    scored = sorted((r for r in rows if r["score"] is not None), key=lambda r: -r["score"])
    for row in scored:
        row["rank"] = 1 + sum(1 for other in scored if other["score"] > row["score"])
        row["tied"] = sum(1 for other in scored if other["score"] == row["score"]) > 1
    unscored = [r for r in rows if r["score"] is None]
    for row in unscored:
        row["rank"], row["tied"] = None, False
    return scored + unscored


def formula_text(weights):
    """The formula with its weights, as the foot of each ranking table shows it."""
    parts = "，".join(
        f"{label}{Decimal(weights[name]).normalize():f}" for name, _f, label in INDICATORS
    )
    return _(
        "Score = 100 × sum(weight × points) ÷ sum(weights of the indicators the unit has a figure "
        "for); points = (value − lowest) ÷ (highest − lowest) among the units ranked. Weights: "
        "%(weights)s. Results only, no activity counts. Equal scores are ranked equal (tied)."
    ) % {"weights": parts}
