"""Actors (first version): dictionary aliases, unknown actors, surnames, attribution sources."""
from __future__ import annotations

import pytest


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
    assert ids["Mamuka Mamulashvii"] == ids["Mamulashvii"] == "name:mamuka mamulashvi"
    said = [x for x in a.attributions if x.cue and x.cue.text == "said"]
    assert said and all(x.source_actor == "name:mamuka mamulashvi" for x in said)


def test_media_outlet_alias(analyse):
    ms = analyse("Research by RadioFreeEurope indicates that deserters are under pressure.").actor_mentions
    assert any(m.actor_id == "media.rferl" and m.kind == "media_outlet" for m in ms)


@pytest.mark.slow
def test_user_dictionary_from_environment(tmp_path):
    """$CLAIMGRAPH_ACTORS adds a user's own entries to the bundled dictionary (assets/ACTORS.md)."""
    import os
    import subprocess
    import sys

    extra = tmp_path / "my_actors.yaml"
    extra.write_text("actors:\n  - id: ua.ngo.dnipro_watch\n    name: Dnipro Watch\n    kind: ngo\n"
                     "    country: UA\n    aliases: [Dnipro Watch, DW monitors]\n", encoding="utf-8")
    code = ("import claimgraph; r = claimgraph.analyse('The DW monitors said the bridge was hit.'); "
            "print(sorted({m.actor_id for m in r.actor_mentions}))")
    env = dict(os.environ, CLAIMGRAPH_ACTORS=str(extra))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert "ua.ngo.dnipro_watch" in out.stdout, out.stderr[-2000:]
    env["CLAIMGRAPH_ACTORS"] = str(tmp_path / "missing.yaml")
    bad = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert bad.returncode != 0 and "missing.yaml" in bad.stderr


def test_german_transliteration_of_a_known_person_joins_the_dictionary_actor(analyse):
    """"Wolodymyr Selenskyi" is in no alias list; its transliteration key is Zelensky's."""
    ms = analyse("Wolodymyr Selenskyi said on Tuesday that the front was holding.").actor_mentions
    assert any(m.span.text == "Wolodymyr Selenskyi" and m.actor_id == "ua.person.zelensky" for m in ms)


def test_unknown_actor_spellings_group_across_articles(analyse):
    a = analyse("Colonel Oleksandr Schtupun said the attack had been repelled.")
    b = analyse("Colonel Oleksandr Shtupun said the attack was repelled near the river.")
    ida = {m.actor_id for m in a.actor_mentions if "upun" in m.span.text}
    idb = {m.actor_id for m in b.actor_mentions if "upun" in m.span.text}
    assert ida and ida == idb


def test_the_ministry_after_the_full_name_is_the_same_actor(analyse):
    text = ("The Ministry of Agrarian Policy of Moldova published new figures on Monday. "
            "The ministry said exports had fallen by a third.")
    ms = analyse(text).actor_mentions
    full = [m for m in ms if m.span.text.startswith("Ministry of Agrarian")]
    desc = [m for m in ms if m.span.text.lower() == "the ministry"]
    assert full and desc and desc[0].actor_id == full[0].actor_id
    said = [x for x in analyse(text).attributions if x.cue and x.cue.text == "said"]
    assert said and said[0].source_actor == full[0].actor_id


def test_unknown_actors_get_a_kind_from_their_name(analyse):
    from claimgraph.analyse.actors import guess_kind

    assert guess_kind("the 47th Mechanized Brigade", "ORG") == "military_unit"
    assert guess_kind("Kyiv Independent News", "ORG") == "media_outlet"
    assert guess_kind("State Emergency Service of Ukraine", "ORG") == "government_agency"
    assert guess_kind("Human Rights Watch", "ORG") == "ngo"
    ms = analyse("The 47th Mechanized Brigade said its positions held.").actor_mentions
    assert any("Brigade" in m.span.text and m.kind == "military_unit" for m in ms)


@pytest.mark.slow
def test_user_dictionary_from_the_component_config(tmp_path):
    """The actors component's ``dictionaries`` setting adds a user's actor file; a missing file
    fails when the pipeline is built, naming the path."""
    from claimgraph.analyse import actors
    from claimgraph.analyse.pipeline import build

    extra = tmp_path / "my_actors.yaml"
    extra.write_text("actors:\n  - id: ua.ngo.kherson_monitors\n    name: Kherson Monitors\n    kind: ngo\n"
                     "    country: UA\n    aliases: [Kherson Monitors, KM observers]\n", encoding="utf-8")
    try:
        nlp = build(["attribution", "actors"], config={"actors": {"dictionaries": [str(extra)]}})
        doc = nlp("The KM observers said the ferry crossing was shelled twice overnight.")
        assert any(m.actor_id == "ua.ngo.kherson_monitors" for m in doc._.actor_mentions)
        assert actors.source_kind("KM observers") == "ngo"
        with pytest.raises(FileNotFoundError, match="missing.yaml"):
            build(["actors"], config={"actors": {"dictionaries": [str(tmp_path / "missing.yaml")]}})
    finally:
        actors.use_dictionaries([])
    assert actors.lookup("KM observers") is None


def test_new_dictionary_actors_are_sources_under_any_spelling_and_places_stay_places(nlp):
    """Bodies, officials and units of the extended dictionary head attributions whatever their
    rendering, while the place names near them ("Kursk", "Sea of Azov") are still places."""
    from claimgraph.analyse.actors import is_known_actor

    def source_actors(text):
        return [a.source_actor for a in nlp(text)._.attributions if a.cue is not None and a.cue.text.startswith("said")]

    same = {
        "int.iaea": ["The UN nuclear watchdog said on Friday that the Zaporizhzhia plant had lost its last power line.",
                     "The International Atomic Energy Agency said its experts at the plant had heard several explosions."],
        "ua.person.syrskyi": ["Ukraine's top commander Oleksandr Syrsky said the situation near Pokrovsk remained difficult.",
                              "Olexander Syrskyj said on Telegram that reserves had been sent to the front."],
        "ru.ngo.memorial": ["The Memorial Human Rights Centre said the trial of the two men was unfair.",
                            "Memorial human rights group said at least 20 people had been detained."],
    }
    for actor, texts in same.items():
        for text in texts:
            assert source_actors(text) == [actor], text
    assert source_actors("The Azov Regiment said its fighters had repelled an assault overnight.") == ["ua.mil.azov"]

    doc = nlp("Russian forces struck a port on the Sea of Azov, and drones hit an oil depot in Kursk overnight, "
              "Valery Gerasimov said.")
    assert [a.source_actor for a in doc._.attributions] == ["ru.person.gerasimov"]
    places = {p.mention.text: p for p in doc._.places}
    assert places["Kursk"].country == "RU" and places["Sea of Azov"].name == "Sea of Azov"
    assert not any(is_known_actor(n) for n in ("Azov", "Kursk", "Memorial", "Agora", "Rain", "Babel"))
