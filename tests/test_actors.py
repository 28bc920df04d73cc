"""Actors (first version): dictionary aliases, unknown actors, surnames, attribution sources."""
from __future__ import annotations


def test_two_renderings_of_hur_are_one_actor(analyse):
    text = ("A recording was released by the Chief Intelligence Directorate of the Ministry of Defense of "
            "Ukraine. Vadym Skibitskyi, a spokesman for the Main Intelligence Directorate of Ukraine's "
            "Defence Ministry, said the army is recruiting prisoners.")
    ms = analyse(text).actor_mentions
    hur = {m.span.text: m.actor_id for m in ms if "Intelligence Directorate" in m.span.text}
    assert len(hur) == 2 and set(hur.values()) == {"ua.intel.hur"}
    assert any(m.span.text == "Chief Intelligence Directorate of the Ministry of Defense of Ukraine" for m in ms)


def test_surname_joins_the_full_name_and_unknown_actors_get_a_name_id(analyse):
    a = analyse("Mamuka Mamulashvii, a commander, said the losses were high. "
                "Mamulashvii also said corruption helped Ukraine.")
    ids = {m.span.text: m.actor_id for m in a.actor_mentions}
    assert ids["Mamuka Mamulashvii"] == ids["Mamulashvii"] == "name:mamuka mamulashvii"
    said = [x for x in a.attributions if x.cue and x.cue.text == "said"]
    assert said and all(x.source_actor == "name:mamuka mamulashvii" for x in said)


def test_media_outlet_alias(analyse):
    ms = analyse("Research by RadioFreeEurope indicates that deserters are under pressure.").actor_mentions
    assert any(m.actor_id == "media.rferl" and m.kind == "media_outlet" for m in ms)
