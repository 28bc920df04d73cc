"""Sources as entities, their coreference, and stand-alone stance cues, on real-shaped sentences."""
from __future__ import annotations

from claimgraph.analyse.actors import country_code, is_known_actor, source_kind


def _source_actor(doc, words):
    a = next(a for a in doc._.attributions if any(words in c.text for c in a.contents))
    return a, next((x for x in doc._.actors if x.id == a.source_actor), None)


def test_demonym_in_a_description_is_the_affiliation_not_the_source(nlp):
    doc = nlp("The wife of a Russian soldier said her husband had not been paid for three months.")
    a, actor = _source_actor(doc, "not been paid")
    assert actor is not None and actor.name == "wife of a Russian soldier"
    assert actor.kind == "person" and actor.role == "wife" and actor.affiliation == "RU"
    assert not any(x.name == "Russian" for x in doc._.actors if x.id == a.source_actor)


def test_independent_outlet_described_with_a_demonym_is_the_outlet(nlp):
    doc = nlp("Meduza, an independent Russian media outlet, reported that several conscripts had deserted.")
    a, actor = _source_actor(doc, "conscripts had deserted")
    assert a.source_actor == "media.meduza"
    f = next(f for f in doc._.figures if f.mention.text == "several")
    assert f.value is None and f.approximate and (f.low, f.high) == (3, 9)
    assert f.source.startswith("Meduza")


def test_unknown_official_keeps_role_and_affiliation(nlp):
    doc = nlp("Andriy Kovalenko, a spokesman for the Southern Defence Forces, said two boats were destroyed.")
    a, actor = _source_actor(doc, "two boats were destroyed")
    assert actor is not None and actor.kind == "person"
    assert actor.role == "spokesman" and actor.affiliation == "Southern Defence Forces"


def test_plural_people_are_a_group_with_affiliation(nlp):
    doc = nlp("Ukrainian officials said the dam had been blown up from the inside.")
    a, actor = _source_actor(doc, "dam had been blown up")
    assert actor.kind == "group" and actor.affiliation == "UA"


def test_lookups_for_other_components():
    assert is_known_actor("Ukrainska Pravda") and is_known_actor("Dmitri Peskov")
    assert not is_known_actor("Kramatorsk")
    assert source_kind("Interfax") == "media_outlet" and source_kind("the Investigative Committee") == "government_agency"
    assert country_code("Russian") == "RU" and country_code("Ukraine") == "UA" and country_code("Belarus") == "BY"


# -- coreference -----------------------------------------------------------------------------------
def test_she_after_a_description_resolves_to_it(nlp):
    doc = nlp("The woman, who asked not to be named, said her son was detained in Kursk. "
              "She added that he had been beaten by military police.")
    a = next(a for a in doc._.attributions if a.sources and a.sources[0].text == "She")
    assert a.resolved_source is not None and a.resolved_source.text.startswith("The woman")


def test_he_skips_a_woman_and_it_needs_an_organisation(nlp):
    doc = nlp("Olena Kovalska, a nurse at the city hospital, said 14 patients had been moved. "
              "The Ukrainian Air Force said it had shot down 18 of 20 drones. "
              "Mayor Ihor Terekhov said the power had been restored. He added that schools would stay closed.")
    he = next(a for a in doc._.attributions if a.sources and a.sources[0].text == "He")
    assert he.resolved_source is not None and "Terekhov" in he.resolved_source.text


def test_who_resolves_through_the_relative_clause(nlp):
    doc = nlp("The strike was condemned by Dmitry Peskov, who said that Kyiv had crossed a red line.")
    a = next(a for a in doc._.attributions if any("red line" in c.text for c in a.contents))
    assert a.resolved_source is not None and "Peskov" in a.resolved_source.text
    assert a.source_actor == "ru.person.peskov"


def test_the_ministry_resolves_to_the_named_ministry(nlp):
    doc = nlp("Russia's Defence Ministry said its forces had taken the village of Novomykhailivka. "
              "The ministry also said that 50 Ukrainian soldiers had been killed.")
    a = next(a for a in doc._.attributions if a.sources and a.sources[0].text.startswith("The ministry"))
    assert a.resolved_source is not None and "Defence Ministry" in a.resolved_source.text
    assert a.evidence == "official_statement"
    f = next(f for f in doc._.figures if f.mention.text == "50")
    assert "Defence Ministry" in f.source


def test_a_description_with_no_fitting_antecedent_stays_unresolved(nlp):
    doc = nlp("Reuters reported the explosion on Monday. The governor said that nobody was hurt.")
    a = next(a for a in doc._.attributions if a.sources and a.sources[0].text == "The governor")
    assert a.resolved_source is None


