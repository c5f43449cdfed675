"""The use cases of the bulletin (通报): draft it for a period and a region, gather its figures
again while it is a draft, open the counties' review window, object to a figure (a county) and
answer (the city), issue it (frozen) or withdraw it, and set the ranking weights. Each takes the
acting user (``by=``); pages, API and demo call these."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from groundbreak.accounts.models import Role, User
from groundbreak.core.services import save_with_history
from groundbreak.dispatch.bulletins import figures, ranking
from groundbreak.dispatch.bulletins.models import (
    WEIGHT_FIELDS,
    Bulletin,
    BulletinStatus,
    Objection,
    ObjectionTable,
    RankingFormula,
)
from groundbreak.notifications.services import notify
from groundbreak.regions.models import Region, RegionKind

OBJECTABLE = {
    ObjectionTable.SUMMARY: ("plan", "completed", "completion_rate", "last_year", "growth",
                             "new_starts", "registered"),
    ObjectionTable.COUNTIES: ("plan", "completed", "completion_rate", "last_year", "growth",
                              "new_starts", "registered", "problems_due", "problems_on_time",
                              "items_due", "items_on_time", "score", "rank"),
    ObjectionTable.RED: ("rule", "leader", "why"),
}  # fmt: skip


def document_prefix():
    """The office's short name in a bulletin's number: 玉发改通报〔2020〕3号."""
    return getattr(settings, "BULLETIN_DOCUMENT_PREFIX", "玉发改通报")


def review_days():
    return int(getattr(settings, "BULLETIN_REVIEW_DAYS", 3))


def is_city(user):
    return bool(user and user.is_authenticated and user.is_active
                and (user.is_superuser or user.role == Role.CITY))  # fmt: skip


def _city_only(user, what):
    if not is_city(user):
        raise PermissionDenied(
            _("Only city staff (the city commission) may %(what)s a bulletin: the city holds it.")
            % {"what": what}
        )


def _not_frozen(bulletin):
    if bulletin.is_frozen:
        raise ValidationError(
            _("The bulletin was issued on %(date)s and its figures are frozen as issued; only "
              "city staff may withdraw it.") % {"date": bulletin.issued_on}
        )  # fmt: skip


def jsonable(value):
    """Decimals as strings, recursively: the figures stored exactly as gathered."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def build_data(period, region, *, on_date=None):
    """Gather the figures and rank the counties and the departments with the current weights."""
    data = figures.gather(period, region, on_date=on_date)
    weights = RankingFormula.current().weights()
    data["counties"] = ranking.rank(data["counties"], weights)
    data["departments"] = ranking.rank(data["departments"], weights)
    data["weights"] = weights
    return jsonable(data)


def default_title(period, region):
    return _("%(region)s key projects investment bulletin, %(year)s 1-%(month)s") % {
        "region": region.name, "year": period.year, "month": period.last_month,
    }  # fmt: skip


def create_bulletin(period, region, *, by, title="", on_date=None):
    """Draft the bulletin of a period for the city or a county, its figures gathered now."""
    _city_only(by, _("draft"))
    if region.kind not in (RegionKind.CITY, RegionKind.COUNTY, RegionKind.ZONE):
        raise ValidationError({"region": _("A bulletin is for the city or a county.")})
    if (
        Bulletin.objects.filter(period=period, region=region)
        .exclude(status=BulletinStatus.WITHDRAWN)
        .exists()
    ):
        raise ValidationError(
            _("%(region)s already has a bulletin for %(period)s: withdraw it first.")
            % {"region": region.name, "period": period}
        )
    bulletin = Bulletin(period=period, region=region, created_by=by, review_days=review_days(),
                        title=title or default_title(period, region))  # fmt: skip
    bulletin.data = build_data(period, region, on_date=on_date)
    bulletin.gathered_at = timezone.now()
    with transaction.atomic():
        save_with_history(bulletin, by=by, reason="drafted")
    return bulletin


def refresh_bulletin(bulletin, *, by, on_date=None):
    """Gather the draft's figures again (after corrected reports); refused once issued."""
    _city_only(by, _("change"))
    _not_frozen(bulletin)
    bulletin.data = build_data(bulletin.period, bulletin.region, on_date=on_date)
    bulletin.gathered_at = timezone.now()
    with transaction.atomic():
        save_with_history(bulletin, by=by, reason="figures gathered again")
    return bulletin


def _county_users(bulletin):
    units = [int(row["key"]) for row in bulletin.data.get("counties", [])]
    return User.objects.filter(role=Role.COUNTY, region_id__in=units, is_active=True)


def _push(bulletin, subject):
    """Each county's users get the bulletin's link in their inbox, and the county's robot
    channel posts it at once (urgent)."""
    link = bulletin.get_absolute_url()
    for user in _county_users(bulletin).select_related("region"):
        notify(recipients=[user], subject=subject, body=bulletin.title, link=link, urgent=True,
               key=f"bulletin-{bulletin.pk}-{bulletin.status}", region=user.region)  # fmt: skip


def open_review(bulletin, *, by, on_date=None):
    """Show the draft to the counties for the review window (N days, BULLETIN_REVIEW_DAYS)."""
    _city_only(by, _("open the review of"))
    if bulletin.status != BulletinStatus.DRAFT:
        raise ValidationError(_("Only a draft can be opened for review."))
    on_date = on_date or timezone.localdate()
    bulletin.status = BulletinStatus.REVIEW
    bulletin.review_opened_on = on_date
    bulletin.review_until = on_date + timedelta(days=bulletin.review_days)
    with transaction.atomic():
        save_with_history(bulletin, by=by, reason="review opened")
        _push(bulletin, _("Draft bulletin for your review until %(date)s: %(title)s")
              % {"date": bulletin.review_until, "title": bulletin.title})  # fmt: skip
    return bulletin


