"""Origins, echoes, stories and contradictions across articles, on real-shaped reporting run
through the real pipeline into a real DuckDB file (articles written for these tests)."""
from __future__ import annotations

import json

import pytest

from claimgraph.ingestion import ingest
from claimgraph.store import Corpus

WIRE = {"outlet": "Northline Wire", "published": "2024-07-10", "title": "Missile strike cuts power in Sumy",
        "text": "A Russian missile struck an electrical substation in Sumy early on Wednesday, leaving about "
                "40,000 households without electricity, the regional military administration said.\n\n"
                "Governor Volodymyr Artiukh said repair crews had begun work but warned that full power might "
                "not be restored before the weekend. Two workers at the substation were injured and taken to "
                "hospital, he said.\n\n"
                "Sumy, about 30 kilometres from the Russian border, has been shelled almost daily since the "
                "spring. Its hospitals were running on generators on Wednesday morning, the city council said."}
REWRITE_1 = {"outlet": "Carpathian Daily", "published": "2024-07-10", "title": "Sumy left in the dark after strike",
             "text": "Tens of thousands of homes in the north-eastern city lost power after the attack.\n\n"
                     "A Russian missile struck an electrical substation in Sumy early on Wednesday, leaving about "
                     "40,000 households without electricity, the regional military administration said.\n\n"
                     "Governor Volodymyr Artiukh said repair crews had begun work but warned that full power might "
                     "not be restored before the weekend. Two workers at the substation were injured and taken to "
                     "hospital, he said."}
REWRITE_2 = {"outlet": "Dnipro Ledger", "published": "2024-07-11", "title": "Substation hit in Sumy",
             "text": "Residents of Sumy queued for water on Thursday as the city waited for power to return.\n\n"
                     "A Russian missile struck an electrical substation in Sumy early on Wednesday, leaving about "
                     "40,000 households with no electricity, the regional military administration said. Sumy, about "
                     "30 kilometres from the Russian border, has been shelled almost daily since the spring. Its "
                     "hospitals were running on generators on Wednesday morning, the city council said."}
# one ministry statement, reported by two outlets in their own words
STATEMENT_A = {"outlet": "Kyiv Monitor", "published": "2024-08-02", "title": "Air defence downs 27 drones",
               "text": "Ukraine's air force said on Friday that it had shot down 27 of 31 Shahed drones launched "
                       "overnight against the Odesa and Mykolaiv regions. \"The enemy again targeted port "
                       "infrastructure,\" the air force said in its statement. Debris fell on a warehouse in "
                       "Mykolaiv, where firefighters worked until morning."}
STATEMENT_B = {"outlet": "Black Sea Courier", "published": "2024-08-02", "title": "Overnight drone attack on the south",
               "text": "Most of the drones Russia sent at southern Ukraine overnight were destroyed, according to "
                       "Ukraine's air force, which reported 27 downed out of 31. \"The enemy again targeted port "
                       "infrastructure,\" the statement read. In Odesa, local people described hearing machine-gun "
                       "fire from mobile air-defence teams for more than an hour."}
# the same British intelligence assessment under four names
UK_NAMES = ["British intelligence", "the British Ministry of Defence", "Britain's ministry of defence",
            "the UK Defence Intelligence update"]
UK_OUTLETS = ["Test Herald", "Test Wire", "Kyiv Monitor", "Baltic Review"]


def _uk_article(i: int, name: str) -> dict:
    return {"outlet": UK_OUTLETS[i], "published": "2024-09-1" + str(i),
            "title": f"Russia moves reserve brigades towards Pokrovsk ({i})",
            "text": f"Russia has moved at least two reserve brigades towards Pokrovsk in the past week, {name} said "
                    f"on Saturday in its daily assessment. The brigades were probably drawn from units that had "
                    f"been resting near Donetsk, according to {name}."}


# two strikes on one city a week apart, without any date
STRIKE_1 = {"outlet": "Test Herald", "title": "Guided bomb hits apartment block in Zaporizhzhia",
            "text": "A Russian guided aerial bomb hit a nine-storey apartment block in Zaporizhzhia, killing three "
                    "residents and wounding eleven, regional governor Ivan Fedorov said.\n\n"
                    "The blast collapsed the building's central stairwell. Rescuers pulled two women from the rubble "
                    "overnight and were still searching for a missing teenager, the State Emergency Service said.\n\n"
                    "Among the wounded were a six-year-old boy and his grandmother, who were taken to the regional "
                    "children's hospital. Neighbours said windows were blown out across the courtyard.\n\n"
                    "Fedorov declared a day of mourning in the city."}
STRIKE_2 = {"outlet": "Test Wire", "title": "Drones set tram depot ablaze in Zaporizhzhia",
            "text": "Russian attack drones struck a tram depot in Zaporizhzhia, setting six trams on fire and "
                    "wounding a mechanic on the night shift, the city council said.\n\n"
                    "Firefighters needed four hours to put out the blaze in the repair hangar. The depot serves the "
                    "routes to the industrial district, and the council said buses would replace the trams on those "
                    "lines until repairs were finished.\n\n"
                    "Regional governor Ivan Fedorov said air defence had shot down two other drones over the city. "
                    "The depot had already been damaged by shelling last autumn."}


