import pytest
from django.core.exceptions import ValidationError

from groundbreak.projects.validators import normalise_project_code, validate_project_code


@pytest.mark.parametrize(
    "code",
    ["2020-530402-48-01-012345", "2017-530400-78-01-00001X", "2015-530423-13-03-000200"],
)
def test_codes_of_the_right_shape_with_a_known_region_pass(regions, code):
    validate_project_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "2020-530402-48-01-01234",
        "2020530402480101234",
        "20-530402-48-01-012345",
        "2020-5304-48-01-012345",
        "abc",
    ],
)
def test_malformed_codes_are_refused_naming_the_value(regions, code):
    with pytest.raises(ValidationError) as error:
        validate_project_code(code)
    assert code in error.value.messages[0]


def test_unknown_region_segment_is_refused(regions):
    with pytest.raises(ValidationError) as error:
        validate_project_code("2020-110101-48-01-012345")
    assert "110101" in error.value.messages[0]


def test_codes_typed_with_fullwidth_dashes_and_lowercase_are_normalised():
    assert normalise_project_code(" 2020－530402-48-01-01234x ") == "2020-530402-48-01-01234X"
