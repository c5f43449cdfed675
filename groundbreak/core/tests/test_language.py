"""Simplified Chinese by default, whatever the browser says; English when the user asks."""

from django.urls import reverse


def test_pages_are_chinese_by_default_even_for_an_english_browser(client, city_user):
    client.force_login(city_user)
    response = client.get(reverse("projects:project_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    content = response.content.decode()
    assert response["Content-Language"] == "zh-hans"
    assert "项目名称" in content and "Project name" not in content


def test_language_switch_sets_english_and_back(client, city_user):
    client.force_login(city_user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/projects/"})
    assert response.status_code == 302
    content = client.get(reverse("projects:project_list")).content.decode()
    assert "project name" in content.lower() and "项目名称" not in content
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/projects/"})
    assert "项目名称" in client.get(reverse("projects:project_list")).content.decode()


def test_login_page_is_translated(client, db):
    assert "登录" in client.get(reverse("login")).content.decode()


def test_history_reasons_show_in_the_readers_language(client, portfolio, city_user):
    """Reasons are stored untranslated, so a Chinese edit reads in English for an English reader."""
    from decimal import Decimal

    from groundbreak.projects import services

    project = portfolio["hongta_a"]
    services.update_project(project, by=city_user, version=1, total_investment=Decimal("13000"))
    client.force_login(city_user)
    zh = client.get(project.get_absolute_url()).context["changes"][0]
    assert zh.reason == "修改"
    client.post(reverse("set_language"), {"language": "en"})
    en = client.get(project.get_absolute_url()).context["changes"][0]
    assert en.reason == "Edited" and en.changes[0].label == "total investment (10k yuan)"
