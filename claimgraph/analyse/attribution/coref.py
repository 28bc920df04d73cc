"""Coreference for sources: "she", "who", "his account", "the ministry", "the woman".

Rules over the parse. A source that is a pronoun, a relative pronoun, a possessive before an
account-like noun, or a definite description ("the agency", "the regional governor") is
resolved to an earlier mention in the article, recorded as the draft's ``resolved``
(``Attribution.resolved_source``):

* a relative pronoun ("Peskov, who said ...") resolves through the parse to the noun its
  clause modifies;
* otherwise the candidates are the sources of earlier attributions (their own resolution when
  they were resolved) and the PERSON / ORG entities before the anaphor; the sources of the
  attributions that relay this one are not candidates (in "According to Reuters, the governor
  said", the governor is not Reuters);
* a candidate must agree: "she"/"her" a person not named by a male word, "he" likewise,
  "it" an organisation, "they" a plural or an organisation; "the woman" a person not male;
  a role ("the governor", "the spokesman") a candidate whose words hold the role; an
  organisation word ("the ministry", "the committee") a candidate holding it, or of the kind
  it names ("the agency" a news agency or a government agency, "the broadcaster" an outlet);
* the nearest agreeing earlier source within three sentences wins, then the nearest agreeing
  entity within three sentences, then the nearest agreeing source further back (a name met
  paragraphs earlier is not what "he" stands for);
* in machine-translated text "he" or "she" can stand for an organisation (German "der Sender
  ... er"): with no person to agree with, the organisation that was the last source of the
  sentence before.
"""
from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Doc, Token

from ...model import Span
from .lexicon import doc_text
from .drafts import Draft, _subtree_range

FEMALE = {"woman", "wife", "mother", "sister", "daughter", "girl", "grandmother", "widow", "aunt", "niece",
          "spokeswoman", "chairwoman", "congresswoman", "businesswoman", "lady", "mrs", "ms", "girlfriend",
          "granddaughter", "she", "her", "actress", "mum", "mom"}
MALE = {"man", "husband", "father", "brother", "son", "boy", "grandfather", "uncle", "nephew", "spokesman",
        "chairman", "congressman", "businessman", "mr", "boyfriend", "grandson", "he", "him", "his", "dad"}
#: people named by what they are; a description with one of these heads needs that word in its antecedent
ROLES = {"official", "soldier", "commander", "governor", "minister", "mayor", "president", "spokesperson",
         "witness", "resident", "relative", "journalist", "lawmaker", "general", "analyst", "expert", "doctor",
         "driver", "prisoner", "conscript", "recruit", "officer", "deputy", "chief", "leader", "activist",
         "volunteer", "medic", "pilot", "prosecutor", "senator", "envoy", "ambassador", "diplomat", "researcher",
         "reporter", "correspondent", "blogger", "veteran", "colonel", "lieutenant", "sergeant", "captain",
         "head", "spokesman", "spokeswoman", "wife", "mother", "sister", "brother", "father", "husband", "son",
         "daughter", "relatives", "residents", "soldiers", "officials", "witnesses"}
GENERIC_PERSON = {"woman", "man", "person", "girl", "boy", "lady"}
#: organisation words -> the actor kinds a description with that head may stand for
ORG_WORDS = {
    "ministry": {"government_agency"}, "agency": {"media_outlet", "government_agency", "intelligence_service"},
    "committee": {"government_agency"}, "directorate": {"intelligence_service", "government_agency"},
    "department": {"government_agency"}, "service": {"intelligence_service", "government_agency"},
    "office": {"government_agency"}, "administration": {"government_agency"}, "council": {"government_agency"},
    "government": {"government_agency", "state"}, "kremlin": {"government_agency"},
    "army": {"armed_force"}, "military": {"armed_force"}, "brigade": {"military_unit"},
    "battalion": {"military_unit"}, "regiment": {"military_unit"}, "unit": {"military_unit"},
    "broadcaster": {"media_outlet"}, "outlet": {"media_outlet"}, "channel": {"media_outlet"},
    "newspaper": {"media_outlet"}, "publication": {"media_outlet"}, "station": {"media_outlet"},
    "paper": {"media_outlet"}, "site": {"media_outlet"}, "website": {"media_outlet"},
    "group": {"armed_group", "ngo"}, "organisation": {"ngo"}, "organization": {"ngo"}, "charity": {"ngo"},
    "company": {"organization"}, "firm": {"organization"}, "institute": {"ngo"}, "police": {"government_agency"},
}
ACCOUNT_NOUNS = {"account", "statement", "words", "post", "video", "estimate", "estimates", "version", "report",
                 "testimony", "comments", "remarks", "message", "assessment", "telegram", "channel", "office"}
