"""The origin of each claim: the first-hand source at the end of its attribution chain, and the
evidence item it reached the outlet through.

An origin is what makes two reports independent or not. Two articles that repeat the intercepted
call released by Ukraine's HUR share one origin (the recording), however many speakers the call
has and however the articles word the agency's name; relatives interviewed in RFE/RL's video are
another. The identity of an origin (its ``key``) is therefore:

* the evidence item when one is named in the chain (a recording, video, photo, document,
  satellite image, social-media post) together with who released or published it;
* otherwise the first-hand source as a canonical actor (``source_actor`` from the actor
  dictionary, else the normalized name, pronouns and descriptions resolved) and the kind of
  evidence (statement, estimate, intelligence assessment, eyewitness);
* a claim in the outlet's own voice has the outlet's own reporting as origin.

Media outlets met inside a chain ("the Dnipro Ledger reported, citing the ministry") are not
origins: they are the ``via`` of an echo, and the origin is what they cite (or the outlet itself
when it cites nothing).
"""
from __future__ import annotations

import re
from typing import Optional

from ..model import ITEM_EVIDENCE, Attribution, Claim
from .canon import canonical, is_unnamed, not_a_source

MEDIA_KINDS = {"media_outlet", "news_agency", "outlet", "media"}
MEDIA_WORDS = re.compile(r"\b(newspaper|news ?paper|broadcaster|agency|outlet|daily|times|post|news|radio|"
                         r"television|tv|channel|magazine|ledger|gazette|herald|tribune|journal|review|bote|"
                         r"wire|press)\b", re.I)
NOT_MEDIA_KINDS = {"state", "armed_force", "military_unit", "government_agency", "intelligence_service",
                   "armed_group", "ngo", "person", "international_organization"}
#: a "source" that is the evidence itself ("the statement said", "the images show"): not an actor
EVIDENCE_NOUNS = re.compile(r"^(the |a |an |this |that )?(statement|report|reports|video|footage|images?|"
                            r"photos?|document|documents|recording|call|post|message|letter|order|data|"
                            r"figures|analysis|assessment|research)$", re.I)
#: sources too generic to be one origin ("officials", "Russian", "sources said")
GENERIC_SOURCES = re.compile(r"^(the |some |several |many |local )?(officials?|authorities|sources?|experts?|"
                             r"observers|media|reports|people|[A-Z][a-z]+(ian|ish|ese|i|an))$")
#: private individuals described, not named ("the sister of a soldier", "relatives")
PRIVATE_PERSON = re.compile(r"\b(sister|brother|mother|father|wife|husband|son|daughter|relatives?|family|"
                            r"families|soldiers?|man|woman|men|women|resident|residents|conscripts?|"
                            r"recruits?|parents?|friend)\b", re.I)
_DET = re.compile(r"^(the|a|an|his|her|their|its|our)\s+", re.I)


ORG_WORDS = re.compile(r"\b(ministry|administration|office|service|police|army|forces?|group|lab|council|"
                       r"committee|agency|government|command|staff|military|intelligence|spokes(wo)?man|"
                       r"governor|mayor|official|officials|brigade|battalion|unit|department|prosecutor)\b", re.I)


def is_private_person(name: str) -> bool:
    """A private individual described rather than named: "the sister of a soldier", "a
    fisherman who lives near the bridge", "relatives", "witnesses"."""
    words = name.split()
    if ORG_WORDS.search(name):
        return False
    if PRIVATE_PERSON.search(name) or name.strip().casefold() in ("witnesses", "eyewitnesses", "locals"):
        return True
    return bool(words) and words[0].casefold() in ("a", "an", "the", "one") and \
        not any(w[:1].isupper() for w in words[1:])


def fold_name(text: str) -> str:
    t = re.sub(r"[’'`]s\b", "", text or "")
    t = re.sub(r"[^\w\s-]", " ", t).casefold()
    t = _DET.sub("", " ".join(t.split()))
    return t


def _source_name(a: Attribution) -> Optional[str]:
    src = a.resolved_source or (a.sources[0] if a.sources else None)
    return src.text if src is not None else None


NATIONALITY = re.compile(r"^[a-z]+(ian|ish|ese|an|i)$", re.I)


def _named_actor(sa: Optional[str]) -> bool:
    """A source actor that names someone: one of the actor dictionary or a name found in the
    text, not an actor the article's description of its source made (``source:<doc>:...``,
    "a flower seller") nor a bare nationality word ("name:russian")."""
    return bool(sa) and not sa.startswith("source:") and not (sa.startswith("name:") and NATIONALITY.match(sa[5:]))


def _display_name(a: Attribution) -> Optional[str]:
    """A source as the actor dictionary names it ("research by RadioFreeEurope": Radio Free
    Europe/Radio Liberty), else as the text gives it."""
    from ..analyse.actors import dictionary

    known = dictionary().get(a.source_actor or "")
    return known["name"] if known else _source_name(a)


