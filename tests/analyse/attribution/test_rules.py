"""The rule-based attribution component on real sentences, one construction each."""
from __future__ import annotations

import pytest


def attrs(analyse, text):
    return analyse(text).attributions


def one(found, cue):
    got = [a for a in found if a.cue and (a.cue.text == cue or cue in a.cue.text.split())]
    assert got, f"no attribution with cue {cue!r}: {[a.cue.text for a in found if a.cue]}"
    return got[0]


def joined(spans):
    return " ".join(s.text for s in spans)


def test_direct_quote_with_source_after(analyse):
    a = one(attrs(analyse, '"We will not give up the bridge," the commander said on Monday.'), "said")
    assert a.quote_type == "direct"
    assert joined(a.sources) == "the commander"
    assert joined(a.contents) == "We will not give up the bridge"


def test_inverted_says(analyse):
    a = one(attrs(analyse, '"He was held in a cellar for a week," says the sister of a conscript.'), "says")
    assert a.quote_type == "direct" and "sister of a conscript" in joined(a.sources)


def test_multi_part_quote_continues_the_speaker(analyse):
    text = ('"The trucks came at night. Nobody told us where we were going," a soldier\'s mother told '
            'reporters. "Then the shooting started."')
    a = one(attrs(analyse, text), "told")
    assert a.quote_type == "direct"
    assert "Then the shooting started" in joined(a.contents)


def test_indirect_said_that(analyse):
    a = one(attrs(analyse, "The regional governor said that three drones had been shot down overnight."), "said")
    assert a.quote_type == "indirect"
    assert joined(a.sources) == "The regional governor"
    assert "three drones had been shot down" in joined(a.contents)


def test_that_before_a_quote_makes_it_mixed(analyse):
    a = one(attrs(analyse, 'The officer says that "the crossing must be closed before the spring".'), "says")
    assert a.quote_type == "mixed"
    a = one(attrs(analyse, '"The crossing must be closed before the spring," the officer says.'), "says")
    assert a.quote_type == "direct"


def test_mixed_quote(analyse):
    a = one(attrs(analyse, 'The minister called the strike "a deliberate provocation" and promised a response.'), "called")
    assert a.quote_type == "mixed" and "deliberate provocation" in joined(a.contents)


def test_according_to_sentence_final_and_initial(analyse):
    a = one(attrs(analyse, "Two bridges were destroyed, according to the emergency service."), "according to")
    assert joined(a.sources) == "the emergency service" and "Two bridges were destroyed" in joined(a.contents)
    b = one(attrs(analyse, "According to British intelligence, the units were withdrawn last week."), "According to")
    assert b.evidence == "intelligence_assessment" and "units were withdrawn" in joined(b.contents)


def test_estimates_are_evidence_type_estimate(analyse):
    a = one(attrs(analyse, "The army has lost 4,000 soldiers, according to estimates from the defence ministry."), "according to")
    assert a.evidence == "estimate"


def test_video_evidence_and_passive_confirmation(analyse):
    found = attrs(analyse, "Relatives speaking in a video said the men were locked in a barn. "
                           "The account was confirmed by a local priest.")
    assert one(found, "said").evidence == "video"
    c = one(found, "confirmed")
    assert "local priest" in joined(c.sources)


def test_evidence_phrase_fronted_before_the_cue(analyse):
    """"In the recording, the officer says ...": the phrase before the cue names the evidence too,
    and in an article about an intercepted call the recording is that intercept."""
    text = ("The security service has published an intercepted call about the attack on the bridge.\n\n"
            'In the recording, the officer says that "the crossing must be closed before the spring".')
    a = one(attrs(analyse, text), "says")
    assert a.evidence == "intercepted_communication" and a.evidence_cue.text == "recording"
    a = one(attrs(analyse, "In a video posted on Monday, relatives of the soldiers say they were held in a basement."),
            "say")
    assert a.evidence == "video"
    # a fronted phrase without an evidence word changes nothing
    a = one(attrs(analyse, "On Monday, the governor said three people were wounded."), "said")
    assert a.evidence == "official_statement"


def test_description_source_resolves_to_antecedent(analyse):
    text = ('"They took our phones," the wife of a detained volunteer told the newspaper. '
            "The woman, who asked not to be named, added that the men were moved twice.")
    found = attrs(analyse, text)
    a = one(found, "added")
    assert a.resolved_source is not None and "wife of a detained volunteer" in a.resolved_source.text


def test_nested_attribution_has_parent(analyse):
    text = "The ministry said its analysts believe that the convoy was heading north."
    found = attrs(analyse, text)
    inner = one(found, "believe")
    outer = one(found, "said")
    assert inner.parent == outer.id


def test_chain_through_an_evidence_item(analyse):
    text = ("The trucks went to the front, according to a recording of an intercepted phone call released "
            "by the agency.\n\n"
            '"They lied to them," the wife of a soldier told him in the phone call.')
    found = attrs(analyse, text)
    wife = one(found, "told")
    rec = one(found, "according to")
    assert wife.parent == rec.id
    assert wife.evidence == "intercepted_communication"


@pytest.mark.parametrize("text", [
    'The so-called "referendum" was held in occupied towns.',
    'The documentary "Winter on Fire" was shown at the festival.',
    "He is said to have lived in a hall on wooden boards.",
])
def test_negative_cases_are_not_attributions(analyse, text):
    assert attrs(analyse, text) == []


def test_offsets_are_exact(analyse):
    text = ('Fictional. "We are holding," the officer said. Officials said the town was calm, '
            "according to the local administration.")
    for a in attrs(analyse, text):
        for s in [a.cue, *a.sources, *a.contents]:
            assert text[s.start:s.end] == s.text


def test_content_does_not_swallow_the_clause_around_the_cue(analyse):
    text = ("The recording comes after Vadym Skibitskyi, a spokesman for the agency, said the army is "
            "recruiting prisoners.")
    a = one(attrs(analyse, text), "said")
    assert joined(a.contents) == "the army is recruiting prisoners"


def test_doc_strings_follow_the_doc():
    """The token columns are kept for the last doc, but never given for a changed doc or another
    doc."""
    from spacy.attrs import LEMMA, LOWER

    from claimgraph.analyse.attribution.lexicon import doc_strings
    from claimgraph.analyse.pipeline import build

    nlp = build(components=[])
    doc = nlp("The ministry said the convoy was stalled.")
    assert doc_strings(doc, LOWER) == [t.lower_ for t in doc]
    assert doc_strings(doc, LEMMA) == [t.lemma_ for t in doc]
    doc[2].lemma_ = "state"
    assert doc_strings(doc, LEMMA) == [t.lemma_ for t in doc]
    other = nlp("Officials said so.")
    assert doc_strings(other, LOWER) == ["officials", "said", "so", "."]
    assert doc_strings(nlp(""), LOWER) == []