def _ingest(tmp, articles) -> tuple[Corpus, dict]:
    src = tmp / "a.jsonl"
    src.write_text("\n".join(json.dumps(a) for a in articles) + "\n", encoding="utf-8")
    corpus = Corpus(tmp / "c.duckdb")
    ingest(corpus, [str(src)])
    ids = {d.outlet + "|" + (d.title or ""): d.id for d in corpus.documents(with_text=False)}
    return corpus, ids


def _stories_of(corpus, doc_id):
    return [s for s in corpus.records("story") if doc_id in s.doc_ids]


@pytest.fixture(scope="module")
def wire(tmp_path_factory):
    corpus, ids = _ingest(tmp_path_factory.mktemp("wire"), [WIRE, REWRITE_1, REWRITE_2, STATEMENT_A, STATEMENT_B])
    yield corpus, {a["outlet"]: ids[a["outlet"] + "|" + a["title"]]
                   for a in (WIRE, REWRITE_1, REWRITE_2, STATEMENT_A, STATEMENT_B)}
    corpus.close()


@pytest.mark.slow
def test_two_rewrites_of_a_wire_story_are_echoes_with_a_shared_text_figure(wire):
    corpus, ids = wire
    [story] = _stories_of(corpus, ids["Northline Wire"])
    assert {ids["Carpathian Daily"], ids["Dnipro Ledger"]} <= set(story.doc_ids)
    echoes = {e["doc_id"]: e for e in story.echoes}
    assert set(echoes) == {ids["Carpathian Daily"], ids["Dnipro Ledger"]}, story.echoes
    for outlet in ("Carpathian Daily", "Dnipro Ledger"):
        e = echoes[ids[outlet]]
        assert e["kind"] == "copy" and e["copies"]["doc_id"] == ids["Northline Wire"]
        assert 0.4 <= e["shared"] < 1.0, e
        assert e["claims"], "a copy carries claims of the wire story over"
    # the first rewrite copies two of the wire's three paragraphs word for word: most of its text
    assert echoes[ids["Carpathian Daily"]]["shared"] > echoes[ids["Dnipro Ledger"]]["shared"] - 0.2
    # "without electricity" / "with no electricity" in two copies is not a contradiction
    assert not [c for c in story.contradictions if c["kind"] == "polarity"], story.contradictions


@pytest.mark.slow
def test_two_independent_reports_of_one_statement_are_not_echoes(wire):
    corpus, ids = wire
    [story] = _stories_of(corpus, ids["Kyiv Monitor"])
    assert ids["Black Sea Courier"] in story.doc_ids
    assert story.echoes == [], story.echoes
    named = [o for o in story.origins if "air force" in (o.get("name") or "").casefold()]
    assert len(named) == 1, story.origins
    assert not any(t["echo"] for t in story.timeline)


@pytest.mark.slow
def test_one_assessment_under_four_names_is_one_origin(tmp_path):
    corpus, ids = _ingest(tmp_path, [_uk_article(i, n) for i, n in enumerate(UK_NAMES)])
    try:
        stories = corpus.records("story")
        assert len(stories) == 1, [s.doc_ids for s in stories]
        [story] = stories
        assert len(story.doc_ids) == 4
        assert len(story.origins) == 1, [(o["name"], o["key"]) for o in story.origins]
        assert len(story.origins[0]["doc_ids"]) == 4
    finally:
        corpus.close()


# one intercepted call released by Ukraine's military intelligence, told by two outlets in their own words
CALL_A = {"outlet": "Test Herald", "title": "Intercepted call: conscripts driven to the front instead of home",
          "text": "Russian conscripts were driven to the front line in closed trucks after being promised a flight "
                  "home, according to a recording of an intercepted phone call released by the Chief Intelligence "
                  "Directorate of the Ministry of Defense of Ukraine.\n\n"
                  "\"They were loaded onto trucks and told they would go to the airport,\" the wife of a Russian "
                  "soldier said in the call.\n\n"
                  "The directorate did not say when the call was recorded. The Test Herald could not verify it."}
CALL_B = {"outlet": "Baltic Review", "title": "Ukraine publishes call about tricked conscripts",
          "text": "Ukraine's military intelligence on Tuesday published an intercepted call in which a woman tells "
                  "her husband that conscripts were taken to the front line in closed trucks instead of to an "
                  "airport.\n\n"
                  "\"They realised on the way and started jumping out,\" she says in the recording, according to "
                  "the intelligence service.\n\n"
                  "Russia's defence ministry did not comment on the recording."}


@pytest.mark.slow
def test_one_call_released_by_one_agency_is_one_origin_however_worded(tmp_path):
    """"a recording ... released by the Chief Intelligence Directorate" and "Ukraine's military
    intelligence published an intercepted call in which a woman tells ...": one item, keyed by
    who released it, named by the actor dictionary."""
    corpus, ids = _ingest(tmp_path, [CALL_A, CALL_B])
    try:
        [story] = corpus.records("story")
        assert len(story.doc_ids) == 2
        assert len(story.origins) == 1, [(o["name"], o["key"]) for o in story.origins]
        [origin] = story.origins
        assert origin["key"].startswith("intercepted_communication|") and len(origin["doc_ids"]) == 2
        assert "(HUR)" in origin["name"], origin["name"]
    finally:
        corpus.close()