def test_a_name_paragraphs_back_is_not_what_he_stands_for(nlp):
    """Machine-translated German ("der Sender ... er"): "he" is the broadcaster of the sentence
    before, not the president named three paragraphs up; the broadcaster is the outlet its
    research was attributed to."""
    doc = nlp("The war is not going as planned for President Vladimir Putin. Fierce fighting is raging in "
              "the Donbass. Resistance to the draft is growing. Some leave the country. Others refuse to "
              "take part in the war.\n\n"
              "Objectors are apparently exposed to great pressure, as research by RadioFreeEurope "
              "indicates. The Prague-based broadcaster says its journalists work independently. Now he has "
              "published a video describing the situation of Russian deserters.")
    research = next(a for a in doc._.attributions if a.sources and a.sources[0].text.startswith("research"))
    assert research.source_actor == "media.rferl"
    he = next(a for a in doc._.attributions if a.sources and a.sources[0].text == "he")
    assert he.resolved_source is not None and "Putin" not in he.resolved_source.text
    assert he.source_actor == "media.rferl" and he.evidence == "video"


def test_a_work_of_a_named_body_has_the_body_as_its_source(nlp):
    doc = nlp("A statement from Ukraine's Defence Ministry said 31 of 34 drones were shot down overnight.")
    a, actor = _source_actor(doc, "drones were shot down")
    assert a.source_actor is not None and not a.source_actor.startswith("source:")
    assert actor is not None and "Defen" in actor.name


# -- stance ----------------------------------------------------------------------------------------
def test_could_not_immediately_verify_is_no_claim_and_marks_the_claims_before(nlp):
    doc = nlp("Russia's Defence Ministry said its air defences had destroyed 31 drones over the Crimea. "
              "Reuters could not immediately verify battlefield reports.")
    note = next(c for c in doc._.claims if "could not immediately verify" in c.content.text)
    assert note.boilerplate and note.outlet_stance == "neutral"
    claim = next(c for c in doc._.claims if "31 drones" in c.content.text)
    assert claim.outlet_stance == "unverified" and "verify" in claim.stance_cue.text


def test_no_independent_reports_marks_the_claims_on_its_topic(nlp):
    doc = nlp("Russian officials said Ukrainian saboteurs had attacked a village in the Bryansk region. "
              "Separately, the mayor of Kherson said the water supply was restored. "
              "There were no independent reports of the attack.")
    attack = next(c for c in doc._.claims if "attacked a village" in c.content.text)
    water = next(c for c in doc._.claims if "water supply" in c.content.text)
    assert attack.outlet_stance == "unverified"
    assert water.outlet_stance != "unverified"
    assert all(c.boilerplate and c.outlet_stance != "endorses" for c in doc._.claims
               if c.content.text.startswith("There were no independent"))


def test_offered_no_evidence_marks_that_sources_claims(nlp):
    doc = nlp("Kremlin spokesman Dmitry Peskov said Ukraine had shelled the nuclear plant. "
              "The governor of Zaporizhzhia said two villages were without power. "
              "Peskov offered no evidence.")
    shelled = next(c for c in doc._.claims if "shelled the nuclear plant" in c.content.text)
    power = next(c for c in doc._.claims if "without power" in c.content.text)
    assert shelled.outlet_stance == "unverified"
    assert power.outlet_stance != "unverified"


def test_a_new_description_is_not_an_earlier_source(nlp):
    doc = nlp("\"He was held in a basement,\" says the sister of a soldier. The account was confirmed by the "
              "mother of another soldier, who also has her say. She speaks of a basement without furniture. "
              "The regional administration said it had no information.")
    mother = next(a for a in doc._.attributions if a.sources and "mother" in a.sources[0].text)
    assert mother.resolved_source is None
    she = next(a for a in doc._.attributions if a.sources and a.sources[0].text == "She")
    assert she.resolved_source is not None and "mother" in she.resolved_source.text
    admin = next(a for a in doc._.attributions if a.sources and "administration" in a.sources[0].text)
    assert admin.resolved_source is None


def test_he_after_a_fisherman_who_told_an_outlet(nlp):
    doc = nlp("\"The whole bank shook,\" a fisherman who lives near the bridge told the Southern Courier. "
              "He said at least two craters were visible the next morning.")
    he = next(a for a in doc._.attributions if a.sources and a.sources[0].text == "He")
    assert he.resolved_source is not None and "fisherman" in he.resolved_source.text


def test_a_person_named_after_the_role_is_the_source(nlp):
    """"the head of the Kursk region, Alexei Smirnov": the source is the person; "the mother of
    Ivan Petrov" is the mother, not Petrov."""
    doc = nlp("The head of the Kursk region, Alexei Smirnov, said a drone had hit an electrical substation.")
    a, actor = _source_actor(doc, "hit an electrical substation")
    assert a.source_actor == "name:alexei smirnov"
    doc = nlp("The mother of Ivan Petrov said her son had been sent to the front without training.")
    a, actor = _source_actor(doc, "sent to the front")
    assert actor is not None and actor.role == "mother" and actor.affiliation == "Ivan Petrov"
