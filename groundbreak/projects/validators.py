"""The national project code (项目代码) of the online approval platform."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# year - six-digit region code - two-digit industry - two-digit type - serial ending in a
# check character, e.g. 2020-530402-48-01-012345 (24 characters). Codes issued before the
# 2017 platform reform have the same shape and are accepted as they are.
PROJECT_CODE_RE = re.compile(r"^(?P<year>\d{4})-(?P<region>\d{6})-\d{2}-\d{2}-\d{5}[0-9A-Z]$")


def normalise_project_code(value):
    return (value or "").strip().upper().replace("－", "-").replace("—", "-")


def validate_project_code(value, known_region_codes=None):
    """Check the shape and that the region segment names a region we know.

    ``known_region_codes`` saves a query per code when many codes are checked (imports).
    """
    from groundbreak.regions.models import Region

    match = PROJECT_CODE_RE.match(value)
    if not match:
        raise ValidationError(
            _(
                "%(value)s is not a project code: it should look like 2020-530402-48-01-012345 "
                "(year, region code, two two-digit codes, serial)."
            )
            % {"value": value},
            code="shape",
        )
    if known_region_codes is not None:
        known = match["region"] in known_region_codes
    else:
        known = Region.objects.filter(code=match["region"]).exists()
    if not known:
        raise ValidationError(
            _("The region code %(region)s in project code %(value)s is not a known region.")
            % {"region": match["region"], "value": value},
            code="region",
        )
