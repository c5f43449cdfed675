"""Imports plan before their write's transaction (so that SQLite's write lock is held for the
writes only): what was registered between the plan and the write is checked here, inside it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from groundbreak.accounts.models import OwnerUnit
from groundbreak.projects.importing.values import name_key
from groundbreak.projects.models import Project


def newest_ids():
    """The last project's and owner unit's ids before a plan is made."""
    return tuple(
        model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for model in (Project, OwnerUnit)
    )


def refuse_registered_since(plan):
    """A plan is made before the write's transaction: refuse it if a project or owner unit
    registered since then bears the name or code of one the plan would create."""
    newest = getattr(plan, "newest_ids", None)
    if newest is None:
        return
    creates = [row for row in plan.rows if row.action == "create"]
    names = {row.values["_key"]: row.number for row in creates}
    codes = {row.values["code"]: row.number for row in creates if row.values.get("code")}
    rows = []
    for name, code in Project.objects.filter(pk__gt=newest[0]).values_list("name", "code"):
        rows += [n for n in (names.get(name_key(name)), codes.get(code)) if n]
    owners = {name_key(owner) for owner in plan.new_owners.values()}
    new_owner = any(
        name_key(name) in owners
        for name in OwnerUnit.objects.filter(pk__gt=newest[1]).values_list("name", flat=True)
    )
    if rows or new_owner:
        raise ValidationError(
            _(
                "Rows %(rows)s come out otherwise than in this preview (a project was changed or registered since); preview the file again."
            )
            % {"rows": ", ".join(str(n) for n in sorted(set(rows))) or "-"}
        )