OUTLET_WORDS = {"newspaper", "paper", "broadcaster", "outlet", "channel", "publication", "site", "website",
                "station", "agency"}
EVIDENCE_WORDS = {"recording", "video", "call", "estimates", "report", "document", "footage", "audio"}
PRONOUNS = {"she": ("f", False), "her": ("f", False), "he": ("m", False), "him": ("m", False),
            "they": (None, True), "them": (None, True), "it": ("org", False), "we": (None, True)}
POSSESSIVES = {"his": "he", "her": "she", "their": "they", "its": "it"}


class Mention:
    def __init__(self, span: Span, kind: str, gender: Optional[str], plural: bool, is_source: bool):
        self.span, self.kind, self.gender, self.plural, self.is_source = span, kind, gender, plural, is_source
        self.words = set(re.findall(r"[a-z]+", span.text.lower()))
        self.proper = any(w[:1].isupper() for w in span.text.split()[1:]) or span.text[:1].isupper() and \
            not span.text.split()[0].lower() in ("the", "a", "an")


def resolve(doc: Doc, drafts: list[Draft]) -> None:
    ordered = sorted((d for d in drafts if d.sources), key=lambda d: d.sources[0].start)
    wants = {id(d): _anaphor(doc, d.sources[0]) for d in ordered}
    if not any(wants.values()) and not any(d.sources[0].text.lower() in ("who", "which", "that") for d in ordered):
        return
    from ..actors import _tidy

    last = max(d.sources[0].start for d in ordered)
    tidy = [_tidy(e) for e in doc.ents if e.label_ in ("PERSON", "ORG") and e.start_char < last]
    ent_spans = [Span(e.start_char, e.end_char, e.text) for e in tidy if e is not None]
    ent_spans += _people(doc, last)
    ent_spans.sort(key=lambda sp: sp.start)
    sent_no = _sentence_index(doc)
    cache: dict[tuple[int, int], Mention] = {}

    def mention_of(span: Span) -> Mention:
        key = (span.start, span.end)
        if key not in cache:
            cache[key] = _mention(doc, span, True)
        return cache[key]

    # the entities that are no draft's source (the same for every draft)
    source_spans = [o.sources[0] for o in ordered]
    free_ents = [sp for sp in ent_spans if not any(x.start <= sp.start < x.end for x in source_spans)]
    for d in ordered:
        src = d.sources[0]
        who = _relative(doc, d, src)
        if who is not None:
            d.resolved = who
            continue
        want = wants[id(d)]
        if want is None:
            continue
        relayers = set()
        cur = d.parent
        while cur is not None and id(cur) not in relayers:
            relayers.add(id(cur))
            cur = cur.parent
        sources = []
        for o in ordered:
            if o is d or id(o) in relayers or o.sources[0].start >= src.start:
                continue
            if any(c.start <= o.sources[0].start < c.end for c in d.contents):
                continue
            prior = wants[id(o)]
            if o.resolved is None and prior is not None and prior[0] == "pron":
                continue
            m = mention_of(o.resolved or o.sources[0])
            if m.words & EVIDENCE_WORDS:
                continue
            sources.append((o.sources[0].start, m))
        relayer_spans = [s for o in drafts if id(o) in relayers for s in o.sources]
        entities = [(sp.start, sp) for sp in free_ents if sp.end <= src.start
                    and not any(r.start <= sp.start < r.end for r in relayer_spans)
                    and not any(c.start <= sp.start < c.end for c in d.contents)]
        here = sent_no(src.start)
        near = [m for at, m in sources if here - sent_no(at) <= WINDOW and _agrees(want, m)]
        ent = [] if near else [m for m in (mention_of(sp) for at, sp in entities if here - sent_no(at) <= WINDOW)
                               if _agrees(want, m)]
        far = [m for _, m in sources if _agrees(want, m)]
        pick = (near or ent or far or [None])[-1]
        if pick is None and want[0] == "pron" and want[1] in ("m", "f"):
            pick = _translated_it([m for at, m in sources if here - sent_no(at) == 1])
        if pick is not None:
            d.resolved = pick.span


