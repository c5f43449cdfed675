from django.utils.translation import gettext as _

from groundbreak.core.exports import Column


def project_columns():
    """The project list's export layout: one row per project, amounts in 万元."""
    return [
        Column(_("project code"), lambda p: p.code, width=26),
        Column(_("project name"), lambda p: p.name, width=36),
        Column(_("owner unit"), lambda p: p.owner_unit.name, width=28),
        Column(_("region"), lambda p: p.region.name, width=12),
        Column(_("field"), lambda p: p.get_field_display()),
        Column(_("sector"), lambda p: p.sector.name, width=18),
        Column(
            _("key-project levels"),
            lambda p: "、".join(k.name for k in p.key_levels.all()),
            width=20,
        ),
        Column(_("stage"), lambda p: p.get_stage_display()),
        Column(_("total investment (万元)"), lambda p: p.total_investment, "money"),
        Column(_("plan year"), lambda p: p.plan_year, "int", width=8),
        Column(_("planned investment this year (万元)"), lambda p: p.annual_plan, "money"),
        Column(_("planned start"), lambda p: p.planned_start, "date", width=12),
        Column(_("planned completion"), lambda p: p.planned_completion, "date", width=12),
        Column(_("actual start"), lambda p: p.actual_start, "date", width=12),
        Column(_("entered statistics on"), lambda p: p.in_statistics_date, "date", width=12),
        Column(_("leader in charge"), lambda p: str(p.leader_in_charge or ""), width=16),
        Column(_("department in charge"), lambda p: str(p.department_in_charge or ""), width=18),
        Column(_("construction scale and content"), lambda p: p.construction_content, width=40),
        Column(_("contact person"), lambda p: p.contact_person),
        Column(_("contact phone"), lambda p: p.contact_phone),
    ]
