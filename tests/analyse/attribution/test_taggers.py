"""The trained attribution taggers inside the pipeline, on real sentences: one test per
construction, plus negative cases, in both modes (fast: the CRF; accurate: the fine-tuned
MiniLM; marked slow)."""
from __future__ import annotations

import pytest

from claimgraph.analyse.attribution import crf as attribution_model



@pytest.fixture(scope="module", params=["fast", pytest.param("accurate", marks=pytest.mark.slow)])
def tag(request):
    """The claimgraph_attribution component (trained tagger + rule layer) on a text."""
    from claimgraph.analyse.pipeline import build, make_doc

    nlp = build(components=["attribution"], config={"attribution": {"mode": request.param}})

    def run(text):
        doc = nlp(make_doc(nlp, text, {"doc_id": "t"}))
        return [{"cue": a.cue.text, "sources": [s.text for s in a.sources],
                 "content": " ".join(s.text for s in a.contents), "type": a.quote_type,
                 "id": a.id, "parent": a.parent}
                for a in doc._.attributions]
    return run


def find(found, cue):
    got = [a for a in found if cue in a["cue"]]
    assert got, f"no attribution with cue {cue!r}: {found}"
    return got[0]


def test_indirect_speech_with_that(tag):
    a = find(tag("The Ukrainian military said that the convoy was destroyed near Izium on Tuesday."), "said")
    assert a["sources"] == ["The Ukrainian military"]
    assert "the convoy was destroyed near Izium" in a["content"]


def test_belief_without_quotation_marks(tag):
    a = find(tag("Western officials believe the convoy was stalled by a lack of fuel."), "believe")
    assert "Western officials" in " ".join(a["sources"])
    assert "the convoy was stalled" in a["content"]


def test_direct_quote_inverted(tag):
    a = find(tag('"We will not leave the city," the mayor told reporters on Sunday.'), "told")
    assert "the mayor" in " ".join(a["sources"])
    assert "We will not leave the city" in a["content"]


def test_according_to(tag):
    a = find(tag("According to the Ministry of Defense, 250 soldiers refused to return to the front."), "According")
    assert "Ministry of Defense" in " ".join(a["sources"])
    assert "250 soldiers refused" in a["content"]


def test_mixed_quote(tag):
    a = find(tag('The senator called the decision "a disgrace to the country" in a statement.'), "called")
    assert "The senator" in " ".join(a["sources"])
    assert "a disgrace" in a["content"]


def test_multi_sentence_quote(tag):
    text = ('"The trucks came at night. Nobody told us where we were going," a soldier\'s mother said. '
            '"Then the shooting started."')
    found = tag(text)
    a = find(found, "said")
    assert "The trucks came at night" in a["content"]


def test_negative_so_called_and_titles(tag):
    for text in ('The so-called "referendum" was held in occupied towns.',
                 'The documentary "Winter on Fire" was shown at the festival.'):
        assert not any(a["cue"].lower() in ("called", "so-called") for a in tag(text)), text


def test_nominal_cue_claim_that(tag):
    a = find(tag("The ministry rejected Moscow's claim that the strike hit only military targets."), "claim")
    assert a["content"].endswith("the strike hit only military targets")
    assert "The ministry" not in " ".join(a["sources"])


def test_attribution_without_source(tag):
    a = find(tag("It is widely expected that the offensive will resume in the spring."), "expected")
    assert a["sources"] == []
    assert "the offensive will resume" in a["content"]


def test_nested_attribution_knows_its_parent(tag):
    found = tag("The agency said a captured soldier told interrogators that his unit had run out of food.")
    outer, inner = find(found, "said"), find(found, "told")
    assert inner["parent"] == outer["id"] and outer["parent"] is None
    assert "captured soldier" in " ".join(inner["sources"])
    assert "his unit had run out of food" in inner["content"]


def _widened(fn, text: str, word: str) -> str:
    """The text of ``fn(doc, start, end)`` for ``word`` in ``text``, parsed for real."""
    from claimgraph.analyse.pipeline import build

    doc = build(components=[])(text)
    s = doc.text.index(word)
    lo, hi = fn(doc, s, s + len(word))
    return doc.text[lo:hi]


def test_source_grows_left_over_premodifiers():
    """A real PolNeAR sentence: the title and determiners left of a cut source join it."""
    assert _widened(attribution_model._grow_left, "Some of his donors said they would stay neutral.",
                    "donors") == "his donors"
    assert _widened(attribution_model._grow_left, "All the attendees said they had waited for hours.",
                    "attendees") == "All the attendees"


def test_cue_takes_the_colon_after_it():
    """PolNeAR marks "said:" with its colon; a cue with none after it stays as it is."""
    assert _widened(attribution_model._cue_colon, 'The regional governor added: "The shelling did not stop all night."',
                    "added") == "added:"
    assert _widened(attribution_model._cue_colon, "The regional governor added that the shelling did not stop.",
                    "added") == "added"


def test_source_from_the_parse_for_a_participle_cue():
    """'..., saying ...': the cue's own verb has no subject; the verb it hangs from does."""
    from claimgraph.analyse.pipeline import build

    nlp = build(components=[])
    doc = nlp("The governor visited the front line on Sunday, saying the troops had enough ammunition.")
    cue = next(t.i for t in doc if t.text == "saying")
    con = (cue + 1, len(doc) - 1)
    a = {"cue": (cue, cue + 1), "sources": [], "contents": [con]}
    lo, hi = attribution_model._parse_source(doc, a["cue"], a["contents"], [a])
    assert doc[lo:hi].text == "The governor"
    # a source the tagger already gave to another cue is not taken twice
    other = {"cue": (2, 3), "sources": [(0, 2)], "contents": []}
    assert attribution_model._parse_source(doc, a["cue"], a["contents"], [a, other]) is None


