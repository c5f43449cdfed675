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