def _row(bulletin, table, row_key):
    data = bulletin.data
    if table == ObjectionTable.SUMMARY:
        return data.get("summary", {}), data["region"]["name"], data["region"]["id"]
    if table == ObjectionTable.COUNTIES:
        for row in data.get("counties", []):
            if row["key"] == str(row_key):
                return row, row["name"], int(row["key"])
    if table == ObjectionTable.RED:
        for row in data.get("red", []):
            if str(row["project_id"]) == str(row_key):
                return row, row["project"], int(row["county_key"]) if row["county_key"] else None
    raise ValidationError({"row_key": _("No such row in the bulletin.")})


def raise_objection(bulletin, *, by, table, row_key, column, reason):
    """A county objects to one figure of its own county's rows while the draft is under review."""
    if not (by.is_authenticated and by.role == Role.COUNTY and by.region_id):
        raise PermissionDenied(_("Only a county bureau may object to a bulletin's figures."))
    if bulletin.status != BulletinStatus.REVIEW:
        raise ValidationError(_("Objections are taken while the draft is under review."))
    if table not in OBJECTABLE or column not in OBJECTABLE[table]:
        raise ValidationError({"column": _("No such figure in that table.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the figure is wrong.")})
    row, label, unit = _row(bulletin, table, row_key)
    if unit is None or unit not in by.region.descendant_ids():
        raise PermissionDenied(_("You may object only to your own county's figures."))
    objection = Objection(bulletin=bulletin, region=by.region, table=table, row_key=str(row_key),
                          row_label=label, column=column, figure=str(row.get(column, ""))[:60],
                          reason=reason.strip(), raised_by=by)  # fmt: skip
    with transaction.atomic():
        save_with_history(objection, by=by, reason="objection raised")
    return objection


def answer_objection(objection, *, by, answer):
    """City staff answer an objection (corrected, or kept and why)."""
    _city_only(by, _("answer objections to"))
    _not_frozen(objection.bulletin)
    if not (answer or "").strip():
        raise ValidationError({"answer": _("Write the answer.")})
    objection.answer = answer.strip()
    objection.answered_by = by
    objection.answered_at = timezone.now()
    with transaction.atomic():
        save_with_history(objection, by=by, reason="objection answered")
    return objection


def issue_bulletin(bulletin, *, by, on_date=None):
    """Issue the bulletin (city staff): after the review window, with every objection answered.
    It takes the next number of its year and its figures are frozen as they stand."""
    _city_only(by, _("issue"))
    on_date = on_date or timezone.localdate()
    if bulletin.status != BulletinStatus.REVIEW:
        raise ValidationError(_("Open the review window first: the counties see the draft "
                                "before it is issued."))  # fmt: skip
    if bulletin.review_until and on_date < bulletin.review_until:
        raise ValidationError(_("The counties' review window is open until %(date)s.")
                              % {"date": bulletin.review_until})  # fmt: skip
    waiting = bulletin.objections.unanswered().count()
    if waiting:
        raise ValidationError(
            _("%(count)s objection(s) of the counties are not answered yet: answer each "
              "before issuing.") % {"count": waiting}
        )  # fmt: skip
    with transaction.atomic():
        locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        year = bulletin.period.year
        last = Bulletin.objects.filter(year=year).aggregate(n=Max("number"))["n"] or 0
        locked.year, locked.number = year, last + 1
        locked.document_number = f"{document_prefix()}〔{year}〕{locked.number}号"
        locked.status = BulletinStatus.ISSUED
        locked.issued_on, locked.issued_by = on_date, by
        locked.data = {**locked.data, "document_number": locked.document_number,
                       "issued_on": on_date.isoformat()}  # fmt: skip
        save_with_history(locked, by=by, reason="issued")
        _push(locked, _("Bulletin issued: %(title)s") % {"title": locked.title})
    return locked


def withdraw_bulletin(bulletin, *, by, reason):
    """Withdraw an issued bulletin (city staff only: the level that issued it)."""
    _city_only(by, _("withdraw"))
    if bulletin.status != BulletinStatus.ISSUED:
        raise ValidationError(_("Only an issued bulletin can be withdrawn."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why it is withdrawn.")})
    bulletin.status = BulletinStatus.WITHDRAWN
    bulletin.withdrawn_reason = reason.strip()
    with transaction.atomic():
        save_with_history(bulletin, by=by, reason="withdrawn")
    return bulletin


def save_weights(*, by, **weights):
    """Set the ranking formula's weights (city staff); the history keeps every change."""
    _city_only(by, _("set the ranking weights of"))
    formula = RankingFormula.current()
    for name in WEIGHT_FIELDS:
        if name in weights and weights[name] is not None:
            setattr(formula, name, Decimal(weights[name]))
    if sum(formula.weights().values()) <= 0:
        raise ValidationError(_("At least one weight must be above zero."))
    with transaction.atomic():
        save_with_history(formula, by=by, reason="weights changed")
    return formula


def bulletin_regions():
    """The city and its counties (and zones), which a bulletin can be drafted for."""
    return Region.objects.filter(kind__in=(RegionKind.CITY, RegionKind.COUNTY, RegionKind.ZONE))
