"""The first certainty component on real sentences."""
from __future__ import annotations


def claim_with(claims, fragment):
    got = [c for c in claims if fragment in c.content.text]
    assert got, f"no claim containing {fragment!r}: {[c.content.text for c in claims]}"
    return got[0]


def test_plain_outlet_assertion_is_certain(analyse):
    c = claim_with(analyse("Fierce fighting is raging in the Donbass.").claims, "Fierce fighting")
    assert c.certainty == "certain" and c.attribution is None and c.outlet_stance == "endorses" and c.depth == 0


def test_said_alone_does_not_lower_certainty(analyse):
    c = claim_with(analyse("The governor said the bridge was destroyed.").claims, "bridge was destroyed")
    assert c.certainty == "certain" and c.outlet_stance == "neutral" and c.depth == 1


def test_reportative_hedges_from_translation(analyse):
    claims = analyse("The men are said to have slept in a hall. It should be 250 people. "
                     "Soldiers are apparently locked in basements.").claims
    assert claim_with(claims, "slept in a hall").certainty == "possible"
    assert claim_with(claims, "250 people").certainty == "possible"
    c = claim_with(claims, "locked in basements")
    assert c.certainty == "possible" and [h.text for h in c.hedges] == ["apparently"]


def test_probably_is_probable(analyse):
    assert claim_with(analyse("Her son is probably still there.").claims, "son").certainty == "probable"


def test_hedge_owner_source_versus_outlet(analyse):
    claims = analyse("The officer said the commander had probably fled. "
                     "The officer allegedly said the depot was empty.").claims
    assert claim_with(claims, "commander had probably fled").hedge_owner == "source"
    c = claim_with(claims, "depot was empty")
    assert c.hedge_owner == "outlet" and c.certainty == "possible"


def test_unverified_applies_to_earlier_attributed_claims(analyse):
    claims = analyse("A new recording shows that conscripts were tricked, the agency said. "
                     "The Example Courier could not independently verify the claims.").claims
    assert claim_with(claims, "conscripts were tricked").outlet_stance == "unverified"


def test_negation_but_not_inside_a_quoted_title(analyse):
    claims = analyse('The army did not attack the village. The film "We Are Not Afraid" opened in Kyiv.').claims
    assert claim_with(claims, "did not attack").polarity == "negated"
    assert claim_with(claims, "opened in Kyiv").polarity == "asserted"


def test_caption_repeated_twice_is_boilerplate(analyse):
    text = ("Soldiers train in a forest near the border\n"
            "Soldiers train in a forest near the border AFP / Jane DOE\n"
            "The ministry said new units were formed in the region.")
    claims = analyse(text).claims
    assert all(c.boilerplate for c in claims if "forest" in c.content.text)
    assert not claim_with(claims, "new units were formed").boilerplate


def test_could_not_verify_is_negation_not_a_hedge(analyse):
    res = analyse("The newspaper could not independently verify the figures.")
    claim = next(r for r in res.records if type(r).__name__ == "Claim")
    assert claim.certainty == "certain" and not claim.hedges
    res = analyse("The number of casualties could rise, officials said.")
    claim = next(r for r in res.records if type(r).__name__ == "Claim" and "casualties" in r.content.text)
    assert claim.certainty == "possible" and [h.text for h in claim.hedges] == ["could"]


def test_caption_with_credit_and_its_bare_copy_are_both_boilerplate():
    from claimgraph.analyse.certainty import _boilerplate_ranges

    caption = "Ukrainian servicemen fire a howitzer toward Russian positions near Bakhmut"
    text = (f"{caption}\n"
            "Kyiv said on Tuesday its forces had pushed back an assault on the eastern town.\n"
            f"{caption} REUTERS/Viacheslav Ratynskyi\n"
            "Fighting went on through the night, the general staff said.")
    lines = text.split("\n")
    flagged = {text[s:e] for s, e in _boilerplate_ranges(text)}
    assert flagged == {lines[0], lines[2]}
