"""The project-list import (项目清单导入): a county's table of projects → creates and updates.

``plan_project_import`` reads the table and decides, row by row, what would happen; it writes
nothing. ``apply_project_import`` writes that plan in one transaction. The engine in
``groundbreak.imports`` handles files, headers, units and subtotals; this module knows projects.
"""

from groundbreak.accounts.models import OwnerUnit
from groundbreak.projects.importing.lookups import read_lookups
from groundbreak.projects.importing.plan import (
    IMPORTED_FIELDS,
    PlannedRow,
    ProjectImportPlan,
    clean_options,
    plan_project_import,
)
from groundbreak.projects.importing.similar import SimilarNames
from groundbreak.projects.importing.values import (
    RowError,
    clean_name,
    name_key,
    parse_date_cell,
    parse_span,
)
from groundbreak.projects.importing.write import COMPARED, apply_project_import, plan_to_preview

__all__ = [
    "COMPARED",
    "IMPORTED_FIELDS",
    "OwnerUnit",
    "PlannedRow",
    "ProjectImportPlan",
    "RowError",
    "SimilarNames",
    "apply_project_import",
    "clean_name",
    "clean_options",
    "name_key",
    "parse_date_cell",
    "parse_span",
    "plan_project_import",
    "plan_to_preview",
    "read_lookups",
]
