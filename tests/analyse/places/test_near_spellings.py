"""Near spellings (Valuiki -> Valuyki) read from the gazetteer's grouped key table find what a
scan of every index key with the same first letters finds, and the places component's settings
come from its spaCy config."""
from __future__ import annotations

import pytest
from rapidfuzz import fuzz, process

from claimgraph.analyse.places import gazetteer, tagger
from claimgraph.analyse.places.gazetteer import _lengths, fold, fuzzy_candidates, german_to_english, has_near_spelling


def _scan(name: str, threshold: float = 86.0) -> list[tuple]:
    """Near spellings by scanning every index key with the name's first letters."""
    con = gazetteer.gazetteer()
    out = []
    for key in sorted({fold(name), german_to_english(name)}):
        prefix = key[:3] if len(key) >= 6 else key[:2]
        hi = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        keys = [r[0] for r in con.execute("SELECT DISTINCT key FROM names WHERE key >= ? AND key < ? ORDER BY key",
                                          (prefix, hi))]
        spelt = [gazetteer._yi(k) for k in keys]
        for _, score, k in process.extract(gazetteer._yi(key), spelt, scorer=fuzz.ratio, limit=3,
                                           score_cutoff=threshold):
            out += [(c["geonameid"], c["name"], score) for c in gazetteer.candidates(keys[k])]
    return out


@pytest.mark.parametrize("name", ["Valuiki", "Kupyansk", "Chatanooga", "Alabma", "Charkiw", "Izyum", "Tenesee",
                                  "Lyman", "Qwzxv"])
def test_near_spellings_match_a_scan_of_every_key(name):
    found = [(c["geonameid"], c["name"], c["fuzzy"]) for c in fuzzy_candidates(name)]
    assert found == _scan(name)
    assert has_near_spelling(name) == bool(found)


def test_a_transliteration_finds_its_town_and_gibberish_finds_nothing():
    assert "Valuyki" in {c["name"] for c in fuzzy_candidates("Valuiki")}
    assert "Chattanooga" in {c["name"] for c in fuzzy_candidates("Chatanooga")}
    assert not has_near_spelling("Qwzxv")


def test_only_lengths_within_the_ratios_reach_are_read():
    # the best Indel ratio two strings of lengths n and m can have is that of "aaa..." against "aaa..."
    for n in range(1, 16):
        shortest, longest = _lengths(n, 86.0)
        for m in range(0, 2 * n + 3):
            reachable = fuzz.ratio("a" * n, "a" * m) >= 86.0
            assert reachable == (shortest <= m <= longest), (n, m)


@pytest.mark.slow
def test_the_places_settings_come_from_the_pipeline_config():
    from claimgraph.analyse.pipeline import build, make_doc

    text = "Russian soldiers were held in a basement in Sayzewe, relatives of the Ukrainian war's deserters say."

    def sayzewe(config):
        nlp = build(("places",), config=config)
        doc = nlp(make_doc(nlp, text, {"doc_id": "t", "published": None}))
        [p] = [p for p in doc._.places if p.mention.text == "Sayzewe"]
        return nlp, p

    nlp, p = sayzewe(None)
    assert nlp.get_pipe_config("claimgraph_places")["rival_km"] == 10.0
    assert p.ambiguous and len(p.candidates) >= 2
    # a rival must now score as high as the first choice, and no first choice is unsure
    _, p = sayzewe({"places": {"unsure": 0.0, "rival_share": 1.0}})
    assert not p.ambiguous and p.geonameid == p.candidates[0]["geonameid"]
    with pytest.raises(ValueError, match="rival_share"):
        build(("places",), config={"places": {"rival_share": 3}})


def test_clearing_the_caches_forgets_derived_lookups_and_gives_the_same_answers():
    before = (tagger._gazetteer_features("Kharkiv"), has_near_spelling("Kupyansk"))
    assert tagger._gazetteer_features.cache_info().currsize >= 1
    gazetteer.clear_caches()
    assert tagger._gazetteer_features.cache_info().currsize == 0
    assert has_near_spelling.cache_info().currsize == 0
    assert (tagger._gazetteer_features("Kharkiv"), has_near_spelling("Kupyansk")) == before
    known, row, _ = before[0]
    assert known and row[0] == 1.0 and before[1] is True
