"""Every toponym the article gives a clue for gets an answer: a name the gazetteer lacks, in an
article that names no town, is put in the division or, failing that, the country it names
(an unanswered toponym counts as the largest error), flagged ``located_by: context``."""
from __future__ import annotations

from claimgraph.analyse.places.geocoder import haversine_km, resolve_names


def test_a_hamlet_in_an_article_that_names_only_its_oblast_is_put_in_the_oblast():
    # "Shelling damaged houses in Novopokrovka-Druha, Zaporizhzhia Oblast, the governor said."
    hamlet, oblast = resolve_names(["Novopokrovka-Druha", "Zaporizhzhia Oblast"])
    assert oblast["best"]["name"] == "Zaporizhzhia Oblast" and oblast["best"]["country"] == "UA"
    assert hamlet is not None and hamlet["best"]["located_by"] == "context"
    assert hamlet["best"]["name"] is None and hamlet["best"]["geonameid"] is None
    assert haversine_km(hamlet["best"]["lat"], hamlet["best"]["lon"], oblast["best"]["lat"], oblast["best"]["lon"]) < 1


def test_a_village_in_an_article_that_names_only_a_state_is_put_in_the_state():
    # "The Tennessee Colony volunteer fire department ... the largest in East Texas"
    colony, texas = resolve_names(["Tennessee Colony", "Texas"])
    assert (texas["best"]["name"], texas["best"]["feature_class"]) == ("Texas", "A")
    assert colony["best"]["located_by"] == "context"
    assert 25.8 < colony["best"]["lat"] < 36.5 and -106.7 < colony["best"]["lon"] < -93.5   # in Texas


def test_with_only_a_country_named_the_unknown_name_is_put_in_that_country():
    # "Fighting near Zarichne-Nove was reported, Ukraine's general staff said."
    unknown, ukraine = resolve_names(["Zarichne-Nove", "Ukraine"])
    assert ukraine["best"]["country"] == "UA" and ukraine["best"]["feature_class"] == "A"
    assert unknown["best"]["located_by"] == "context"
    assert 44.0 < unknown["best"]["lat"] < 52.5 and 22.0 < unknown["best"]["lon"] < 40.3     # in Ukraine


def test_a_town_in_the_article_is_preferred_to_its_division_as_the_unknown_names_place():
    # the populated places decide before the divisions do: Sumy is 130 km from the oblast's centre
    street, sumy, _ = resolve_names(["Kharkivska Street", "Sumy", "Sumy Oblast"])
    assert street["best"]["located_by"] == "context"
    assert haversine_km(street["best"]["lat"], street["best"]["lon"], sumy["best"]["lat"], sumy["best"]["lon"]) < 1
