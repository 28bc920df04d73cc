"""Relay chains and evidence: the drafts the taggers and rules found, tidied and linked.

:func:`finish` runs after the tagger (any mode) and the rules:

* drafts that are no attribution go: a "source" that is a sentence fragment ("Russia on
  Saturday opened a criminal probe into a", with the noun "blast" as cue);
* a source the tagger put into the content ("The woman, who asked not to be named, said ...")
  is moved back to the source, from the cue verb's subject;
* relays (:mod:`.relays`): "X reported, citing Y", "X writes about this with reference to Y",
  "Y told X", "in an interview with X", "X quoted Y as saying", each nested outlet -> relaying
  outlet or agency -> speaker;
* chains: an attribution whose cue lies in another's content gets it as ``parent``; one that
  refers back to an evidence item ("in the phone call") gets the attribution that introduced
  it ("a recording of an intercepted phone call released by ..."); one said inside an item
  someone released ("X published a call in which a woman tells ...") gets a new attribution
  to the publisher, with the item as evidence;
* pronoun, relative-pronoun, possessive and description sources resolve (:mod:`.coref`);
* evidence type, from the cue and its phrases first (the medium: "published on Telegram",
  "in an interview", "in a video"), then the source's words and, for a source resolved to an
  actor, its kind (a ministry, a committee, a governor, a country by name: ``official_statement``);
  a person who is no official telling what they saw or heard is an ``eyewitness`` (also in an
  interview); a statement about an item the article introduced ("the images") takes the item's
  type.
"""
from __future__ import annotations

import functools
import re
from typing import Optional

from spacy.tokens import Doc, Token

from ...model import ITEM_EVIDENCE, Attribution, Span
from .lexicon import PLAIN_SPEECH, RELEASE_VERBS, doc_text, lexicon
from .drafts import Draft, _subtree_range, source_token

#: evidence types that name a medium or a kind of document; read from the cue and its phrases
#: before the source's own words (a governor's Telegram post is a social-media post)
MEDIUM_TYPES = ("intercepted_communication", "satellite_imagery", "video", "photo", "social_media_post",
                "document", "interview", "audio", "estimate")
#: actor kinds whose statements are official ones, and the kinds that assess
OFFICIAL_KINDS = {"government_agency", "armed_force", "military_unit", "state"}

#: verbs of saying besides the plain ones, whose subject is their source
SAYING = {"report", "confirm", "deny", "explain", "warn", "insist", "reveal", "admit", "describe", "note"}

#: a source that withholds its name
ANONYMOUS = re.compile(r"(?i)\b(asked not to be (named|identified)|on condition of anonymity|declined to be named|"
                       r"speaking anonymously|not authori[sz]ed to speak)")

EVIDENCE_NOUNS = ("phone call", "call", "recording", "video", "footage", "document", "report", "audio")


