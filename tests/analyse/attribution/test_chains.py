"""Relay chains, evidence types and figure sources on real-shaped war-news sentences.

Every sentence is the project's own writing in the style of wire and national reporting.
"""
from __future__ import annotations

import pytest

from claimgraph.analyse.attribution import source_chain


def _run(nlp, text):
    doc = nlp(text)
    by_id = {a.id: a for a in doc._.attributions}
    return doc, by_id


def _holding(doc, words):
    """The innermost attribution whose content holds ``words``."""
    by_id = {a.id: a for a in doc._.attributions}
    found = [a for a in doc._.attributions if any(words in c.text for c in a.contents)]
    assert found, f"no attribution holds {words!r}: {[(a.cue.text, [c.text for c in a.contents]) for a in doc._.attributions]}"
    return max(found, key=lambda a: len(source_chain(a, by_id))), by_id


def _figure(doc, mention):
    f = next((f for f in doc._.figures if f.mention.text == mention), None)
    assert f is not None, [x.mention.text for x in doc._.figures]
    return f


def test_reported_citing_nests_agency_over_ministry(nlp):
    doc, _ = _run(nlp, "Interfax reported, citing the Russian Defence Ministry, that 12 drones were shot down "
                       "over the Belgorod region overnight.")
    a, by_id = _holding(doc, "12 drones were shot down")
    assert source_chain(a, by_id) == ["Interfax", "the Russian Defence Ministry"]
    assert a.evidence == "official_statement"
    assert not any("citing" in c.text for c in a.contents)
    assert _figure(doc, "12").source == "the Russian Defence Ministry"


def test_writes_about_this_with_reference_takes_the_sentence_before(nlp):
    doc, _ = _run(nlp, "Russian forces lost 300 soldiers near Bakhmut over the past day. Ukrainska Pravda "
                       "writes about this with reference to the General Staff of the Armed Forces of Ukraine.")
    a, by_id = _holding(doc, "lost 300 soldiers")
    chain = source_chain(a, by_id)
    assert chain[0] == "Ukrainska Pravda" and "General Staff" in chain[1]
    assert _figure(doc, "300").source.endswith("General Staff of the Armed Forces of Ukraine")
    # the sentence is now an attributed claim, not one in the outlet's own voice
    assert not any(c.attribution is None and "300 soldiers" in c.content.text for c in doc._.claims)


def test_according_to_outlet_then_speaker(nlp):
    doc, _ = _run(nlp, "According to Reuters, the regional governor said that three people were killed "
                       "when a missile hit an apartment block.")
    a, by_id = _holding(doc, "three people were killed")
    assert source_chain(a, by_id) == ["Reuters", "the regional governor"]
    assert a.resolved_source is None          # the governor is not Reuters
    assert a.evidence == "official_statement"
    assert _figure(doc, "three").source == "the regional governor"


def test_speaker_told_outlet_is_an_interview_relayed_by_it(nlp):
    doc, _ = _run(nlp, "A Ukrainian soldier told the BBC that his unit had run out of artillery shells.")
    a, by_id = _holding(doc, "run out of artillery shells")
    assert source_chain(a, by_id) == ["the BBC", "A Ukrainian soldier"]
    assert a.evidence == "interview"


def test_in_an_interview_with_outlet(nlp):
    doc, _ = _run(nlp, "In an interview with CNN, Zelensky said the counteroffensive had already begun.")
    a, by_id = _holding(doc, "counteroffensive had already begun")
    assert source_chain(a, by_id) == ["CNN", "Zelensky"]
    assert a.evidence == "interview"


def test_quoted_as_saying(nlp):
    doc, _ = _run(nlp, "The Kyiv Independent quoted the mayor as saying that dozens of buildings were damaged.")
    a, by_id = _holding(doc, "buildings were damaged")
    assert source_chain(a, by_id) == ["The Kyiv Independent", "the mayor"]
    f = _figure(doc, "dozens")
    assert f.source == "the mayor"
    assert f.value is None and f.approximate and (f.low, f.high) == (24, 99)


def test_statement_published_on_telegram_is_a_social_media_post(nlp):
    doc, _ = _run(nlp, "Governor Oleh Syniehubov said in a statement published on Telegram that hundreds of "
                       "residents had been evacuated from the border villages.")
    a, _ = _holding(doc, "residents had been evacuated")
    assert a.evidence == "social_media_post"
    assert "Telegram" in a.evidence_cue.text
    f = _figure(doc, "hundreds")
    assert f.value is None and f.approximate and f.low == 200 and f.high == 999
    assert f.source == "Governor Oleh Syniehubov"