def test_rule_cue_the_crf_rules_out_is_no_fallback():
    """"feel this way" makes a rule cue; the CRF gives it next to no chance of being a cue, so the
    fast mode does not keep it as a fallback (the component's ``fallback_min_cue_p`` setting)."""
    from claimgraph.analyse.pipeline import build, make_doc

    text = "And why do we, languishing here in this Pandemonium, feel this way?"
    nlp = build(components=["attribution"])
    cues = [a.cue.text for a in nlp(make_doc(nlp, text, {"doc_id": "t"}))._.attributions]
    assert "feel" not in cues
    nlp = build(components=["attribution"], config={"attribution": {"fallback_min_cue_p": 0.0}})
    cues = [a.cue.text for a in nlp(make_doc(nlp, text, {"doc_id": "t"}))._.attributions]
    assert "feel" in cues


def test_crf_cue_probabilities_of_rule_cues():
    from claimgraph.analyse.attribution import rules as attribution
    from claimgraph.analyse.pipeline import build
    from claimgraph.model import Attribution

    nlp = build(components=[])

    def probs_of(text):
        doc = nlp(text)
        rules = [Attribution(id="", doc_id="", cue=d.cue, sources=d.sources, contents=d.contents)
                 for d in attribution.extract(doc)]
        probs = {}
        attribution_model.predict(doc, rules, cue_probs=probs)
        return doc, probs
    # a rule cue the CRF tags itself needs no probability
    doc, probs = probs_of("The defence ministry said on Monday that the bridge had been destroyed.")
    assert probs == {}
    doc, probs = probs_of("And why do we, languishing here in this Pandemonium, feel this way?")
    feel = next(t.i for t in doc if t.text == "feel")
    assert set(probs) == {feel} and probs[feel] < attribution.DEFAULT_CONFIG["fallback_min_cue_p"]


def test_criticism_verb_from_the_lexicon_is_a_cue():
    """'defend' (one of the verbs PolNeAR annotates as a cue in most of its uses) is in the
    lexicon: its content is the whole object, "the decision" with what it decides."""
    from claimgraph.analyse.pipeline import build, make_doc

    nlp = build(components=["attribution"])
    doc = nlp(make_doc(nlp, "The commander defended the decision to withdraw from the town.", {"doc_id": "t"}))
    a = next((a for a in doc._.attributions if "defended" in a.cue.text), None)
    assert a is not None, [x.cue.text for x in doc._.attributions]
    assert [s.text for s in a.sources] == ["The commander"]
    assert " ".join(s.text for s in a.contents) == "the decision to withdraw from the town"


def test_lone_it_as_active_subject_is_a_source():
    """'It said ...' (an organisation named before) keeps "It" as source; the dummy "It" of
    "It is widely expected" does not count as one."""
    from claimgraph.analyse.pipeline import build

    nlp = build(components=[])
    doc = nlp("The monitoring group published its report on Monday. It said the shelling had killed 12 people.")
    it = next(t for t in doc if t.text == "It")
    assert not attribution_model._expletive(doc[it.i:it.i + 1])
    doc = nlp("It is widely expected that the offensive will resume in the spring.")
    assert attribution_model._expletive(doc[0:1])


def test_one_source_piece_per_attribution():
    """PolNeAR sources are one span (1 gold source in 2,901 of train has two fragments): pieces
    with only a comma between them join, and of pieces further apart the one nearest the cue
    stays ("Madison, Wisconsin," is where Sanders spoke, not who spoke)."""
    from claimgraph.analyse.pipeline import build, make_doc

    text = "Sen. Bernie Sanders (I-Vt.) said Sunday in Madison, Wisconsin, that he was hoping for a large turnout."
    two = "Chelsea Clinton, husband expecting second child"
    assert attribution_model._merge_adjacent(two, [(17, 24), (0, 15)]) == [(0, 24)]
    madison = (text.index("Madison"), text.index("Wisconsin") + len("Wisconsin"))
    sanders = (0, text.index(")") + 1)
    assert attribution_model._merge_adjacent(text, [sanders, madison]) == [sanders, madison]
    said = (text.index("said"), text.index("said") + 4)
    assert attribution_model._one_source([madison, sanders], said) == sanders
    nlp = build(components=[])
    doc = nlp(make_doc(nlp, text, {"doc_id": "t"}))
    from claimgraph.analyse.attribution import extract

    a = next(a for a in extract(doc, use_model=True) if a.cue.text == "said")
    assert [s.text for s in a.sources] == ["Sen. Bernie Sanders (I-Vt.)"]


def test_tagger_items_are_the_training_features():
    """The tagger reads crfsuite items written straight from the doc's columns; they must be
    the features the CRF was trained on (``to_crfsuite`` of ``doc_features``), in the same order:
    quotations, "according to", a line break between sentences, a rule cue and its source."""
    from claimgraph.analyse.attribution import rules as attribution
    from claimgraph.analyse.pipeline import build

    nlp = build(components=[])
    text = ('"We will not leave the city," the mayor told reporters on Sunday. According to the Ministry of '
            'Defense, 250 soldiers refused to return.\nThe so-called "referendum" was held. It said so.\n\n'
            "Officials said the convoy, which was stalled, had no fuel")
    doc = nlp(text)
    rule_attrs = attribution.extract(doc)
    assert rule_attrs
    for attrs in (rule_attrs, None):
        feats = attribution_model.doc_features(doc, attrs)
        items = list(attribution_model.doc_items(doc, attrs))
        assert len(items) == len(feats) == len(list(doc.sents))
        for (seq, marks), fs in zip(items, feats):
            assert seq == attribution_model.to_crfsuite(fs)
            assert marks == [f["r"] for f in fs]
