"""The lists on pages: raised in the report form and carried into the next month's, overdue
first, export → edit → import back (refusing rows out of scope), the API steps."""

import io
from datetime import date, timedelta

import openpyxl
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from groundbreak.lists import services
from groundbreak.lists.choices import ProblemStatus
from groundbreak.lists.models import Measure, Problem, Target
from groundbreak.lists.selectors import deadline_rows

REPORT = {"completed_period": "200", "completed_ytd": "200", "completed_total": "700",
          "progress_text": "主体施工", "workers_on_site": "60", "problems": "",
          "over_plan_reason": "", "action": "save"}  # fmt: skip


def test_an_owner_raises_in_the_report_form_and_updates_it_next_month(
    client, owner_user, hongta_user, project, periods
):
    client.force_login(owner_user)
    march = reverse("reporting:fill_report", args=[project.pk, periods[3].pk])
    assert "fill-problems" in client.get(march).content.decode()
    answer = client.post(march, {**REPORT, "new_problem_description": "施工用电未接入",
                                 "new_problem_category": "utilities",
                                 "new_problem_solving_level": "county"})  # fmt: skip
    assert answer.status_code == 302
    problem = Problem.objects.get()
    assert problem.raised_by == owner_user and problem.report.period == periods[3]
    assert problem.status == ProblemStatus.RAISED
    # April's form carries it: the owner writes only its progress.
    april = reverse("reporting:fill_report", args=[project.pk, periods[4].pk])
    page = client.get(april).content.decode()
    assert f"problem_{problem.pk}_progress" in page and "施工用电未接入" in page
    answer = client.post(april, {**REPORT, "completed_ytd": "400", "completed_total": "900",
                                 f"problem_{problem.pk}_progress": "供电局已勘察",
                                 f"problem_{problem.pk}_version": problem.version})  # fmt: skip
    assert answer.status_code == 302
    problem.refresh_from_db()
    assert problem.progress_note == "供电局已勘察" and Problem.objects.count() == 1
    # The county sees it in its problems list; 江川区 does not.
    client.force_login(hongta_user)
    assert "施工用电未接入" in client.get(reverse("lists:problem_list")).content.decode()


def test_a_bad_problem_in_the_form_saves_nothing(client, owner_user, project, periods):
    from groundbreak.reporting.models import MonthlyReport

    client.force_login(owner_user)
    march = reverse("reporting:fill_report", args=[project.pk, periods[3].pk])
    answer = client.post(march, {**REPORT, "new_problem_description": "缺资金"})  # no category
    assert answer.status_code == 200 and "category" in answer.content.decode()
    assert not Problem.objects.exists() and not MonthlyReport.objects.exists()


def test_overdue_first_and_the_county_sees_only_its_own(
    client, project, portfolio, hongta_user, jiangchuan_user, city_user
):
    today = timezone.localdate()
    services.create_target(project, by=city_user, year=today.year, content="年度完成投资8000万元",
                           due_date=today + timedelta(days=30))  # fmt: skip
    late = services.create_target(project, by=city_user, year=today.year, content="主体封顶",
                                  due_date=today - timedelta(days=1))  # fmt: skip
    services.create_target(project, by=city_user, year=today.year, content="已完成",
                           due_date=today - timedelta(days=9), achieved_on=today)  # fmt: skip
    services.create_measure(portfolio["jiangchuan"], by=jiangchuan_user, content="江川措施",
                            due_date=today - timedelta(days=5))  # fmt: skip
    assert list(Target.objects.overdue(today)) == [late]
    ordered = list(Target.objects.overdue_first(today).values_list("content", flat=True))
    assert ordered[0] == "主体封顶"
    rows = deadline_rows(hongta_user, today)
    assert [r["text"] for r in rows] == ["主体封顶", "年度完成投资8000万元"]
    assert rows[0]["late"] and not rows[1]["late"]
    assert [r["text"] for r in deadline_rows(city_user, today)][:2] == ["江川措施", "主体封顶"]
    client.force_login(hongta_user)
    page = client.get(reverse("lists:deadlines")).content.decode()
    assert "主体封顶" in page and "江川措施" not in page
    page = client.get(reverse("lists:target_list") + "?overdue=yes").content.decode()
    assert "主体封顶" in page and "年度完成投资" not in page
    page = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert "five-lists" in page and "主体封顶" in page


