"""The columns a project list's import reads (导入列), offered on the preview for a column it
left unused: the user says which field it means, and the county's later imports know it."""

from django.utils.translation import gettext as _

from groundbreak.projects.models import AnnualPlan, Project

# column field (groundbreak.imports.columns.SYNONYMS) → the model field it fills
_MODEL_FIELDS = {
    "name": "name",
    "code": "code",
    "owner": "owner_unit",
    "region": "region",
    "field": "field",
    "sector": "sector",
    "stage": "stage",
    "key_levels": "key_levels",
    "total_investment": "total_investment",
    "construction_content": "construction_content",
    "address": "address",
    "nature": "construction_nature",
    "planned_start": "planned_start",
    "planned_completion": "planned_completion",
    "actual_start": "actual_start",
    "leader": "leader_in_charge",
    "department": "department_in_charge",
    "contact_person": "contact_person",
    "contact_phone": "contact_phone",
    "notes": "notes",
}


def column_fields():
    """(column field, label in the user's language) for every column a project list may have."""
    fields = [
        (name, str(Project._meta.get_field(model_field).verbose_name))
        for name, model_field in _MODEL_FIELDS.items()
    ]
    fields += [
        ("plan_year", str(AnnualPlan._meta.get_field("year").verbose_name)),
        ("annual_plan", str(AnnualPlan._meta.get_field("amount").verbose_name)),
        ("years", _("construction period (建设年限)")),
    ]
    return fields
