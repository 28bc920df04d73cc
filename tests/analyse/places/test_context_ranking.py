"""Same-named places decided by the rest of the article: the ranker's choices are the context of
its second pass, so a town, the towns around it and the division they lie in agree."""
from __future__ import annotations

import pytest

from claimgraph.analyse.places.geocoder import resolve_names


def _best(names):
    return [(r["best"]["name"], r["best"].get("admin1"), r["best"]["country"], r["best"]["feature_class"])
            for r in resolve_names(names)]


def test_a_town_among_its_neighbours_and_a_state_named_in_passing():
    # "The Arlington council met ... families from Southlake and Colleyville ... moved from California"
    arlington, southlake, colleyville, california = _best(["Arlington", "Southlake", "Colleyville", "California"])
    assert arlington[:3] == ("Arlington", "Texas", "US")
    assert southlake[1] == colleyville[1] == "Texas"
    assert california == ("California", "California", "US", "A")


def test_a_town_named_like_a_country_is_the_town_when_its_state_is_named():
    # "JORDAN — The Jordan school board ... Shakopee ... southern Minnesota"
    jordan, shakopee, minnesota = _best(["Jordan", "Shakopee", "Minnesota"])
    assert jordan[:3] == ("Jordan", "Minnesota", "US") and jordan[3] == "P"
    assert minnesota[3] == "A"


@pytest.mark.parametrize("names, admin1, country", [
    (["London", "Ontario", "Windsor"], "Ontario", "CA"),
    (["Columbus", "Muscogee County", "Atlanta"], "Georgia", "US"),
    (["Rochester", "Olmsted County", "Minneapolis"], "Minnesota", "US"),
    (["Lyman", "Donetsk", "Sloviansk"], "Donetsk Oblast", "UA"),
])
def test_the_namesake_in_the_articles_region_wins(names, admin1, country):
    first = _best(names)[0]
    assert first[0] == names[0] and (first[1], first[2]) == (admin1, country)


def test_without_context_the_famous_namesake_wins():
    assert _best(["London"])[0][:3] == ("London", "England", "GB")
    assert _best(["Athens"])[0][2] == "GR"
