from groundbreak.projects.importing import SimilarNames, name_key


def test_close_names_are_found_among_thousands():
    names = [name_key(f"红塔区第{i}号道路改造工程") for i in range(5000)]
    names.append(name_key("玉溪大河综合治理工程"))
    index = SimilarNames(names)
    assert index.close_to(name_key("玉溪大河综合治理工程（一期）")) == [
        name_key("玉溪大河综合治理工程")
    ]
    assert name_key("红塔区第1234号道路改造工程") in index.close_to(
        name_key("红塔区第1234号道路改造工程二期")
    )


def test_unrelated_names_have_no_candidates():
    index = SimilarNames([name_key("江川区星云湖保护治理工程"), name_key("通海县人民医院迁建项目")])
    assert index.close_to(name_key("峨山县污水处理厂")) == []


def test_a_close_name_made_of_common_words_is_not_missed():
    """The old shortlist left out character pairs common in the county ("道路", "工程"), and
    with them a name close to hundreds: such a row was registered as new, not asked about."""
    names = [name_key(f"红塔区第{i}号道路改造工程") for i in range(1000)]
    assert SimilarNames(names).close_to(name_key("红塔区道路改造工程"))


def test_the_index_finds_what_scoring_every_name_finds():
    import random

    from rapidfuzz import fuzz, process

    rng = random.Random(18)
    words = ["道路", "改造", "工程", "污水", "处理厂", "学校", "医院", "迁建", "产业园", "配套"]
    places = ["红塔区", "玉带路", "北城", "大营街", "李棋", "春和", "研和", "高仓"]

    def name():
        return name_key(rng.choice(places) + "".join(rng.sample(words, rng.randint(1, 4))))

    names = list(dict.fromkeys(name() for _ in range(3000)))
    index = SimilarNames(names)
    for query in [name() + rng.choice(["", "一期", "（二期）"]) for _ in range(200)]:
        everyone = process.extract(query, names, scorer=fuzz.ratio, limit=3, score_cutoff=75)
        assert sorted(index.close_to(query)) == sorted(c for c, _s, _i in everyone)


def test_an_index_is_kept_for_the_same_names_and_a_search_leaves_it_as_it_was():
    """A county's index is built once for its names (a web import plans its file twice); a
    search whose names hold characters the county's do not numbers them in a copy, so that
    the next search on the shared index finds what a new index would."""
    names = [name_key("红塔区北城道路改造工程"), name_key("江川区星云湖保护治理工程")]
    index = SimilarNames.of(names)
    assert SimilarNames.of(list(names)) is index
    codes = dict(index.codes)
    assert index.close_to(name_key("玉溪市红塔区北城道路改造工程（二期）")) == [names[0]]
    assert index.codes == codes
    assert index.close_to(name_key("江川区星云湖保护治理工程（续建）")) == [names[1]]
    assert SimilarNames(names).close_to(name_key("江川区星云湖保护治理工程（续建）")) == [names[1]]
    assert SimilarNames.of(names[:1]) is not index