def _export(client, url):
    answer = client.get(url + "?export=xlsx")
    assert answer.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(answer.content))


def test_export_edit_import_back(client, project, portfolio, hongta_user, jiangchuan_user):
    mine = services.create_measure(project, by=hongta_user, content="协调供电",
                                   responsible_unit="红塔供电局", due_date=date(2020, 4, 30))  # fmt: skip
    theirs = services.create_measure(portfolio["jiangchuan"], by=jiangchuan_user, content="江川")
    client.force_login(hongta_user)
    book = _export(client, reverse("lists:measure_list"))
    sheet = book.active
    assert sheet.cell(1, 1).value == "Measures"
    assert [c.value for c in sheet[2]][:8] == ["No.", "ID (do not change)", "Project name",
        "Content", "Responsible unit", "Responsible person", "Due date", "Progress"]  # fmt: skip
    assert sheet.cell(3, 2).value == mine.pk and sheet.cell(4, 1).value is None
    sheet.cell(3, 8).value = "已完成线路架设"
    sheet.cell(3, 7).value = "2020-05-15"
    sheet.cell(3, 9).value = "done"
    buffer = io.BytesIO()
    book.save(buffer)
    upload = reverse("lists:import", args=["measures"])
    buffer.seek(0)
    buffer.name = "措施.xlsx"
    assert client.post(upload, {"file": buffer}).status_code == 302
    mine.refresh_from_db()
    assert mine.progress_note == "已完成线路架设" and mine.due_date == date(2020, 5, 15)
    assert mine.done_on is not None and mine.history.first().history_user == hongta_user
    # A row of 江川区's measure refuses the whole file, naming the row.
    sheet.cell(4, 2).value = theirs.pk
    sheet.cell(4, 8).value = "改"
    sheet.cell(3, 8).value = "再改"
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "措施.xlsx"
    answer = client.post(upload, {"file": buffer})
    assert answer.status_code == 200
    assert f"Row 4: item {theirs.pk} is not in your scope" in answer.content.decode()
    mine.refresh_from_db()
    assert mine.progress_note == "已完成线路架设"
    assert Measure.objects.get(pk=theirs.pk).progress_note == ""


def test_the_api_takes_the_same_steps(project, owner_user, hongta_user, jiangchuan_user):
    api = APIClient()
    api.force_authenticate(owner_user)
    answer = api.post("/api/problems/", {"project": project.pk, "category": "funds",
                                         "description": "资金缺口"}, format="json")  # fmt: skip
    assert answer.status_code == 201, answer.content
    pk = answer.json()["id"]
    assert answer.json()["raised_by"] == "owner"
    api.force_authenticate(jiangchuan_user)
    assert api.post(f"/api/problems/{pk}/accept/", {"version": 1}, format="json").status_code == 404
    api.force_authenticate(hongta_user)
    version = api.post(f"/api/problems/{pk}/accept/", {"version": 1}, format="json").json()[
        "version"
    ]
    version = api.post(f"/api/problems/{pk}/start/", {"version": version}, format="json").json()[
        "version"
    ]
    answer = api.post(f"/api/problems/{pk}/resolve/", {"version": version, "text": "专项资金已拨付"},
                      format="json")  # fmt: skip
    assert answer.json()["status"] == "resolved"
    answer = api.post(f"/api/problems/{pk}/confirm/", {"version": answer.json()["version"]},
                      format="json")  # fmt: skip
    assert answer.status_code == 403 and "Only the raiser" in answer.json()["detail"]
    api.force_authenticate(owner_user)
    answer = api.post(f"/api/problems/{pk}/confirm/", {"version": 4}, format="json")
    assert answer.json()["status"] == "confirmed"
