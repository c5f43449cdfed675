"""Template filters that show values as the pages do."""

from django.contrib.auth import get_user_model

from groundbreak.core.templatetags.money import stored_value
from groundbreak.core.templatetags.people import person


def test_an_import_previews_stored_amounts_as_amounts_and_leaves_other_values():
    assert stored_value("31000.0000") == "31,000.00"
    assert stored_value("2020") == "2020"
    assert stored_value("102.543210") == "102.543210"  # a longitude
    assert stored_value("") == ""


def test_a_person_shows_by_name_with_the_login_on_hover():
    user = get_user_model()(username="hongta", first_name="李红梅")
    assert person(user) == '<span class="person" title="hongta">李红梅</span>'
    assert person(get_user_model()(username="robot")) == (
        '<span class="person" title="robot">robot</span>'
    )
