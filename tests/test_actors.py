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


def test_user_dictionary_from_environment(tmp_path):
    """$CLAIMGRAPH_ACTORS adds a user's own entries to the bundled dictionary (data/ACTORS.md)."""
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