def test_the_agency_said_in_the_next_sentence_resolves_to_the_agency(nlp):
    doc, _ = _run(nlp, "The TASS news agency reported the attack on Sunday. The agency said that 40 drones had "
                       "been destroyed over the Black Sea.")
    a, _ = _holding(doc, "40 drones had been destroyed")
    assert a.resolved_source is not None and "TASS" in a.resolved_source.text
    assert a.source_actor == "media.tass"


def test_a_fragment_is_never_a_source_and_a_blast_is_no_cue(nlp):
    doc, _ = _run(nlp, "Russia on Saturday opened a criminal probe into a blast that killed a military blogger "
                       "in a St Petersburg cafe.")
    assert not any(a.cue.text.lower() == "blast" for a in doc._.attributions)
    assert not any(s.text.endswith(" a") for a in doc._.attributions for s in a.sources)


def test_refuse_is_not_a_reporting_verb(nlp):
    doc, _ = _run(nlp, "Many of the mobilised men refuse to return to the front without proper equipment.")
    assert not any(a.cue.text.lower().startswith("refuse") for a in doc._.attributions)


def test_a_telegram_channel_source_is_a_social_media_post(nlp):
    doc, _ = _run(nlp, "Rybar reported that several Ukrainian boats had landed on the left bank of the Dnipro "
                       "near Krynky.")
    a, _ = _holding(doc, "boats had landed")
    assert a.source_actor == "media.rybar"
    assert a.evidence == "social_media_post"


@pytest.mark.parametrize("text, speaker, relay", [
    ("Senator Maria Lopez told The Washington Post that the aid package would pass before the recess.",
     "Senator Maria Lopez", "told"),
    ("The governor said in an interview with the BBC that the power plant had been shelled twice.",
     "The governor", "interview"),
    ("Interfax reported, citing the Russian Defence Ministry, that 12 drones were shot down overnight.",
     "Interfax", "citing"),
])
def test_a_relay_is_one_statement_for_the_polnear_scorer(nlp, text, speaker, relay):
    """The relay's hop is in the chain (``relay`` set, sharing the content) but the scorer sees
    one attribution per statement: the one whose cue is the verb of saying."""
    from claimgraph.evaluate.polnear import quotes_from_attributions

    doc, by_id = _run(nlp, text)
    hops = [a for a in doc._.attributions if a.relay]
    assert [h.relay for h in hops] == [relay]
    statement = next(a for a in doc._.attributions if not a.relay and a.sources and a.sources[0].text == speaker)
    assert hops[0].contents == statement.contents
    assert statement.parent == hops[0].id or hops[0].parent == statement.id
    quotes = quotes_from_attributions(doc._.attributions)
    assert len(quotes) == len(doc._.attributions) - 1
    assert [(statement.cue.start, statement.cue.end)] in [q.cue for q in quotes]


def test_a_clause_read_as_source_is_cut_to_its_subject(nlp):
    """The tagger may run a source over a whole clause; the attribution stays, with the clause's
    subject as its source."""
    doc, _ = _run(nlp, "The Republican National Committee is filing a complaint on Monday with the city's bar "
                       "association, claiming that the lawyer had a conflict of interest.")
    a = next((a for a in doc._.attributions if a.cue.text.startswith("claiming")), None)
    assert a is not None, [(x.cue.text, [s.text for s in x.sources]) for x in doc._.attributions]
    assert [s.text for s in a.sources] in ([], ["The Republican National Committee"])
    assert any("conflict of interest" in c.text for c in a.contents)