def finish(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    from . import coref, relays

    drafts = [d for d in drafts if _mend_fragment_source(doc, d) and not _intention(d)]
    for d in drafts:
        _source_from_content(doc, d)
    drafts = relays.link(doc, drafts)
    drafts.sort(key=lambda d: (d.cue.start if d.cue else 0, d.cue.end if d.cue else 0))
    _chains(doc, drafts)
    coref.resolve(doc, drafts)
    _evidence(doc, drafts)
    return drafts


def _cue_phrases(verb: Token) -> list[tuple[str, int, int]]:
    """The cue verb's prepositional phrases: those after it ("said in a video"), then those
    fronted before it ("In the recording, the officer says")."""
    after, before = [], []
    for c in verb.children:
        if c.dep_ == "prep":
            lo, hi = _subtree_range(c)
            (after if c.i > verb.i else before).append((doc_text(verb.doc)[lo:hi], lo, hi))
    return after + before


def _tokens(doc: Doc, span: Span):
    return doc.char_span(span.start, span.end, alignment_mode="expand")


def _mend_fragment_source(doc: Doc, d: Draft) -> bool:
    """Whether the draft stays, its sources mended. A source that holds its sentence's main verb
    ("The committee is filing a complaint with the board, claiming ...") is a piece of a sentence:
    it becomes that verb's subject ("The committee"), or goes when the subject is not inside it.
    A source ending on a determiner, preposition or conjunction ("the Supreme Court this", "An")
    loses those words. A draft whose cue is a noun and whose content is a relative clause of it
    ("Russia on Saturday opened a criminal probe into a" with "blast" and "that killed a
    military blogger") is no attribution and goes."""
    mended = []
    for s in d.sources:
        clause = False
        sp = _tokens(doc, s)
        if sp is None or not len(sp):
            mended.append(s)
            continue
        root = sp[0]
        while root.head.i != root.i:
            root = root.head
        if root.pos_ in ("VERB", "AUX") and sp.start <= root.i < sp.end and not (
                d.cue is not None and d.cue.start <= root.idx < d.cue.end):
            clause = True
            subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None or not (sp.start <= subj.left_edge.i and subj.right_edge.i < sp.end):
                continue
            sp = doc[subj.left_edge.i:subj.right_edge.i + 1]
        end = sp.end
        if doc[end - 1].pos_ not in ("DET", "ADP", "CCONJ") or doc[end - 1].lower_ == "that":
            if not clause:
                mended.append(s)
                continue
        while end > sp.start and (doc[end - 1].pos_ in ("DET", "ADP", "CCONJ", "PUNCT") or doc[end - 1].is_space) \
                and doc[end - 1].lower_ != "that":
            end -= 1
        if end > sp.start:
            lo, hi = doc[sp.start].idx, doc[end - 1].idx + len(doc[end - 1])
            mended.append(Span(lo, hi, doc_text(doc)[lo:hi]))
    if _relative_clause_of_noun_cue(doc, d):
        return False
    d.sources = mended
    return True


def _relative_clause_of_noun_cue(doc: Doc, d: Draft) -> bool:
    """A cue with no verb whose content is a relative clause of the cue's noun ("a blast that
    killed a military blogger"): the clause describes the noun, nobody says it ("little doubt
    that the planet was warming" is a complement clause, and content)."""
    if d.cue is None or not d.contents:
        return False
    cue = _tokens(doc, d.cue)
    if cue is None or any(t.pos_ in ("VERB", "AUX") or t.lower_ == "according" for t in cue):
        return False
    for c in d.contents:
        sp = _tokens(doc, c)
        if sp is None or not len(sp) or sp.root.dep_ != "relcl" or not cue.start <= sp.root.head.i < cue.end:
            continue
        # a relative pronoun with a role in the clause ("that killed"), not a complementiser
        # before a clause with its own subject ("pronouncements that Clinton was the winner")
        if any(t.lower_ in ("that", "which", "who", "whom") and t.dep_ in ("nsubj", "nsubjpass", "dobj")
               for t in sp.root.children):
            return True
    return False


def _intention(d: Draft) -> bool:
    """A verb of refusal or attempt with an infinitive for content ("the soldiers refuse to
    return", lexicon ``intention_verbs``) whose subject is people described by what they are
    states an act, not speech, unless the infinitive is itself a verb of saying ("refused to
    comment")."""
    v = d.verb
    lex = lexicon()
    if v is None or v.lemma_.lower() not in lex["intention_verbs"] or not d.contents:
        return False
    inf = next((c for c in v.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
    if inf is None or inf.lemma_.lower() in lex["cue_verbs"] | {"comment"}:
        return False
    # a named actor's refusal is a position it states ("The IOC refused to ban ..."); people
    # described by what they are who refuse to act ("soldiers who refuse to fight") act; with no
    # subject ("after months of refusing to ...") nothing says which
    subj = source_token(v)   # "Trump demands ..., yet refuses to": the subject of the first verb
    if subj is None or subj.ent_type_ in ("PERSON", "ORG"):
        return False
    # the tagger's source names a person or organisation the parse missed ("reasons that Trump
    # refuses to", "Trump" read as a common noun)
    for s in d.sources:
        sp = _tokens(v.doc, s)
        if sp is not None and any(t.ent_type_ in ("PERSON", "ORG") for t in sp):
            return False
    return subj.pos_ == "NOUN" or subj.lower_ in ("who", "that", "which", "others", "some", "many")


def _source_from_content(doc: Doc, d: Draft) -> None:
    """No source, a content piece that is the subject of a verb of saying: that piece is the
    source ("The woman, who asked not to be named, said ..."). Not for "seem"/"appear", whose
    subject belongs to the content."""
    if d.sources or d.verb is None or not d.contents or d.verb.lemma_.lower() not in PLAIN_SPEECH | SAYING:
        return
    subj = next((c for c in d.verb.children if c.dep_ == "nsubj" and c.i < d.verb.i), None)
    if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
        return
    lo, hi = _subtree_range(subj)
    inside = [c for c in d.contents if c.start <= lo and hi <= c.end + 2]
    if not inside:
        return
    d.contents = [c for c in d.contents if c not in inside]
    text = doc_text(doc)
    while hi > lo and text[hi - 1] in ",; ":
        hi -= 1
    d.sources = [Span(lo, hi, text[lo:hi])]


def _chains(doc: Doc, drafts: list[Draft]) -> None:
    released = []
    for d in drafts:
        if d.cue is None or d.parent is not None:
            continue
        publisher = _publisher_of_item(doc, d)
        if publisher is not None:
            d.parent = d.inherited_evidence = publisher
            released.append((d, publisher))
            continue
        enclosing = [o for o in drafts if o is not d and o.parent is not d
                     and any(c.start <= d.cue.start < c.end for c in o.contents)]
        if enclosing:
            d.parent = min(enclosing, key=lambda o: sum(c.end - c.start for c in o.contents))
            continue
        # back-reference to an evidence item: "told him in the phone call" -> the attribution
        # that introduced "a recording of an intercepted phone call released by ..."
        if d.verb is None:
            continue
        phrases = " ".join(t for t, _, _ in _cue_phrases(d.verb)).lower()
        for noun in EVIDENCE_NOUNS:
            if re.search(rf"\b(the|this|that)\s+{noun}\b", phrases):
                earlier = [o for o in drafts if o is not d and o.cue and o.cue.start < d.cue.start
                           and any(noun in s.text.lower() for s in o.sources)]
                if earlier:
                    d.parent = earlier[-1]
                    d.inherited_evidence = earlier[-1]
                break
    for d, publisher in released:          # before the speaker: its evidence is read first
        drafts.insert(drafts.index(d), publisher)


#: nouns of a recording or clip someone can release ("an intercepted call in which ...")
ITEM_NOUNS = {"call", "recording", "video", "footage", "conversation", "audio", "clip", "intercept", "tape"}


def _publisher_of_item(doc: Doc, d: Draft) -> Optional[Draft]:
    """"Ukraine's military intelligence published an intercepted call in which a woman tells her
    husband that ...": the woman speaks in the call, and its publisher is the source the call
    reached the outlet through. A new draft for the publisher (cue: the verb of publishing,
    content: the speaker's), to be the speaker's parent, with the item's kind as evidence."""
    v = d.verb
    if v is None or v.dep_ != "relcl" or v.head.lemma_.lower() not in ITEM_NOUNS:
        return None
    item = v.head
    if item.dep_ not in ("dobj", "nsubjpass") or item.head.lemma_.lower() not in RELEASE_VERBS:
        return None
    verb = item.head
    subj = source_token(verb)
    if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
        return None
    text = doc_text(doc)
    lo, hi = _subtree_range(subj)
    ilo = item.left_edge.idx
    etype, cue = _match(doc, _medium_types(), [(text[ilo:item.idx + len(item)], ilo, item.idx + len(item))])
    if etype not in ITEM_EVIDENCE:
        return None
    p = Draft(Span(verb.idx, verb.idx + len(verb), verb.text), [Span(lo, hi, text[lo:hi])], list(d.contents),
              d.quote_type, d.sent_start, verb)
    p.evidence_hint, p.evidence_cue = etype, cue
    return p


def _medium_types() -> list[str]:
    """The lexicon's evidence types that name a medium, in the lexicon's order."""
    return [t for t in lexicon()["evidence"] if t in MEDIUM_TYPES]


@functools.lru_cache(maxsize=1)
def _patterns() -> dict[str, list[re.Pattern]]:
    return {etype: [re.compile(p) for p in pats] for etype, pats in lexicon()["evidence"].items()}


@functools.lru_cache(maxsize=8)
def _any_pattern(types: tuple[str, ...]) -> re.Pattern:
    """One regex that matches where any evidence pattern of ``types`` does: most phrases match
    none, and one search tells so."""
    return re.compile("|".join(f"(?:{p.pattern})" for etype in types for p in _patterns()[etype]))


def _match(doc: Doc, types, places) -> tuple[Optional[str], Optional[Span]]:
    pats = _patterns()
    text = doc_text(doc)
    anywhere = _any_pattern(tuple(types))
    for t, start, _ in places:
        low = t.lower()
        if anywhere.search(low) is None:
            continue
        for etype in types:
            for pat in pats[etype]:
                m = pat.search(low)
                if m:
                    if etype == "audio" and "intercept" in text.lower():
                        etype = "intercepted_communication"
                    s, e = start + m.start(), start + m.end()
                    return etype, Span(s, e, text[s:e])
    return None, None


def _evidence(doc: Doc, drafts: list[Draft]) -> None:
    from ..actors import lookup, source_kind

    lex = lexicon()
    types = list(lex["evidence"])
    medium = _medium_types()
    for d in drafts:
        phrases = []
        if d.cue is not None:
            phrases.append((d.cue.text, d.cue.start, d.cue.end))
        if d.verb is not None:
            phrases += _cue_phrases(d.verb)
        sources = [(s.text, s.start, s.end) for s in d.sources]
        if d.resolved is not None:
            sources.append((d.resolved.text, d.resolved.start, d.resolved.end))
        etype, cue = _match(doc, medium, phrases)
        if etype is None and d.evidence_hint in ITEM_EVIDENCE:
            # the item a publisher released (see _publisher_of_item)
            etype, cue = d.evidence_hint, d.evidence_cue
        if etype is None:
            etype, cue = _match(doc, types, sources)
        if etype is None and d.evidence_hint:
            etype = d.evidence_hint
        inherited = d.inherited_evidence
        if inherited is not None and etype in (None, "audio"):
            etype = inherited.evidence
        named = d.resolved or (d.sources[0] if d.sources else None)
        if etype is not None and cue is not None and named is not None and named.start < cue.start \
                and cue.end <= named.end and cue.text[:1].isupper() and _outlet(named.text):
            etype, cue = None, None   # a word of an outlet's name ("The Washington Post") is no evidence
        if etype is None and named is not None and any(
                (lookup(n) or {}).get("outlet") == "telegram_channel" for n in {named.text, named.text.split(",")[0]}):
            etype = "social_media_post"
        if etype is None and named is not None and ANONYMOUS.search(named.text):
            etype = "unnamed_source"
        if etype is None and named is not None and (source_kind(named.text) in OFFICIAL_KINDS
                                                    or _country(doc, named)):
            etype = "official_statement"
        if etype in (None, "interview") and named is not None and _first_hand(doc, d, named):
            etype = "eyewitness"   # what a bystander saw, even when told in an interview
        if etype is None:
            etype, cue = _item_in_content(doc, d, medium)
        if etype is None:
            head = d.sources[0].text.lower() if d.sources else ""
            if re.search(r"\b(sources?|officials?|people familiar|insiders?)\b", head) and not any(
                    w[:1].isupper() for w in d.sources[0].text.split()[1:]):
                etype = "unnamed_source"
        d.evidence, d.evidence_cue = etype or "unspecified", cue


def _outlet(name: str) -> bool:
    from ..actors import source_kind

    return source_kind(name) in ("media_outlet", "news_agency")


def _country(doc: Doc, named: Span) -> bool:
    """The source is a country by name ("Russia denied ..."): its government speaks."""
    from ..actors import country_code

    sp = _tokens(doc, named)
    toks = [t for t in sp if t.pos_ != "DET"] if sp is not None else []
    return bool(toks) and all(t.ent_type_ == "GPE" for t in toks) and country_code(named.text) is not None


#: verbs of perception: a private person telling what they saw or heard is an eyewitness
PERCEIVE = {"see", "hear", "feel", "watch", "witness", "notice", "smell", "wake"}
FIRST_PERSON = {"i", "we"}
_FIRST_PERSON_WORD = re.compile(r"(?i)\b(i|we)\b")


def _first_hand(doc: Doc, d: Draft, named: Span) -> bool:
    """A person who is no official and tells what they perceived themselves ("'... then we saw
    smoke over the river,' a fisherman told ...") or who lives at the place ("a man who lives
    near the bridge")."""
    from ..actors import source_kind

    if source_kind(named.text) is not None or re.search(r"\b(officials?|spokes\w+|governor|mayor|minister|police|"
                                                       r"commander|army|ministry|administration)\b", named.text, re.I):
        return False
    if re.search(r"\bwho (lives?|lived)\b", named.text, re.I):
        return True
    for c in d.contents:
        if not _FIRST_PERSON_WORD.search(c.text):
            continue
        sp = _tokens(doc, c)
        if sp is None:
            continue
        for t in sp:
            if t.lemma_.lower() in PERCEIVE and t.pos_ == "VERB" and any(
                    s.dep_ == "nsubj" and s.lower_ in FIRST_PERSON for s in t.children):
                return True
    return False


_ITEM_REF = re.compile(r"(?i)\b(the|these|those)\s+((?:satellite\s+)?(?:images?|imagery|footage|videos?|photos?|"
                       r"photographs?|pictures?|recordings?))\b")


def _item_in_content(doc: Doc, d: Draft, medium) -> tuple[Optional[str], Optional[Span]]:
    """A statement about an evidence item the article introduced ("Analysts said the images ...
    are consistent with a strike", after "Satellite imagery reviewed by ... shows"): the item's
    type, from the last earlier sentence naming it, else from the words of the reference."""
    text = doc_text(doc)
    for c in d.contents:
        m = _ITEM_REF.search(c.text)
        if m is None:
            continue
        stem = re.sub(r"(?i)^satellite\s+", "", m.group(2))[:4].lower()   # imag, foot, vide, phot, pict, reco
        before = text[:c.start]
        last = max((k.start() for k in re.finditer(rf"(?i)\b{stem}", before)), default=None)
        if last is not None:
            sent = doc.char_span(last, last + 1, alignment_mode="expand")
            if sent is not None:
                s = sent[0].sent
                etype, cue = _match(doc, medium, [(s.text, s.start_char, s.end_char)])
                if etype is not None:
                    return etype, cue
        s0 = c.start + m.start()
        return _match(doc, medium, [(m.group(0), s0, s0 + len(m.group(0)))])
    return None, None


def ancestors(attr: Attribution, by_id: dict) -> list[Attribution]:
    """The attribution and its ancestors through ``parent`` links, innermost first."""
    out, seen, cur = [], set(), attr
    while cur is not None and cur.id not in seen:
        seen.add(cur.id)
        out.append(cur)
        cur = by_id.get(cur.parent) if cur.parent else None
    return out


def statements(attrs: list[Attribution]) -> list[Attribution]:
    """The attributions a claim attaches to: one per statement. A relay chain's records that
    share one content ("Interfax reported, citing the ministry, that ..."; "the senator told
    The Washington Post that ...") are one statement, held by the innermost of them, whose
    ``parent`` links give the whole chain."""
    outer = {a.parent for a in attrs if a.parent and any(
        p.id == a.parent and p.contents == a.contents for p in attrs)}
    return [a for a in attrs if a.id not in outer]


def source_chain(attr: Attribution, by_id: dict) -> list[str]:
    """Source names from the outlet's direct source down to the speaker (resolved where a
    pronoun or description was resolved)."""
    names = []
    for a in ancestors(attr, by_id):
        src = a.resolved_source or (a.sources[0] if a.sources else None)
        names.append(src.text if src else "(unnamed)")
    return list(reversed(names))
