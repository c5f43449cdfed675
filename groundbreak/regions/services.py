"""Loading reference data: region trees and the sector classification."""

import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from groundbreak.regions.models import Region, RegionKind, Sector

DATA_DIR = Path(__file__).resolve().parent / "data"
REGION_COLUMNS = {"code", "name", "kind", "parent_code"}


def load_regions(path, *, by=None):
    """Create or update a region tree from a CSV file (code,name,name_en,kind,parent_code).

    Parents must come before their children. All-or-nothing: one bad row loads nothing.
    Returns (created, updated).
    """
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or not REGION_COLUMNS <= set(rows[0]):
        raise ValidationError(
            _("The region file needs the columns %(columns)s.")
            % {"columns": ", ".join(sorted(REGION_COLUMNS))}
        )
    created = updated = 0
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):
            code = row["code"].strip()
            if row["kind"] not in RegionKind.values:
                raise ValidationError(
                    _("Row %(row)s: kind %(kind)s is not one of %(kinds)s.")
                    % {"row": number, "kind": row["kind"], "kinds": ", ".join(RegionKind.values)}
                )
            parent = None
            if row["parent_code"].strip():
                parent = Region.objects.filter(code=row["parent_code"].strip()).first()
                if parent is None:
                    raise ValidationError(
                        _("Row %(row)s: parent region %(code)s is not known (list parents first).")
                        % {"row": number, "code": row["parent_code"]}
                    )
            region = Region.objects.filter(code=code).first() or Region(code=code)
            is_new = region.pk is None
            region.name = row["name"].strip()
            region.name_en = (row.get("name_en") or "").strip()
            region.kind = row["kind"]
            region.parent = parent
            region.sort_order = number
            region._history_user = by
            region._change_reason = f"load_regions {Path(path).name}"
            try:
                region.full_clean()
            except ValidationError as error:
                raise ValidationError(
                    _("Row %(row)s: %(errors)s")
                    % {"row": number, "errors": "; ".join(error.messages)}
                ) from error
            region.save()
            created += is_new
            updated += not is_new
    return created, updated


def load_sectors(*, by=None):
    """Create or update the GB/T 4754-2017 sections."""
    with open(DATA_DIR / "gbt4754_sections.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            sector = Sector.objects.filter(code=row["code"]).first() or Sector(code=row["code"])
            sector.name, sector.name_en = row["name"], row["name_en"]
            sector._history_user = by
            sector.save()
