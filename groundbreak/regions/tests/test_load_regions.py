"""`groundbreak load_regions FILE`: another city's tree from a file, all or nothing."""

import pytest
from django.core.management import CommandError, call_command

from groundbreak.regions.models import Region, RegionKind

QUJING = """code,name,name_en,kind,parent_code
530300,曲靖市,Qujing,city,
530302,麒麟区,Qilin District,county,530300
530303,沾益区,Zhanyi District,county,530300
530300KF,曲靖经开区,Qujing Economic Development Zone,zone,530300
"""


def write(tmp_path, text, name="regions.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_loads_another_city_tree(db, tmp_path, capsys):
    call_command("load_regions", str(write(tmp_path, QUJING)))
    qilin = Region.objects.get(code="530302")
    assert (qilin.name, qilin.kind, qilin.parent.code) == ("麒麟区", RegionKind.COUNTY, "530300")
    assert set(Region.objects.get(code="530300").descendant_ids()) == set(
        Region.objects.values_list("pk", flat=True)
    )
    assert "4 created" in capsys.readouterr().out


def test_loading_again_updates_names_and_keeps_ids(db, tmp_path):
    call_command("load_regions", str(write(tmp_path, QUJING)))
    before = Region.objects.get(code="530302").pk
    call_command(
        "load_regions",
        str(write(tmp_path, QUJING.replace("麒麟区,", "麒麟区（新）,"), encoding="utf-8-sig")),
    )
    region = Region.objects.get(code="530302")
    assert (region.pk, region.name) == (before, "麒麟区（新）")
    assert region.history.count() == 2


@pytest.mark.parametrize(
    "text, message",
    [
        (
            QUJING.replace(
                "530303,沾益区,Zhanyi District,county,530300", "530303,沾益区,,county,999999"
            ),
            "999999",
        ),
        (QUJING.replace(",zone,", ",park,"), "park"),
        ("code,name\n530300,曲靖市\n", "parent_code"),
    ],
)
def test_a_bad_row_loads_nothing_and_names_the_problem(db, tmp_path, text, message):
    with pytest.raises(CommandError) as error:
        call_command("load_regions", str(write(tmp_path, text)))
    assert message in str(error.value)
    assert not Region.objects.exists()
