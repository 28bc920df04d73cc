"""War-news recall (issue 23): names that spaCy's small model joins into one entity ("Avdiivka,
Marinka and Vuhledar" as one organisation) are split into their conjuncts and each is scored by
the tagger; a village it calls a person is kept when the gazetteer and the article's other places
agree; a plural noun naming people ("Marines") is not a place."""
from __future__ import annotations

import pytest
import spacy

from claimgraph.analyse.places.tagger import conjuncts


def _places(analyse, text):
    return {p.mention.text: p for p in analyse(text).places}


def _words(doc, parts):
    return [" ".join(t.text for t in p) for p in parts]


def test_conjuncts_of_a_coordinated_entity():
    nlp = spacy.blank("en")
    assert _words(None, conjuncts(list(nlp("Avdiivka, Marinka and Vuhledar")))) == ["Avdiivka", "Marinka", "Vuhledar"]
    assert _words(None, conjuncts(list(nlp("Robotyne or Verbove")))) == ["Robotyne", "Verbove"]
    assert _words(None, conjuncts(list(nlp("Chasiv Yar, Ivanivske, and Bohdanivka")))) == ["Chasiv Yar", "Ivanivske", "Bohdanivka"]
    assert conjuncts(list(nlp("Kryvyi Rih"))) == []                 # nothing coordinated
    assert conjuncts(list(nlp("Ministry of defence and security"))) == []   # a part not a name


def test_villages_spacy_joins_into_one_entity_are_each_found(analyse):
    text = "Russian units attacked Avdiivka, Marinka and Vuhledar overnight in the Donetsk region."
    places = _places(analyse, text)
    for name in ("Avdiivka", "Vuhledar"):
        assert name in places, f"{name!r} not found in {sorted(places)}"
        assert places[name].country == "UA"
    assert not any(" and " in m or "," in m for m in places)


@pytest.mark.parametrize("text, town", [
    ("Artillery hit Kreminna and Svatove on Sunday, the Luhansk Oblast governor said.", "Svatove"),
    ("Russian troops shelled Svatove overnight, the Luhansk Oblast governor said.", "Svatove"),
    ("Lyman was shelled, while assault groups probed Torske in the Donetsk region.", "Lyman"),
])
def test_a_town_spacy_calls_a_person_is_found_where_the_article_agrees(analyse, text, town):
    places = _places(analyse, text)
    assert town in places, f"{town!r} not found in {sorted(places)}"
    assert (places[town].country, places[town].admin1) == ("UA", "Luhansk Oblast" if town == "Svatove" else "Donetsk Oblast")


@pytest.mark.parametrize("text", [
    "Marines crossed the river near Kherson at dawn.",
    "Marines and paratroopers landed near Kherson before the storm.",
])
def test_marines_are_not_a_place(analyse, text):
    places = _places(analyse, text)
    assert "Marines" not in places
    assert "Kherson" in places and places["Kherson"].country == "UA"


@pytest.mark.parametrize("text, town", [
    # spaCy's small model tags these towns PERSON
    ("Shelling damaged houses in Orikhiv and Stepnohirsk, the Zaporizhzhia governor said.", "Orikhiv"),
    ("The mayor of Mykolaiv said water supplies were restored.", "Mykolaiv"),
])
def test_a_town_tagged_person_is_found(analyse, text, town):
    places = _places(analyse, text)
    assert town in places and places[town].country == "UA", sorted(places)


@pytest.mark.parametrize("text", [
    "Kremenchuk's refinery burned for a day.",          # "Kremenchuk" tagged ORG, alone in the article
    "Ukrainian drones hit a depot near Kremenchuk.",
])
def test_a_single_city_spacy_calls_an_organisation_is_still_found(analyse, text):
    places = _places(analyse, text)
    assert "Kremenchuk" in places and places["Kremenchuk"].admin1 == "Poltava Oblast", sorted(places)


def test_a_coordinated_list_of_villages_is_found_name_by_name(analyse):
    text = "Russian troops pushed towards Velyka Novosilka, Staromaiorske and Urozhaine in the south."
    places = _places(analyse, text)
    for name in ("Velyka Novosilka", "Staromaiorske", "Urozhaine"):
        assert name in places and places[name].admin1 == "Donetsk Oblast", sorted(places)


def test_marines_beside_a_river_are_not_a_place(analyse):
    places = _places(analyse, "Marines fought their way across the river near Kherson.")
    assert "Marines" not in places and "Kherson" in places


def test_a_plural_country_is_still_a_place(analyse):
    places = _places(analyse, "The navy sent two frigates to the Philippines after the clash.")
    assert "Philippines" in places and places["Philippines"].country == "PH"


def test_the_jsonl_scorer_counts_a_wrong_place_and_a_right_one(tmp_path):
    import json

    from claimgraph.evaluate.places import evaluate_jsonl

    text = "Shelling hit Kharkiv and Odesa."
    tops = [{"start": 13, "end": 20, "phrase": "Kharkiv", "name": "Kharkiv", "country": "UA"},
            # deliberately wrong gold: Odesa labelled as a place in Texas
            {"start": 25, "end": 30, "phrase": "Odesa", "name": "Odessa", "country": "US", "lat": 31.85, "lon": -102.37}]
    f = tmp_path / "x.jsonl"
    f.write_text(json.dumps({"id": "a", "text": text, "toponyms": tops}) + "\n", encoding="utf-8")
    res = evaluate_jsonl(f, geotag=False, details=True)
    assert res["gold_toponyms"] == 2 and res["accuracy_at_161km"] == 0.5
    assert [m["phrase"] for m in res["errors"]] == ["Odesa"]
