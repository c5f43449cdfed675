"""Who may reach what: every URL pattern (from the URL resolver) and every API operation (from
the OpenAPI schema), called as every role and anonymously, always with the ids of 江川区's
objects (so 红塔区 and the department and owner of the other projects are out of scope; city
leaders read the whole city, like auditors).

The tables below hold the expected status per role, in the order of ROLES + anonymous. A URL
pattern or an API operation without an entry fails the test: a new endpoint gets a line here.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from groundbreak.core.tests.api_matrix import api_operations, api_schema, url_names
from groundbreak.core.tests.conftest import ROLES

WHO = [*ROLES, "anonymous"]


def page_url(name, world):
    kwargs = {
        "alerts:exemption_decide": {"pk": world.exemption.pk},
        "alerts:exemption_evidence": {"pk": world.exemption.pk},
        "alerts:exemption_request": {"pk": world.warning.pk},
        "alerts:rule_edit": {"pk": world.rule.pk},
        "alerts:rule_switch": {"pk": world.rule.pk},
        "alerts:warning_acknowledge": {"pk": world.warning.pk},
        "alerts:warning_detail": {"pk": world.warning.pk},
        "cockpit:map_data": {"code": "530400"},
        "cockpit:region": {"code": world.region.code},
        "dispatch:bulletin_action": {"pk": world.bulletin.pk, "action": "issue"},
        "dispatch:bulletin_detail": {"pk": world.bulletin.pk},
        "dispatch:bulletin_docx": {"pk": world.bulletin.pk},
        "dispatch:bulletin_object": {"pk": world.bulletin.pk},
        "dispatch:bulletin_pdf": {"pk": world.bulletin.pk},
        "dispatch:objection_answer": {"pk": world.objection.pk},
        "dispatch:decision_add": {"pk": world.meeting.pk},
        "dispatch:item_action": {"pk": world.item.pk, "action": "receive"},
        "dispatch:item_detail": {"pk": world.item.pk},
        "dispatch:item_docx": {"pk": world.item.pk},
        "dispatch:item_print": {"pk": world.item.pk},
        "dispatch:line_action": {"pk": world.agenda_line.pk, "action": "up"},
        "dispatch:line_add": {"pk": world.meeting.pk},
        "dispatch:meeting_detail": {"pk": world.meeting.pk},
        "dispatch:meeting_docx": {"pk": world.meeting.pk},
        "dispatch:meeting_generate": {"pk": world.meeting.pk},
        "dispatch:meeting_minutes": {"pk": world.meeting.pk},
        "dispatch:sandu_export": {"name": "lagging"},
        "dispatch:sandu_list": {"name": "unregistered"},
        "dispatch:step_evidence": {"pk": world.step.pk},
        "imports:import_confirm": {"pk": world.record.pk},
        "imports:import_decide": {"pk": world.record.pk},
        "imports:import_detail": {"pk": world.record.pk},
        "imports:import_file": {"pk": world.record.pk},
        "imports:import_map_columns": {"pk": world.record.pk},
        "imports:import_progress": {"pk": world.record.pk},
        "lists:import": {"kind": "problems"},
        "lists:measure_create": {"project_pk": world.project.pk},
        "lists:measure_edit": {"pk": world.measure.pk},
        "lists:problem_action": {"pk": world.problem.pk, "action": "accept"},
        "lists:problem_detail": {"pk": world.problem.pk},
        "lists:problem_raise": {"project_pk": world.project.pk},
        "lists:target_create": {"project_pk": world.project.pk},
        "lists:target_edit": {"pk": world.target.pk},
        "projects:batch_detail": {"pk": world.batch.pk},
        "projects:batch_edit": {"pk": world.batch.pk},
        "projects:project_change_stage": {"pk": world.project.pk},
        "projects:project_complete": {"pk": world.project.pk},
        "projects:project_detail": {"pk": world.project.pk},
        "projects:project_edit": {"pk": world.project.pk},
        "projects:project_enter_statistics": {"pk": world.project.pk},
        "projects:project_record_work_status": {"pk": world.project.pk},
        "reporting:attachment": {"pk": world.attachment.pk},
        "reporting:attachment_thumbnail": {"pk": world.attachment.pk},
        "reporting:fill_report": {"project_pk": world.project.pk, "period_pk": world.period.pk},
        "reporting:no_change": {"project_pk": world.project.pk, "period_pk": world.period.pk},
        "reporting:report_action": {"pk": world.report.pk, "action": "submit"},
        "reporting:report_attach": {"pk": world.report.pk},
        "reporting:report_detail": {"pk": world.report.pk},
        "reporting:report_detach": {"pk": world.report.pk, "attachment_pk": world.attachment.pk},
        "reporting:statistics_enter": {
            "project_pk": world.project.pk,
            "period_pk": world.period.pk,
        },
        "reporting:statistics_explain": {"pk": world.figure.pk},
        "scoreboard:subject_detail": {"kind": "leaders", "pk": world.jc_leader.pk},
        "scoreboard:cadre_edit": {"pk": world.cadre.pk},
        "scoreboard:cadre_assign": {"project_pk": world.project.pk},
        "appraisal:appraisal_detail": {"pk": world.appraisal.pk},
        "appraisal:appraisal_edit": {"pk": world.appraisal.pk},
        "appraisal:appraisal_create": {"project_pk": world.project.pk},
        "appraisal:scorecard_edit": {"kind": "ex_ante"},
        "notifications:notification_open": {"pk": world.notification.pk},
        "notifications:notification_read": {"pk": world.notification.pk},
        "notifications:channel_edit": {"pk": world.channel.pk},
        "notifications:channel_test": {"pk": world.channel.pk},
        "notifications:delivery_retry": {"pk": world.channel.pk},
        "planning:unlock": {"pk": world.planning_lock.pk},
        "planning:readiness": {"pk": world.project.pk},
        "finance:declaration_detail": {"pk": world.declaration.pk},
        "finance:declaration_declare": {"pk": world.declaration.pk},
        "finance:declaration_outcome": {"pk": world.declaration.pk},
        "finance:document_upload": {"project_pk": world.project.pk},
        "finance:document_file": {"pk": world.document.pk},
    }.get(name)
    query = {
        "planning:account_projects": f"?year=2020&region={world.region.pk}&account=stock",
        "planning:close_gap": f"?year=2020&region={world.region.pk}",
    }.get(name, "")
    return reverse(name, kwargs=kwargs) + query


def api_path(world, path):
    """The operation's path with the id of 江川区's object of its kind."""
    ids = {
        "batches": world.batch.pk,
        "evidence": world.attachment.pk,
        "imports": world.record.pk,
        "measures": world.measure.pk,
        "problems": world.problem.pk,
        "targets": world.target.pk,
        "projects": world.project.pk,
        "regions": world.region.pk,
        "reporting-periods": world.period.pk,
        "reports": world.report.pk,
        "sectors": world.sector.pk,
        "statistics-figures": world.figure.pk,
        "work-status": world.event.pk,
        "notifications": world.notification.pk,
        "robot-channels": world.channel.pk,
        "warnings": world.warning.pk,
        "warning-exemptions": world.exemption.pk,
        "warning-rules": world.rule.pk,
        "meetings": world.meeting.pk,
        "agenda-lines": world.agenda_line.pk,
        "supervision-items": world.item.pk,
        "service-cadres": world.cadre.pk,
        "appraisals": world.appraisal.pk,
        "appraisal-criteria": world.criterion.pk,
        "bulletins": world.bulletin.pk,
        "bulletin-objections": world.objection.pk,
        "planning-targets": world.planning_target.pk,
        "planning-locks": world.planning_lock.pk,
        "planning-weights": world.start_weight.pk,
        "finance-channels": world.declaration.channel_id,
        "finance-declarations": world.declaration.pk,
        "finance-movements": world.movement.pk,
    }
    if "{id}" not in path:
        return path
    path = path.replace("{attachment_pk}", str(world.attachment.pk))
    return path.replace("{id}", str(ids[path.split("/")[2]]))


def api_query(world, operation):
    """The operation's required query parameters, naming 江川区's objects."""
    values = {"project": world.project.pk, "period": world.period.pk}
    return {
        p["name"]: values[p["name"]]
        for p in operation.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }


def client_for(world, role, token=False):
    client = APIClient()
    if role != "anonymous":
        if token:
            key = Token.objects.get_or_create(user=world.users[role])[0].key
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        else:
            client.force_authenticate(world.users[role])
    return client


def api_call(world, role, method, path, operation, client=None):
    """Call the operation as the role: a write with an empty body (scope and rights are checked
    before the payload, so the answer says who may do it: 400 means "yours to do")."""
    client = client or client_for(world, role)
    url = api_path(world, path)
    if method == "get":
        return client.get(url, api_query(world, operation))
    return getattr(client, method)(url, {}, format="json")


# city, hongta, jiangchuan, dept, owner, leader, auditor, anonymous — GET of each page.
PAGES = {
    "alerts:exemption_decide": (405, 405, 405, 405, 405, 405, 405, 302),
    "alerts:exemption_evidence": (200, 404, 200, 404, 404, 200, 200, 302),
    "alerts:exemption_list": (200, 200, 200, 200, 200, 200, 200, 302),
    "alerts:exemption_request": (405, 405, 405, 405, 405, 405, 405, 302),
    "alerts:rule_edit": (200, 403, 403, 403, 403, 403, 403, 302),
    "alerts:rule_list": (200, 200, 200, 200, 200, 200, 200, 302),
    "alerts:rule_switch": (405, 405, 405, 405, 405, 405, 405, 302),
    "alerts:warning_acknowledge": (405, 405, 405, 405, 405, 405, 405, 302),
    "alerts:warning_detail": (200, 404, 200, 404, 404, 200, 200, 302),
    "alerts:warning_list": (200, 200, 200, 200, 200, 200, 200, 302),
    "audit:change_export": (200, 403, 403, 403, 403, 403, 200, 302),
    "audit:change_list": (200, 403, 403, 403, 403, 403, 200, 302),
    "audit:health": (200, 200, 200, 200, 200, 200, 200, 200),
    "audit:login_list": (200, 403, 403, 403, 403, 403, 200, 302),
    "api_docs": (200, 200, 200, 200, 200, 200, 200, 403),
    "api_schema": (200, 200, 200, 200, 200, 200, 200, 403),
    "home": (302, 302, 302, 302, 302, 302, 302, 302),
    "cockpit:about": (200, 200, 200, 200, 200, 200, 200, 302),
    "cockpit:cockpit": (200, 200, 200, 200, 200, 200, 200, 302),
    "cockpit:map_data": (200, 200, 200, 200, 200, 200, 200, 302),
    "cockpit:region": (200, 404, 200, 200, 200, 200, 200, 302),
    "dispatch:bulletin_action": (405, 405, 405, 405, 405, 405, 405, 302),
    "dispatch:bulletin_create": (200, 403, 403, 403, 403, 403, 403, 302),
    "dispatch:bulletin_detail": (200, 200, 200, 404, 404, 200, 200, 302),
    "dispatch:bulletin_docx": (200, 200, 200, 404, 404, 200, 200, 302),
    "dispatch:bulletin_list": (200, 200, 200, 200, 200, 200, 200, 302),
    "dispatch:bulletin_object": (405, 405, 405, 405, 405, 405, 405, 302),
    "dispatch:bulletin_pdf": (200, 200, 200, 404, 404, 200, 200, 302),
    "dispatch:objection_answer": (405, 405, 405, 405, 405, 405, 405, 302),
    "dispatch:ranking_formula": (200, 200, 200, 200, 200, 200, 200, 302),
    "dispatch:decision_add": (405, 405, 405, 405, 405, 405, 405, 302),
    "dispatch:item_action": (405, 405, 405, 405, 405, 405, 405, 302),
    "dispatch:item_detail": (200, 404, 200, 404, 404, 200, 200, 302),
    "dispatch:item_docx": (200, 404, 200, 404, 404, 200, 200, 302),
    "dispatch:item_list": (200, 200, 200, 200, 200, 200, 200, 302),
    "dispatch:item_print": (200, 404, 200, 404, 404, 200, 200, 302),
    "dispatch:line_action": (405, 405, 405, 405, 405, 405, 405, 302),
    "dispatch:line_add": (405, 405, 405, 405, 405, 405, 405, 302),
    "dispatch:meeting_create": (200, 403, 403, 403, 403, 403, 403, 302),
    "dispatch:meeting_detail": (200, 404, 200, 404, 404, 200, 200, 302),
    "dispatch:meeting_docx": (200, 404, 200, 404, 404, 200, 200, 302),
    "dispatch:meeting_generate": (405, 405, 405, 405, 405, 405, 405, 302),
    "dispatch:meeting_list": (200, 200, 200, 200, 200, 200, 200, 302),
    "dispatch:meeting_minutes": (405, 405, 405, 405, 405, 405, 405, 302),
    "dispatch:sandu_export": (200, 200, 200, 200, 200, 200, 200, 302),
    "dispatch:sandu_list": (200, 200, 200, 200, 200, 200, 200, 302),
    "dispatch:step_evidence": (200, 404, 200, 404, 404, 200, 200, 302),
    "imports:import_confirm": (405, 405, 405, 405, 405, 405, 405, 302),
    "imports:import_decide": (405, 405, 405, 405, 405, 405, 405, 302),
    "imports:import_detail": (200, 404, 200, 404, 404, 404, 200, 302),
    "imports:import_file": (200, 404, 200, 404, 404, 404, 200, 302),
    "imports:import_list": (200, 200, 200, 403, 403, 403, 200, 302),
    "imports:import_map_columns": (405, 405, 405, 405, 405, 405, 405, 302),
    "imports:import_progress": (200, 404, 200, 404, 404, 404, 200, 302),
    "lists:deadlines": (200, 200, 200, 200, 200, 200, 200, 302),
    "lists:import": (200, 200, 200, 200, 200, 403, 403, 302),
    "lists:measure_create": (200, 404, 200, 404, 404, 403, 403, 302),
    "lists:measure_edit": (200, 404, 200, 404, 404, 403, 403, 302),
    "lists:measure_list": (200, 200, 200, 200, 200, 200, 200, 302),
    "lists:problem_action": (405, 405, 405, 405, 405, 405, 405, 302),
    "lists:problem_detail": (200, 404, 200, 404, 404, 200, 200, 302),
    "lists:problem_list": (200, 200, 200, 200, 200, 200, 200, 302),
    "lists:problem_raise": (200, 404, 200, 404, 404, 403, 403, 302),
    "lists:target_create": (200, 404, 200, 404, 404, 403, 403, 302),
    "lists:target_edit": (200, 404, 200, 404, 404, 403, 403, 302),
    "lists:target_list": (200, 200, 200, 200, 200, 200, 200, 302),
    "login": (200, 200, 200, 200, 200, 200, 200, 200),
    "logout": (405, 405, 405, 405, 405, 405, 405, 405),
    "projects:batch_add": (200, 200, 200, 403, 403, 403, 403, 302),
    "projects:batch_detail": (200, 404, 200, 404, 404, 200, 200, 302),
    "projects:batch_edit": (200, 404, 200, 404, 404, 403, 403, 302),
    "projects:batch_list": (200, 200, 200, 200, 200, 200, 200, 302),
    "projects:overview": (200, 200, 200, 200, 200, 200, 200, 302),
    "projects:project_add": (200, 200, 200, 403, 403, 403, 403, 302),
    "projects:project_change_stage": (405, 405, 405, 405, 405, 405, 405, 302),
    "projects:project_complete": (405, 405, 405, 405, 405, 405, 405, 302),
    "projects:project_detail": (200, 404, 200, 404, 404, 200, 200, 302),
    "projects:project_edit": (200, 404, 200, 404, 404, 403, 403, 302),
    "projects:project_enter_statistics": (405, 405, 405, 405, 405, 405, 405, 302),
    "projects:project_list": (200, 200, 200, 200, 200, 200, 200, 302),
    "projects:project_record_work_status": (405, 405, 405, 405, 405, 405, 405, 302),
    "projects:project_template": (200, 200, 200, 403, 403, 403, 403, 302),
    "projects:resumption": (200, 200, 200, 200, 200, 200, 200, 302),
    "projects:to_complete": (200, 200, 200, 200, 200, 200, 200, 302),
    "reporting:attachment": (200, 404, 200, 404, 404, 200, 200, 302),
    "reporting:attachment_thumbnail": (200, 404, 200, 404, 404, 200, 200, 302),
    "reporting:fill_list": (200, 200, 200, 200, 200, 200, 200, 302),
    "reporting:fill_report": (200, 404, 200, 404, 404, 404, 404, 302),
    "reporting:missing_list": (200, 200, 200, 200, 200, 200, 200, 302),
    "reporting:no_change": (200, 404, 200, 404, 404, 404, 404, 302),
    "reporting:report_detach": (405, 405, 405, 405, 405, 405, 405, 302),
    "reporting:report_action": (405, 405, 405, 405, 405, 405, 405, 302),
    "reporting:report_attach": (405, 405, 405, 405, 405, 405, 405, 302),
    "reporting:report_detail": (200, 404, 200, 404, 404, 200, 200, 302),
    "reporting:report_list": (200, 200, 200, 200, 200, 200, 200, 302),
    "reporting:report_template": (404, 404, 404, 404, 404, 404, 404, 302),
    "reporting:statistics": (200, 200, 200, 200, 200, 200, 200, 302),
    "reporting:statistics_enter": (405, 405, 405, 405, 405, 405, 405, 302),
    "reporting:statistics_explain": (405, 405, 405, 405, 405, 405, 405, 302),
    "planning:accounts": (200, 200, 200, 403, 403, 200, 200, 302),
    "planning:account_projects": (200, 404, 200, 403, 403, 200, 200, 302),
    "planning:close_gap": (200, 404, 200, 403, 403, 200, 200, 302),
    "planning:quarterly": (200, 200, 200, 403, 403, 200, 200, 302),
    "planning:reserve": (200, 200, 200, 403, 403, 200, 200, 302),
    "planning:targets": (200, 200, 200, 403, 403, 200, 200, 302),
    "planning:weights": (200, 200, 200, 403, 403, 200, 200, 302),
    "planning:figure_save": (405, 405, 405, 405, 405, 405, 405, 302),
    "planning:lock": (405, 405, 405, 405, 405, 405, 405, 302),
    "planning:unlock": (405, 405, 405, 405, 405, 405, 405, 302),
    "planning:readiness": (405, 405, 405, 405, 405, 405, 405, 302),
    "finance:declaration_list": (200, 200, 200, 200, 200, 200, 200, 302),
    "finance:declaration_create": (200, 200, 200, 403, 403, 403, 403, 302),
    "finance:declaration_detail": (200, 404, 200, 404, 404, 200, 200, 302),
    "finance:declaration_declare": (405, 405, 405, 405, 405, 405, 405, 302),
    "finance:declaration_outcome": (405, 405, 405, 405, 405, 405, 405, 302),
    "finance:document_upload": (405, 405, 405, 405, 405, 405, 405, 302),
    "finance:document_file": (200, 404, 200, 404, 404, 200, 200, 302),
    "finance:readiness": (200, 200, 200, 200, 200, 200, 200, 302),
    "finance:gaps": (200, 200, 200, 200, 200, 200, 200, 302),
    "finance:gaps_export": (200, 200, 200, 200, 200, 200, 200, 302),
    "finance:funds": (200, 200, 200, 200, 200, 200, 200, 302),
    "set_language": (302, 302, 302, 302, 302, 302, 302, 302),
    "scoreboard:board": (200, 200, 200, 200, 403, 200, 200, 302),
    "scoreboard:weights": (200, 200, 200, 200, 403, 200, 200, 302),
    "scoreboard:subject_detail": (200, 404, 200, 404, 403, 404, 200, 302),
    "scoreboard:cadre_list": (200, 200, 200, 200, 200, 200, 200, 302),
    "scoreboard:cadre_edit": (200, 404, 200, 404, 404, 403, 403, 302),
    "scoreboard:cadre_assign": (200, 404, 200, 404, 404, 403, 403, 302),
    "appraisal:appraisal_list": (200, 200, 200, 200, 200, 200, 200, 302),
    "appraisal:appraisal_detail": (200, 404, 200, 404, 404, 200, 200, 302),
    "appraisal:appraisal_edit": (200, 404, 403, 404, 404, 403, 403, 302),
    "appraisal:appraisal_create": (200, 404, 403, 404, 404, 403, 403, 302),
    "appraisal:scorecard_list": (200, 200, 200, 200, 200, 200, 200, 302),
    "appraisal:scorecard_edit": (200, 403, 403, 403, 403, 403, 403, 302),
    "notifications:inbox": (200, 200, 200, 200, 200, 200, 200, 302),
    "notifications:inbox_read_all": (405, 405, 405, 405, 405, 405, 405, 302),
    "notifications:notification_open": (404, 404, 302, 404, 404, 404, 404, 302),
    "notifications:notification_read": (405, 405, 405, 405, 405, 405, 405, 302),
    "notifications:channel_list": (200, 403, 403, 403, 403, 403, 403, 302),
    "notifications:channel_add": (200, 403, 403, 403, 403, 403, 403, 302),
    "notifications:channel_edit": (200, 403, 403, 403, 403, 403, 403, 302),
    "notifications:channel_test": (405, 405, 405, 405, 405, 405, 405, 302),
    "notifications:delivery_retry": (405, 405, 405, 405, 405, 405, 405, 302),
}

# The same, for each API operation (writes with an empty body: 400 = allowed, payload refused).
# Note: some writes answer an auditor 400 rather than 403, as the payload is read first.
OPERATIONS = {
    "bulletins_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "bulletins_retrieve": (200, 200, 200, 404, 404, 200, 200, 403),
    "bulletin_objections_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "bulletin_objections_create": (403, 400, 400, 403, 403, 403, 403, 403),
    "bulletin_objections_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "bulletin_objections_answer_create": (400, 404, 403, 404, 404, 403, 403, 403),
    "meetings_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "meetings_create": (400, 403, 403, 403, 403, 403, 403, 403),
    "meetings_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "meetings_generate_create": (200, 404, 403, 404, 404, 403, 403, 403),
    "agenda_lines_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "agenda_lines_create": (400, 403, 403, 403, 403, 403, 403, 403),
    "agenda_lines_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "agenda_lines_up_create": (200, 404, 403, 404, 404, 403, 403, 403),
    "agenda_lines_down_create": (200, 404, 403, 404, 404, 403, 403, 403),
    "agenda_lines_drop_create": (200, 404, 403, 404, 404, 403, 403, 403),
    "agenda_lines_restore_create": (200, 404, 403, 404, 404, 403, 403, 403),
    "supervision_items_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "supervision_items_create": (400, 403, 403, 403, 403, 403, 403, 403),
    "supervision_items_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "supervision_items_approve_create": (403, 404, 403, 404, 404, 400, 403, 403),
    "supervision_items_issue_create": (400, 404, 403, 404, 404, 403, 403, 403),
    "supervision_items_receive_create": (403, 404, 200, 404, 404, 403, 403, 403),
    "supervision_items_start_create": (403, 404, 400, 404, 404, 403, 403, 403),
    "supervision_items_feedback_create": (403, 404, 400, 404, 404, 403, 403, 403),
    "supervision_items_review_create": (400, 404, 403, 404, 404, 403, 403, 403),
    "supervision_items_close_create": (400, 404, 403, 404, 404, 403, 403, 403),
    "supervision_items_send_back_create": (400, 404, 403, 404, 404, 403, 403, 403),
    "batches_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "batches_create": (400, 400, 400, 400, 400, 400, 400, 403),
    "batches_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "batches_update": (400, 404, 400, 404, 404, 400, 400, 403),
    "batches_partial_update": (400, 404, 400, 404, 404, 403, 403, 403),
    "batches_figures_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "evidence_file_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "evidence_thumbnail_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "imports_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "imports_create": (400, 400, 400, 400, 400, 400, 400, 403),
    "imports_retrieve": (200, 404, 200, 404, 404, 404, 200, 403),
    "imports_confirm_create": (400, 404, 400, 404, 404, 404, 403, 403),
    "imports_decide_create": (400, 404, 400, 404, 404, 404, 403, 403),
    "imports_columns_create": (400, 404, 400, 404, 404, 404, 403, 403),
    "measures_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "measures_create": (400, 400, 400, 400, 400, 400, 400, 403),
    "measures_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "measures_update": (400, 404, 400, 404, 404, 400, 400, 403),
    "measures_partial_update": (400, 404, 400, 404, 404, 403, 403, 403),
    "measures_history_list": (200, 404, 200, 404, 404, 200, 200, 403),
    "problems_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "problems_create": (400, 400, 400, 400, 400, 400, 400, 403),
    "problems_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "problems_update": (400, 404, 400, 404, 404, 400, 400, 403),
    "problems_partial_update": (400, 404, 400, 404, 404, 403, 403, 403),
    "problems_history_list": (200, 404, 200, 404, 404, 200, 200, 403),
    "problems_accept_create": (400, 404, 400, 404, 404, 403, 403, 403),
    "problems_start_create": (400, 404, 400, 404, 404, 403, 403, 403),
    "problems_resolve_create": (400, 404, 400, 404, 404, 403, 403, 403),
    "problems_confirm_create": (403, 404, 400, 404, 404, 403, 403, 403),
    "problems_refuse_resolution_create": (403, 404, 400, 404, 404, 403, 403, 403),
    "problems_city_close_create": (400, 404, 403, 404, 404, 403, 403, 403),
    "targets_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "targets_create": (400, 400, 400, 400, 400, 400, 400, 403),
    "targets_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "targets_update": (400, 404, 400, 404, 404, 400, 400, 403),
    "targets_partial_update": (400, 404, 400, 404, 404, 403, 403, 403),
    "targets_history_list": (200, 404, 200, 404, 404, 200, 200, 403),
    "projects_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "projects_create": (400, 400, 400, 400, 400, 400, 400, 403),
    "projects_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "projects_update": (400, 404, 400, 404, 404, 400, 400, 403),
    "projects_partial_update": (400, 404, 400, 404, 404, 400, 400, 403),
    "projects_enter_statistics_create": (400, 404, 400, 404, 404, 400, 400, 403),
    "projects_history_list": (200, 404, 200, 404, 404, 200, 200, 403),
    "projects_transition_create": (400, 404, 400, 404, 404, 400, 400, 403),
    "regions_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "regions_retrieve": (200, 200, 200, 200, 200, 200, 200, 403),
    "reporting_periods_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "reporting_periods_retrieve": (200, 200, 200, 200, 200, 200, 200, 403),
    "reports_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "reports_create": (400, 400, 400, 400, 400, 400, 400, 403),
    "reports_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "reports_update": (400, 404, 400, 404, 404, 400, 400, 403),
    "reports_partial_update": (400, 404, 400, 404, 404, 403, 403, 403),
    "reports_approve_create": (400, 404, 400, 404, 404, 403, 403, 403),
    "reports_attachments_list": (200, 404, 200, 404, 404, 200, 200, 403),
    "reports_attachments_create": (415, 404, 415, 404, 404, 415, 415, 403),
    "reports_attachments_destroy": (204, 404, 204, 404, 404, 403, 403, 403),
    "reports_correct_create": (400, 404, 400, 404, 404, 400, 400, 403),
    "reports_history_list": (200, 404, 200, 404, 404, 200, 200, 403),
    "reports_lock_create": (400, 404, 403, 404, 404, 403, 403, 403),
    "reports_return_create": (400, 404, 400, 404, 404, 400, 400, 403),
    "reports_submit_create": (400, 404, 400, 404, 404, 403, 403, 403),
    "reports_no_change_create": (400, 400, 400, 400, 400, 400, 400, 403),
    "reports_prefill_retrieve": (200, 400, 200, 400, 400, 200, 200, 403),
    "resumption_retrieve": (200, 200, 200, 200, 200, 200, 200, 403),
    "sectors_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "sectors_retrieve": (200, 200, 200, 200, 200, 200, 200, 403),
    "statistics_figures_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "statistics_figures_create": (400, 400, 400, 400, 400, 400, 400, 403),
    "statistics_figures_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "statistics_figures_update": (400, 404, 400, 404, 404, 400, 400, 403),
    "statistics_figures_partial_update": (400, 404, 400, 404, 404, 403, 403, 403),
    "statistics_figures_explain_create": (400, 404, 400, 404, 404, 400, 400, 403),
    "planning_targets_list": (200, 200, 200, 403, 403, 200, 200, 403),
    "planning_targets_create": (400, 403, 403, 403, 403, 403, 403, 403),
    "planning_targets_retrieve": (200, 404, 200, 403, 403, 200, 200, 403),
    "planning_targets_update": (400, 404, 403, 403, 403, 403, 403, 403),
    "planning_targets_partial_update": (400, 404, 403, 403, 403, 403, 403, 403),
    "planning_accounts_list": (200, 200, 200, 403, 403, 200, 200, 403),
    "planning_locks_list": (200, 200, 200, 403, 403, 200, 200, 403),
    "planning_locks_create": (400, 400, 400, 403, 403, 403, 403, 403),
    "planning_locks_retrieve": (200, 404, 200, 403, 403, 200, 200, 403),
    "planning_locks_unlock_create": (403, 404, 200, 403, 403, 403, 403, 403),
    "planning_weights_list": (200, 200, 200, 403, 403, 200, 200, 403),
    "planning_weights_retrieve": (200, 200, 200, 403, 403, 200, 200, 403),
    "planning_weights_update": (400, 403, 403, 403, 403, 403, 403, 403),
    "planning_weights_partial_update": (200, 403, 403, 403, 403, 403, 403, 403),
    "finance_channels_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "finance_channels_retrieve": (200, 200, 200, 200, 200, 200, 200, 403),
    "finance_declarations_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "finance_declarations_create": (400, 400, 400, 403, 403, 403, 403, 403),
    "finance_declarations_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "finance_declarations_declare_create": (400, 404, 400, 404, 404, 403, 403, 403),
    "finance_declarations_outcome_create": (400, 404, 400, 404, 404, 403, 403, 403),
    "finance_movements_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "finance_movements_create": (400, 400, 400, 403, 403, 403, 403, 403),
    "finance_movements_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "finance_gaps_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "work_status_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "work_status_create": (400, 400, 400, 400, 400, 400, 400, 403),
    "work_status_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "notifications_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "notifications_retrieve": (404, 404, 200, 404, 404, 404, 404, 403),
    "notifications_read_create": (404, 404, 200, 404, 404, 404, 404, 403),
    "notifications_read_all_create": (200, 200, 200, 200, 200, 200, 200, 403),
    "robot_channels_list": (200, 403, 403, 403, 403, 403, 403, 403),
    "robot_channels_create": (400, 403, 403, 403, 403, 403, 403, 403),
    "robot_channels_retrieve": (200, 403, 403, 403, 403, 403, 403, 403),
    "robot_channels_update": (400, 403, 403, 403, 403, 403, 403, 403),
    "robot_channels_partial_update": (200, 403, 403, 403, 403, 403, 403, 403),
    "robot_channels_test_create": (200, 403, 403, 403, 403, 403, 403, 403),
    "warnings_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "warnings_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "warnings_acknowledge_create": (400, 404, 400, 404, 404, 403, 403, 403),
    "warnings_exemption_create": (400, 404, 400, 404, 404, 403, 403, 403),
    "warning_exemptions_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "warning_exemptions_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "warning_exemptions_decide_create": (400, 404, 403, 404, 404, 403, 403, 403),
    "service_cadres_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "service_cadres_create": (400, 400, 400, 403, 403, 403, 403, 403),
    "service_cadres_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "service_cadres_update": (400, 404, 400, 404, 404, 403, 403, 403),
    "service_cadres_partial_update": (400, 404, 400, 404, 404, 403, 403, 403),
    "scoreboard_list": (200, 200, 200, 200, 403, 200, 200, 403),
    "score_weights_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "score_weights_create": (400, 403, 403, 403, 403, 403, 403, 403),
    "appraisals_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "appraisals_create": (400, 403, 403, 400, 403, 403, 403, 403),
    "appraisals_retrieve": (200, 404, 200, 404, 404, 200, 200, 403),
    "appraisals_update": (400, 404, 403, 404, 404, 403, 403, 403),
    "appraisals_partial_update": (400, 404, 403, 404, 404, 403, 403, 403),
    "appraisal_criteria_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "appraisal_criteria_create": (400, 403, 403, 403, 403, 403, 403, 403),
    "appraisal_criteria_retrieve": (200, 200, 200, 200, 200, 200, 200, 403),
    "appraisal_criteria_update": (400, 403, 403, 403, 403, 403, 403, 403),
    "appraisal_criteria_partial_update": (400, 403, 403, 403, 403, 403, 403, 403),
    "warning_rules_list": (200, 200, 200, 200, 200, 200, 200, 403),
    "warning_rules_retrieve": (200, 200, 200, 200, 200, 200, 200, 403),
    "warning_rules_update": (400, 403, 403, 403, 403, 403, 403, 403),
    "warning_rules_partial_update": (200, 403, 403, 403, 403, 403, 403, 403),
}


def test_every_url_pattern_has_an_entry():
    assert url_names() == set(PAGES), "add the new URL pattern to PAGES with its statuses"


def test_every_api_operation_has_an_entry():
    operations = {op for op, *_ in api_operations()}
    assert operations == set(OPERATIONS), "add the new API operation to OPERATIONS"


def test_every_page_answers_each_role(world):
    clients = {"anonymous": Client()}
    for role in ROLES:
        clients[role] = Client()
        clients[role].force_login(world.users[role])
    wrong = {}
    for name, statuses in PAGES.items():
        for role, expected in zip(WHO, statuses, strict=True):
            status = clients[role].get(page_url(name, world)).status_code
            if status != expected:
                wrong[(name, role)] = (status, expected)
    assert wrong == {}


@pytest.fixture(scope="module")
def schema():
    return api_schema()


def test_api_operations_answer_each_role_with_a_token(world, schema):
    """Every operation with real ids, as every role (token auth): the expected status, never a
    5xx, and every answer's status documented in the schema."""
    wrong = {}
    for op, method, path, operation in api_operations(schema):
        for role, expected in zip(WHO, OPERATIONS[op], strict=True):
            client = client_for(world, role, token=True)
            with transaction.atomic():  # each call sees the same world (a delete is undone)
                answer = api_call(world, role, method, path, operation, client=client)
                transaction.set_rollback(True)
            status = answer.status_code
            if status != expected or str(status) not in operation["responses"]:
                wrong[(op, role)] = (status, expected)
    assert wrong == {}
