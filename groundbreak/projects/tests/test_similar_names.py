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
    codes = index.characters.tolist(), index.numbers.tolist()
    assert index.close_to(name_key("玉溪市红塔区北城道路改造工程（二期）")) == [names[0]]
    assert (index.characters.tolist(), index.numbers.tolist()) == codes
    assert index.close_to(name_key("江川区星云湖保护治理工程（续建）")) == [names[1]]
    assert SimilarNames(names).close_to(name_key("江川区星云湖保护治理工程（续建）")) == [names[1]]
    assert SimilarNames.of(names[:1]) is not index


def _scoring_every_name(names, queries, n=3):
    """The answer by definition: each query scored with every name, the ``n`` best at or above
    75, best first, ties to the name that comes first."""
    import numpy as np
    from rapidfuzz import fuzz, process

    scores = process.cdist(queries, names, scorer=fuzz.ratio, score_cutoff=75, dtype=np.float64)
    return [
        [names[i] for i in sorted(np.flatnonzero(row), key=lambda i: (-row[i], i))[:n]]
        for row in scores
    ]


def _names(draw, st, alphabet, count):
    """Names of several shapes over ``alphabet``: short, long, one character repeated, a
    shared beginning with a different end."""
    shape = st.sampled_from(["short", "medium", "long", "repeated", "prefixed"])
    beginning = draw(st.text(alphabet, min_size=3, max_size=12))
    names = []
    for _ in range(count):
        kind = draw(shape)
        if kind == "short":
            names.append(draw(st.text(alphabet, min_size=1, max_size=4)))
        elif kind == "medium":
            names.append(draw(st.text(alphabet, min_size=5, max_size=20)))
        elif kind == "long":
            names.append(draw(st.text(alphabet, min_size=40, max_size=90)))
        elif kind == "repeated":
            char = draw(st.sampled_from(alphabet))
            names.append(char * draw(st.integers(1, 12)) + draw(st.text(alphabet, max_size=4)))
        else:
            names.append(beginning + draw(st.text(alphabet, min_size=1, max_size=8)))
    return names


def _changed(draw, st, name, alphabet):
    """``name`` a little changed: characters put in, taken out or replaced."""
    chars = list(name)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(chars)))
        what = draw(st.sampled_from(["in", "out", "replace"]))
        if what == "in" or not chars:
            chars.insert(at, draw(st.sampled_from(alphabet)))
        elif what == "out":
            del chars[min(at, len(chars) - 1)]
        else:
            chars[min(at, len(chars) - 1)] = draw(st.sampled_from(alphabet))
    return "".join(chars) or name


def test_a_search_answers_what_scoring_every_name_answers():
    """Whatever the names (short, long, repeated characters, a shared beginning, characters
    the county's names never use, many alike), the index answers exactly what scoring every
    pair answers: the same names, in the same order."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    county = "红塔区道路改造工程一二期ab"
    elsewhere = "峨山县医院xyz"

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def check(data):
        draw = data.draw
        names = _names(draw, st, county, draw(st.integers(1, 60)))
        if draw(st.booleans()):  # names alike: each query close to many
            names += [f"红塔区第{i:03d}号道路工程" for i in range(draw(st.integers(1, 40)))]
        alphabet = county + elsewhere if draw(st.booleans()) else county
        queries = [
            _changed(draw, st, draw(st.sampled_from(names)), alphabet)
            for _ in range(draw(st.integers(1, 30)))
        ]
        queries += _names(draw, st, alphabet, draw(st.integers(0, 10)))
        assert SimilarNames(names).close_to_many(queries) == _scoring_every_name(names, queries)

    check()


def test_the_benchmark_s_names_are_answered_as_scoring_every_name_answers():
    """The benchmark's county names and their close variants (a phase added, a place written
    out, a character changed)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / "bench" / "import_bench.py"
    spec = importlib.util.spec_from_file_location("import_bench", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    for kind in ("varied", "numbered"):
        names = [name_key(name) for name in bench.project_names(1500, kind)]
        queries = [name_key(name) for name in bench.similar_names(names)][:400]
        assert SimilarNames(names).close_to_many(queries) == _scoring_every_name(names, queries)
