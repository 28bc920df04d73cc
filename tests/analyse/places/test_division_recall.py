"""A division written with its type is a toponym whoever proposed the span: spaCy's small model
tags "Zaporizhzhia Oblast" as a person, and the oblast was lost. A type word that also names
institutions ("district") is left to the tagger."""
from __future__ import annotations

import pytest


def _places(analyse, text):
    return {p.mention.text: p for p in analyse(text).places}


@pytest.mark.parametrize("text, mention, name, country", [
    ("Russian shelling damaged six houses in Zaporizhzhia Oblast overnight, the regional governor said.",
     "Zaporizhzhia Oblast", "Zaporizhzhia Oblast", "UA"),
    ("Air defences shot down drones over the Republic of Bashkortostan and Kursk Oblast, Moscow said.",
     "Republic of Bashkortostan", "Bashkortostan", "RU"),
    ("Air defences shot down drones over the Republic of Bashkortostan and Kursk Oblast, Moscow said.",
     "Kursk Oblast", "Kursk", "RU"),
])
def test_a_division_written_with_its_type_is_found_and_is_the_division(analyse, text, mention, name, country):
    places = _places(analyse, text)
    assert mention in places, f"{mention!r} not found in {sorted(places)}"
    p = places[mention]
    assert (p.name, p.country, p.feature_class) == (name, country, "A")


def test_an_oblast_is_not_read_as_its_city(analyse):
    places = _places(analyse, "Russian shelling damaged six houses in Zaporizhzhia Oblast overnight.")
    assert not [p for p in places.values() if p.feature_class == "P" and p.name.startswith("Zaporizh")]


@pytest.mark.parametrize("span, sure", [
    ("Zaporizhzhia Oblast", True), ("the Belgorod Oblast", True), ("Republic of Crimea", True),
    ("Donetsk Oblast", True), ("Florida District", False), ("Ramsey District", False), ("Pokrovsk", False),
])
def test_only_type_words_that_name_nothing_but_a_division_make_a_span_sure(span, sure):
    from claimgraph.analyse.places.component import DIVISION_ONLY, _division_form

    assert bool(DIVISION_ONLY.search(span) and _division_form(span)) is sure
