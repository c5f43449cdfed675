"""A table's names new to the county are compared with the county's in one batch: the rows
close to a project ask which one it is, the others register new projects, and refusals keep
the order of the rows."""

import random

from rapidfuzz import fuzz, process

from groundbreak.imports import services
from groundbreak.imports.models import ImportStatus
from groundbreak.imports.tests.helpers import HEADER, xlsx
from groundbreak.projects.importing import SimilarNames, name_key


def test_a_batch_answers_what_scoring_every_name_answers():
    """Varied names go through the index, names alike through scoring every pair: both give
    the three best of ``process.extract``, ties to the first name, for every query."""
    rng = random.Random(19)
    places = "玉溪红塔江川澄江通海华宁凤凰九龙东风南北山水河湖桥坝"
    works = ["道路改造工程", "污水处理厂建设项目", "学校扩建工程", "农贸市场提升改造工程"]
    varied = list(
        dict.fromkeys(
            name_key("".join(rng.sample(places, 3)) + rng.choice(works)) for _ in range(2000)
        )
    )
    alike = [name_key(f"红塔区第{i:04d}号道路改造工程") for i in range(600)]
    for names in (varied, alike):
        queries = [
            rng.choice(names) + rng.choice(["", "（二期）", "配套工程"]) for _ in range(150)
        ] + ["峨山县人民医院迁建项目", names[0]]
        index = SimilarNames(names)
        expected = [
            [
                c
                for c, _s, _i in process.extract(
                    q, names, scorer=fuzz.ratio, limit=3, score_cutoff=75
                )
            ]
            for q in queries
        ]
        assert index.close_to_many(queries) == expected


def test_an_empty_county_and_an_empty_table_have_nothing_close():
    assert SimilarNames([]).close_to_many(["红塔区道路改造工程"]) == [[]]
    assert SimilarNames(["红塔区道路改造工程"]).close_to_many([]) == []


def test_close_rows_ask_new_rows_register_and_refusals_keep_the_rows_order(
    hongta_user, hongta, make_project
):
    existing = make_project("530402", name="红塔区凤凰路道路改造工程", code="", stage="reserve")
    rows = [
        # row 2: new to the county without a total investment: refused after the batch
        ["", "峨山县人民医院迁建项目", "某公司", "社会事业", "储备", None, 900, None],
        # row 3: refused while the rows are read (a code of a region that does not exist)
        ["2020-999999-48-01-000001", "通海县某某学校", "某公司", "社会事业", "前期", 500, 1, None],
        # row 4: close to the county's project: asks
        ["", "玉溪市红塔区凤凰路道路改造工程", "某公司", "基础设施", "储备", 500, 100, None],
        # row 5: new: registers
        ["", "江川区星云湖保护治理工程", "某公司", "基础设施", "储备", 800, 100, None],
    ]
    record = services.start_import(
        kind="projects",
        region=hongta,
        content=xlsx([HEADER, *rows]),
        filename="红塔区项目清单.xlsx",
        by=hongta_user,
    )
    assert record.status == ImportStatus.REFUSED
    assert [(r["row"], r["field"]) for r in record.preview["refusals"]] == [
        (2, "total_investment"),
        (3, "code"),
    ]
    planned = [(r["row"], r["action"]) for r in record.preview["rows"]]
    assert planned == [(4, "choose"), (5, "create")]
    assert record.preview["rows"][0]["candidates"] == [{"id": existing.pk, "name": existing.name}]