@pytest.mark.slow
def test_two_strikes_on_one_city_without_dates_are_two_stories(tmp_path):
    corpus, ids = _ingest(tmp_path, [STRIKE_1, STRIKE_2])
    try:
        a = _stories_of(corpus, ids[STRIKE_1["outlet"] + "|" + STRIKE_1["title"]])
        b = _stories_of(corpus, ids[STRIKE_2["outlet"] + "|" + STRIKE_2["title"]])
        assert a and b and a[0].id != b[0].id
        assert all(x.get("date") is None for s in a + b for x in s.articles), "nothing dates these articles"
    finally:
        corpus.close()


def test_canonical_names_resolve_demonyms_spellings_and_units():
    from claimgraph.link.canon import canonical, same_source

    forms = {canonical(n) for n in ("British intelligence", "Britain's ministry of defence",
                                    "UK Ministry of Defense", "Defence Intelligence update")}
    assert len(forms) == 1, forms
    uk = forms.pop()
    assert same_source(canonical("the British Ministry"), uk)
    # the ministries of two countries stay two sources; a surname is the full name
    assert not same_source(canonical("Russia's defence ministry"), canonical("the Ministry of Defence of Ukraine"))
    assert not same_source(canonical("Russia's defence ministry"), uk)
    assert same_source(canonical("Marchuk"), canonical("Oleh Marchuk"))
    assert same_source(canonical("Pavel Chikov of Agora"), canonical("Chikov"))


def test_pronouns_fragments_and_descriptions_are_not_named_origins():
    from claimgraph.link.canon import canonical, is_unnamed
    from claimgraph.link.origins import claim_origin
    from claimgraph.model import Attribution, Claim, Span

    for bad in ("who", "his account", "they", "the strikes", "Russia on Saturday opened a criminal probe into a"):
        assert canonical(bad) is None, bad
    for desc in ("A man", "sources", "senior Ukrainian officials"):
        assert is_unnamed(desc), desc

    def origin(source: str, resolved: str | None = None, doc: str = "d1"):
        a = Attribution(id="a1", doc_id=doc, cue=Span(10, 14, "said"), sources=[Span(0, len(source), source)],
                        resolved_source=Span(40, 40 + len(resolved), resolved) if resolved else None)
        c = Claim(id="c1", doc_id=doc, content=Span(20, 40, "the depot was hit"), attribution="a1")
        return claim_origin(c, {"a1": a}, {}, "Test Herald")

    assert origin("who") is None                              # unresolved relative pronoun: no origin
    assert "Fedorov" in origin("he", resolved="Ivan Fedorov")["name"]   # resolved: its antecedent
    man1, man2 = origin("a man", doc="d1"), origin("a man", doc="d2")
    assert man1["key"] != man2["key"], "two articles' 'a man' are not one source"


def test_echo_alignment_and_relays_on_text():
    from claimgraph.link.echoes import align, jaccard, relays, signature

    shared = align(WIRE["text"], REWRITE_1["text"])
    assert shared["shared"] > 0.7 and len(shared["passages"]) >= 1
    own = align(STATEMENT_A["text"], STATEMENT_B["text"])
    assert own["shared"] < 0.25                                # one quoted sentence, not a copy
    assert jaccard(signature(WIRE["text"]), signature(REWRITE_1["text"])) > \
        jaccard(signature(STATEMENT_A["text"]), signature(STATEMENT_B["text"]))
    assert relays("KYIV (Reuters) - Two drones fell, AP reported, citing TASS.", []) == ["Reuters", "AP", "TASS"]
    assert relays("The strike, according to the Dnipro Ledger, hit a depot.", ["Dnipro Ledger"]) == ["Dnipro Ledger"]
    assert relays("Apple reported higher sales.", []) == []
    # an outlet cited under any of its names is one outlet, the article's own or another's
    from claimgraph.link.echoes import _outlet_key, _same_outlet

    assert _same_outlet("AP News", "AP") and _same_outlet("AP News", "The Associated Press")
    assert _outlet_key("AP") == _outlet_key("the Associated Press") != _outlet_key("Reuters")
    assert not _same_outlet("Reuters", "The Associated Press")


def test_dates_come_from_metadata_dateline_or_text_with_their_source():
    from claimgraph.link.dating import find_date

    assert find_date("2024-05-02", "text") == ("2024-05-02", "published")
    assert find_date(None, "Lindsay Lohan checks into Betty Ford Center\nMay 03, 2013\nAfter ...") == \
        ("2013-05-03", "dateline")
    late = "x " * 300 + "The quake of 12 January 2010 destroyed the palace."
    assert find_date(None, late) == ("2010-01-12", "text")
    assert find_date(None, "A drone hit the depot on Tuesday.") == (None, None)