@pytest.mark.parametrize("text, source, evidence", [
    ("Russia's investigative committee said it had \"initiated a criminal case\" over the blast in St Petersburg.",
     "Russia's investigative committee", "official_statement"),
    ("The Belgorod governor said on Monday that two civilians were wounded by shelling.",
     "The Belgorod governor", "official_statement"),
    ("Ukraine's Ministry of Defence said in a video posted on Twitter that the bridge was hit.",
     "Ukraine's Ministry of Defence", "video"),
    ("Russia's Investigative Committee said it had opened a criminal case into the blast at the cafe.",
     "Russia's Investigative Committee", "official_statement"),
    ("Ukraine denied that its forces had shelled the hospital in Donetsk.", "Ukraine", "official_statement"),
    ("A spokesman for the local military administration said the water supply had been restored.",
     "A spokesman for the local military administration", "official_statement"),
    ("Governor Vyacheslav Gladkov wrote on Telegram that two houses in Shebekino had been damaged.",
     "Governor Vyacheslav Gladkov", "social_media_post"),
    ("The mayor said in an interview with Reuters that the city had run out of generators.",
     "The mayor", "interview"),
    ("\"We heard three explosions and then the windows blew in,\" a pensioner told the Kyiv Independent.",
     "a pensioner", "eyewitness"),
    ("A woman who lives near the fuel depot said the fire burned until the morning.",
     "A woman who lives near the fuel depot", "eyewitness"),
    ("A video posted on a Telegram channel appears to show three captured soldiers near Robotyne.",
     "A video posted on a Telegram channel", "video"),
    ("Footage shared on a Telegram channel on Sunday shows that the bridge was hit.",
     "Footage shared on a Telegram channel on Sunday", "video"),
])
def test_evidence_from_the_source_and_what_it_says(nlp, text, source, evidence):
    doc, _ = _run(nlp, text)
    found = [a for a in doc._.attributions if not a.relay and a.sources and a.sources[0].text == source]
    assert found, [(a.cue.text, [s.text for s in a.sources]) for a in doc._.attributions]
    assert found[0].evidence == evidence


def test_a_statement_about_images_the_article_introduced_rests_on_them(nlp):
    doc, _ = _run(nlp, "Satellite pictures published by Maxar on Tuesday show a pontoon bridge near Kherson. "
                       "Experts at the Institute for the Study of War said the pictures, taken on Monday, show "
                       "that the bridge was destroyed.")
    a = next(a for a in doc._.attributions if a.sources and a.sources[0].text.startswith("Experts"))
    assert a.evidence == "satellite_imagery"
    # an official speaking about a video is still an official statement
    doc, _ = _run(nlp, "A video shared online shows smoke over the port. The regional governor said the footage "
                       "was filmed last year.")
    a = next(a for a in doc._.attributions if a.sources and "governor" in a.sources[0].text)
    assert a.evidence == "official_statement"


@pytest.mark.parametrize("text, content, chain, evidence", [
    ("Interfax reported, citing the Russian Defence Ministry, that 12 drones were shot down overnight.",
     "12 drones were shot down", ["Interfax", "the Russian Defence Ministry"], "official_statement"),
    ("Senator Maria Lopez told The Washington Post that the aid package would pass before the recess.",
     "the aid package would pass", ["The Washington Post", "Senator Maria Lopez"], "interview"),
    ("TASS quoted the head of the Kursk region, Alexei Smirnov, as saying that a drone had hit a substation.",
     "a drone had hit a substation", ["TASS", "the head of the Kursk region, Alexei Smirnov"], "official_statement"),
])
def test_a_relayed_statement_is_one_claim_with_the_whole_chain(nlp, text, content, chain, evidence):
    """A relay is one statement: one claim, attached to the innermost source, its chain running
    from the outlet that relays it to the speaker; an outlet's name ("The Washington Post") says
    nothing about the evidence."""
    doc, by_id = _run(nlp, text)
    claims = [c for c in doc._.claims if content in c.content.text]
    assert len(claims) == 1, [(c.content.text, c.chain) for c in doc._.claims]
    assert claims[0].chain == chain
    a = by_id[claims[0].attribution]
    if evidence is not None:
        assert a.evidence == evidence
    assert all(x.evidence != "social_media_post" for x in doc._.attributions)


def test_a_named_body_refusing_states_a_position(nlp):
    """"refuse" with an infinitive is an act for people described by what they are (above), a
    stated position for a named body."""
    doc, _ = _run(nlp, "The International Olympic Committee refused to ban all of the country's athletes "
                       "from the Games in Paris.")
    assert any(a.cue.text.lower().startswith("refused") and a.sources
               and "Olympic Committee" in a.sources[0].text for a in doc._.attributions), \
        [(a.cue.text, [s.text for s in a.sources]) for a in doc._.attributions]


def test_a_speaker_inside_a_released_call_has_its_publisher_as_parent(nlp):
    doc = nlp("Ukraine's military intelligence on Tuesday published an intercepted call in which a woman tells "
              "her husband that conscripts were taken to the front line in closed trucks.")
    by_id = {a.id: a for a in doc._.attributions}
    woman = next(a for a in doc._.attributions if a.sources and a.sources[0].text == "a woman")
    assert woman.parent is not None and woman.evidence == "intercepted_communication"
    publisher = by_id[woman.parent]
    assert publisher.sources[0].text == "Ukraine's military intelligence" and publisher.cue.text == "published"
    assert publisher.evidence == "intercepted_communication" and publisher.source_actor == "ua.intel.hur"
    assert publisher.contents == woman.contents