#: sentences back (this one included) where an antecedent is looked for first
WINDOW = 3


def _translated_it(previous: list[Mention]) -> Optional[Mention]:
    """"The Prague-based broadcaster ... Now he has published a video": in text machine-translated
    from a language whose nouns have gender (German "der Sender ... er"), "he" or "she" can stand
    for an organisation. With no person to agree with nearby, the organisation that was the last
    source of the sentence before is the antecedent."""
    orgs = [m for m in previous if m.kind not in ("person", "other") or m.proper and m.kind == "other"]
    return orgs[-1] if orgs else None


def _people(doc: Doc, before: int) -> list[Span]:
    """Noun phrases (up to their head) that name a person or people by what they are ("a Russian
    officer"), before the character offset ``before``."""
    from ..sources import PEOPLE

    out = []
    text = doc_text(doc)
    for t in doc:
        if t.idx >= before:
            break
        if t.pos_ != "NOUN":
            continue
        low = t.lemma_.lower()
        if low in PEOPLE or low in ROLES or low.endswith(("man", "woman")):
            lo, hi = t.left_edge.idx, t.idx + len(t)
            out.append(Span(lo, hi, text[lo:hi]))
    return out


def _sentence_index(doc: Doc):
    """character offset -> number of its sentence (from the parse's sentence starts, read as arrays)."""
    import bisect

    flags = doc.to_array("SENT_START")
    idx = doc.to_array("IDX")
    starts = idx[flags == 1].tolist()
    return lambda ch: bisect.bisect_right(starts, ch)


def _relative(doc: Doc, d: Draft, src: Span) -> Optional[Span]:
    """"X, who said ...": X."""
    if src.text.lower() not in ("who", "which", "that"):
        return None
    sp = doc.char_span(src.start, src.end, alignment_mode="expand")
    if sp is None:
        return None
    verb = sp[0].head
    if verb.dep_ != "relcl":
        return None
    noun = verb.head
    lo, hi = _subtree_range(noun, exclude=(verb,))
    text = doc_text(doc)
    while hi > lo and text[hi - 1] in ", ":
        hi -= 1
    return Span(lo, hi, text[lo:hi])