def _actor_key(a: Attribution) -> str:
    sa = a.source_actor
    if _named_actor(sa):
        return sa
    name = _source_name(a)
    if not name or EVIDENCE_NOUNS.match(name.strip()) or GENERIC_SOURCES.match(name.strip()):
        return f"unnamed:{a.doc_id}"         # one unnamed origin per article, never merged by wording
    if sa and sa.startswith("source:"):      # a description: the article's own, never merged by wording
        return sa
    if is_unnamed(name):                     # "a man", "witnesses": this article's, never merged by wording
        return f"desc:{fold_name(name)}@{a.doc_id}"
    return f"name:{canonical(name) or fold_name(name)}"


def _is_media(a: Attribution, actor_kinds: dict[str, str]) -> bool:
    kind = actor_kinds.get(a.source_actor or "", "")
    if kind in MEDIA_KINDS:
        return True
    if kind in NOT_MEDIA_KINDS:
        return False
    name = _source_name(a) or ""
    return bool(MEDIA_WORDS.search(name)) and a.evidence not in ITEM_EVIDENCE | {"eyewitness"}


def claim_origin(claim: Claim, attrs_by_id: dict[str, Attribution], actor_kinds: dict[str, str],
                 outlet: Optional[str]) -> Optional[dict]:
    """The origin of one claim: ``{key, actor, name, evidence, evidence_text, speaker, via}``;
    None when its only sources are pronouns or fragments nobody resolved."""
    from ..analyse.attribution import ancestors

    outlet_key = f"outlet:{fold_name(outlet)}" if outlet else "outlet:unknown"
    attr = attrs_by_id.get(claim.attribution) if claim.attribution else None
    if attr is None:
        return {"key": outlet_key, "actor": outlet_key, "name": outlet or "the outlet itself", "actor_name": outlet,
                "evidence": "own_reporting", "evidence_text": None, "speaker": None, "via": []}
    # innermost (the speaker) first; a pronoun or fragment the tagger could not resolve is no one
    chain = [a for a in ancestors(attr, attrs_by_id) if a.resolved_source is not None or a.source_actor
             or not not_a_source(_source_name(a))]
    if not chain:
        return None
    via = [(_display_name(a) or "") for a in chain if _is_media(a, actor_kinds)]
    first_hand = next((a for a in chain if not _is_media(a, actor_kinds)), None)
    # the evidence item nearest the speaker, and who released it (the next source outwards)
    item = None
    for i, a in enumerate(chain):
        if a.evidence in ITEM_EVIDENCE:
            publisher = next((b for b in chain[i:] if b is not a and not _is_media(b, actor_kinds)), None)
            item = (a, publisher)
            break
    speaker = _source_name(chain[0])
    if item is not None:
        a, publisher = item
        if publisher is None and _is_media(a, actor_kinds):
            publisher = a            # "the broadcaster has published a video": the outlet's own
        pub_key = _actor_key(publisher or a)
        kind = a.evidence.replace("_", " ")
        cue = a.evidence_cue.text if a.evidence_cue is not None else kind
        # "recording (intercepted communication) released by the SBU: the officer"
        pub_name = _display_name(publisher) if publisher is not None else None
        if pub_name and cue.casefold() in pub_name.casefold():
            name = pub_name            # "a recording of an intercepted phone call released by ..."
        else:
            name = cue + (f" ({kind})" if kind.split()[0] not in cue.lower() else "") + \
                (f" released by {pub_name}" if pub_name else "")
        if speaker and cue.casefold() not in speaker.casefold() and chain[0] is not publisher:
            name += f": {speaker}"      # who speaks in it ("..., the officer")
        return {"key": f"{a.evidence}|{pub_key}", "actor": pub_key, "name": name, "evidence": a.evidence,
                "actor_name": pub_name if publisher is not None else _source_name(a),
                "evidence_text": cue, "speaker": speaker, "via": via}
    if first_hand is None:                          # only media in the chain: the outlet cited
        a = chain[-1]
        key = f"name:{fold_name(_source_name(a) or '')}"
        return {"key": f"report|{key}", "actor": key, "name": _source_name(a) or "a media report",
                "actor_name": _source_name(a),
                "evidence": "media_report", "evidence_text": None, "speaker": speaker, "via": via}
    ev = first_hand.evidence or "unspecified"
    # statements and interviews of one actor are one origin whatever the wording
    ev_class = "statement" if ev in ("official_statement", "interview", "unspecified") else ev
    name = _source_name(first_hand)
    private = bool(name and not _named_actor(first_hand.source_actor) and is_private_person(name))
    return {"key": f"{ev_class}|{_actor_key(first_hand)}", "actor": _actor_key(first_hand),
            "name": name or "an unnamed source", "evidence": ev, "private_person": private, "actor_name": name,
            "evidence_text": first_hand.evidence_cue.text if first_hand.evidence_cue is not None else None,
            "speaker": speaker, "via": via}


def document_origins(corpus, doc_id: str, outlet: Optional[str], actor_kinds: dict[str, str]) -> dict[str, dict]:
    """Origin of every non-boilerplate claim of one stored document, by claim id."""
    attrs = {a.id: a for a in corpus.records("attribution", doc_id)}
    out = {c.id: claim_origin(c, attrs, actor_kinds, outlet)
           for c in corpus.records("claim", doc_id) if not c.boilerplate}
    return {k: v for k, v in out.items() if v is not None}
