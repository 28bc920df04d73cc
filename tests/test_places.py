"""Places (first version): offline GeoNames resolution robust to transliteration."""
from __future__ import annotations

import pytest

from claimgraph.analyse.gazetteer import candidates, german_to_english


@pytest.mark.parametrize("spelling,name,country", [
    ("Swatowe", "Svatove", "UA"), ("Charkiw", "Kharkiv", "UA"), ("Cherson", "Kherson", "UA"),
    ("Bachmut", "Bakhmut", "UA"), ("Lugansk", "Luhansk", "UA"), ("Valuiki", "Valuyki", "RU"),
])
def test_transliterated_spellings_resolve(analyse, spelling, name, country):
    text = f"Fighting was reported near {spelling} in eastern Ukraine, Russian and Ukrainian officials said."
    places = [p for p in analyse(text).places if p.mention.text == spelling]
    assert places, f"{spelling} not found as a place"
    assert places[0].name == name and places[0].country == country
    assert places[0].role == "event_location"


def test_german_transliteration_rules():
    assert german_to_english("Sayzewe") == "zaytseve"
    assert german_to_english("Swatowe") == "svatove"
    assert german_to_english("Charkiw") == "kharkiv"


def test_same_named_villages_are_flagged_ambiguous(analyse):
    text = "Russian soldiers were held in a basement in Sayzewe, relatives of the Ukrainian war's deserters say."
    [p] = [p for p in analyse(text).places if p.mention.text == "Sayzewe"]
    assert p.name == "Zaitseve" and p.country == "UA"
    assert p.ambiguous and len({c["geonameid"] for c in p.candidates}) >= 2


def test_country_named_after_the_mention_decides(analyse):
    text = "The men were taken to a military base in Valuiki, Russia, a relative said."
    [p] = [p for p in analyse(text).places if p.mention.text == "Valuiki"]
    assert p.country == "RU" and "Belgorod" in p.admin1 and abs(p.lat - 50.21) < 0.2


def test_unknown_words_are_not_places():
    assert candidates("Xqzzyvw") == []