def _anaphor(doc: Doc, src: Span) -> Optional[tuple]:
    """("pron", gender, plural) | ("desc", head word) for an anaphoric source, else None."""
    words = re.findall(r"[A-Za-z]+", src.text)
    low = [w.lower() for w in words]
    if not low:
        return None
    if len(low) == 1 and low[0] in PRONOUNS:
        g, pl = PRONOUNS[low[0]]
        return ("pron", g, pl)
    if low[0] in POSSESSIVES and len(low) >= 2 and low[1] in ACCOUNT_NOUNS:
        g, pl = PRONOUNS[POSSESSIVES[low[0]]]
        return ("pron", g, pl)
    if low[0] not in ("the", "this", "that"):
        return None
    sp = doc.char_span(src.start, src.end, alignment_mode="expand")
    if sp is None:
        return None
    # the description's head: the first noun after the determiner, before any comma / clause
    head: Optional[Token] = None
    mods: list[str] = []
    for t in sp[1:]:
        if t.pos_ == "PROPN" and t.i + 1 < len(doc) and doc[t.i + 1].text == "-" or \
                t.text == "-" and doc[t.i - 1].pos_ == "PROPN":
            continue      # a modifier made of a name: "the Prague-based broadcaster"
        if t.is_punct or t.dep_ in ("relcl", "acl") or t.lower_ in ("who", "whose", "which"):
            break
        if t.pos_ == "PROPN" and t.lower_ not in ORG_WORDS:
            return None   # a name: "the Kremlin"-like names are matched by the actor dictionary
        if t.pos_ in ("NOUN", "PROPN") and (t.i + 1 >= len(doc) or doc[t.i + 1].pos_ not in ("NOUN", "PROPN")):
            head = t      # the first noun phrase's head: "mother" in "the mother of another soldier"
            break
        if t.pos_ in ("ADJ", "NOUN", "PROPN"):
            mods.append(t.lower_)
    if head is None or head.pos_ == "PROPN" and head.i + 1 < len(doc) and doc[head.i + 1].lower_ == "of":
        return None       # "the Ministry of Defence of Ukraine" is a name
    if any(t.lower_ in ("another", "other") for t in sp[head.i - sp.start:]) and head.i + 1 < sp.end:
        return None       # "the mother of another soldier": a new person
    h = head.lemma_.lower() if head.lemma_ else head.lower_
    if head.lower_ in ROLES:
        h = head.lower_
    if h in GENERIC_PERSON or h in ROLES or h in FEMALE or h in MALE or h in ORG_WORDS:
        return ("desc", h, tuple(mods))
    return None


def _mention(doc: Doc, span: Span, is_source: bool) -> Mention:
    sp = doc.char_span(span.start, span.end, alignment_mode="expand")
    root = sp.root if sp is not None and len(sp) else None
    words = [t.lower_ for t in sp] if sp is not None else []
    gender = None
    if root is not None:
        low = root.lemma_.lower()
        gender = "f" if root.lower_ in FEMALE or low in FEMALE or low.endswith("woman") else (
            "m" if root.lower_ in MALE or low in MALE or low.endswith("man") and low not in ("german", "human") else None)
        if gender is None and root.ent_type_ == "PERSON":
            appos = [t.lower_ for c in root.children if c.dep_ == "appos" for t in c.subtree]
            gender = "f" if FEMALE & set(appos) else ("m" if MALE & set(appos) else None)
    plural = bool(root is not None and (root.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in root.children)))
    from ..sources import PEOPLE

    person = root is not None and (root.ent_type_ == "PERSON" or root.lower_ in FEMALE | MALE | ROLES
                                   or root.lemma_.lower() in FEMALE | MALE | ROLES | GENERIC_PERSON | PEOPLE
                                   or gender is not None and root.pos_ == "NOUN")
    if person:
        kind = "person"
    else:
        from ..actors import source_kind

        kind = source_kind(span.text) or ("organization" if root is not None and root.ent_type_ == "ORG" else "other")
        if any(w in ORG_WORDS for w in words) and kind == "other":
            kind = "organization"
    return Mention(span, kind, gender, plural, is_source)


def _agrees(want: tuple, m: Mention) -> bool:
    if want[0] == "pron":
        _, g, plural = want
        if g == "org":
            return m.kind not in ("person", "other") and not m.plural
        if plural:
            return m.plural or m.kind not in ("person", "other")
        return m.kind == "person" and not m.plural and m.gender in (None, g)
    h = want[1]
    if any(w not in m.words for w in want[2]):
        return False      # "the regional administration" is not "the Ministry of Defence"
    if h in ORG_WORDS:
        if m.kind in ("organization", "other") and m.proper and h in OUTLET_WORDS:
            return True   # "the newspaper" after a named outlet the dictionary does not know
        return m.kind not in ("person", "other") and (h in m.words or m.kind in ORG_WORDS[h])
    if m.kind != "person":
        return False
    if h in FEMALE and m.gender == "m" or h in MALE and m.gender == "f":
        return False
    if h in GENERIC_PERSON:
        return True
    return h in m.words or h.rstrip("s") in m.words
