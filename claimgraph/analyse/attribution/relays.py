"""Relays: the outlets and agencies a statement passed through on its way to the article.

Patterns over the dependency parse, each nesting outlet -> relaying outlet or agency ->
speaker (the relaying attribution is the speaker's ``parent``). A relay is one statement with a
source chain: the record this module adds for a hop of the chain shares the statement's content
and carries the relay phrase in ``relay`` (it is not a statement of its own; the PolNeAR scorer,
which annotates one attribution per statement, leaves it out):

* "X reported, citing Y, that ..."; "X writes about this with reference to Y"; "quoting Y":
  a new attribution of Y, child of X's, with X's content (the relay phrase
  cut out of it);
* "X writes about this" / "X reported this": the content is the sentence before (the claim
  "this" stands for), within the paragraph;
* "Y told X" and "said in an interview with X", X an outlet: X's attribution is the parent
  of Y's, and Y's evidence is an interview;
* "X quoted Y as saying ...": Y's "saying" attribution gets Y as its source and X's
  attribution as parent.
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Token

from ...model import Span
from .lexicon import doc_text
from .drafts import Draft, _subtree_range

#: words that hand a statement on to its origin ("citing the ministry")
RELAY_VERBS = {"citing", "quoting"}
DEMONSTRATIVES = {"this", "about"}


def link(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    out = list(drafts)
    low = doc_text(doc).lower()
    citing = any(w in low for w in ("citing", "quoting", "with reference to"))
    interview = "interview with" in low
    for d in drafts:
        if d.cue is None:
            continue
        _this(doc, d)
        r = _citing(doc, d) if citing else None
        if r is not None:
            out.append(r)
        r = _told_outlet(doc, d, interview)
        if r is not None:
            out.append(r)
        s = _quoted_as_saying(doc, d, out)
        if s is not None:
            out.append(s)
    return out


def _np(tok: Token) -> tuple[int, int]:
    """A noun phrase's range without a trailing comma or relative clause."""
    lo, hi = _subtree_range(tok, exclude=tuple(c for c in tok.children if c.dep_ in ("relcl", "acl")))
    return lo, hi


def _cut(contents: list[Span], lo: int, hi: int, text: str) -> list[Span]:
    """Contents without the character range [lo, hi) and the punctuation around it."""
    while hi < len(text) and text[hi] in " ,;":
        hi += 1
    out = []
    for c in contents:
        if hi <= c.start or c.end <= lo:
            out.append(c)
            continue
        for a, b in ((c.start, max(c.start, lo)), (min(c.end, hi), c.end)):
            while a < b and text[a] in " ,;:":
                a += 1
            while b > a and text[b - 1] in " ,;:":
                b -= 1
            if b - a > 2:
                out.append(Span(a, b, text[a:b]))
    return out


def _relay_phrase(doc: Doc, d: Draft) -> Optional[tuple[int, Token]]:
    """(start of the phrase, head of the noun phrase) for "citing Y", "quoting Y", "with
    reference to Y" in the draft's sentence, outside its sources."""
    sent = doc[doc.char_span(d.cue.start, d.cue.end, alignment_mode="expand").start].sent
    for tok in sent:
        if any(s.start <= tok.idx < s.end for s in d.sources):
            continue
        np, start = None, tok.idx
        if tok.lower_ in RELAY_VERBS:
            np = next((c for c in tok.children if c.dep_ in ("dobj", "pobj", "attr")), None)
            if np is None and tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ in ("PROPN", "NOUN", "DET", "ADJ"):
                np = _np_head(doc[tok.i + 1])
        elif tok.lower_ == "reference" and tok.i > 0 and doc[tok.i - 1].lower_ == "with" \
                and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            # "with reference to Y" (the wire phrase of Ukrainian and Russian outlets); "referring
            # to" and "in reference to" mean "about", not a relay
            to = doc[tok.i + 1]
            np = next((c for c in to.children if c.dep_ == "pobj"), None)
            if np is None and to.i + 1 < len(doc):
                np = _np_head(doc[to.i + 1])
            start = doc[tok.i - 1].idx
        np = _source_like(np) if np is not None else None
        if np is not None:
            return start, np
    return None


def _source_like(np: Token) -> Optional[Token]:
    """The noun phrase's head when it names a source (a name, people, a body: "the ministry",
    "sources", "officials"), or the source of "data from X"; None for a reason or an example
    ("citing fears of terrorism", "citing an instance")."""
    from ..sources import PEOPLE
    from .coref import ORG_WORDS

    if np.pos_ == "PROPN" or np.ent_type_ in ("ORG", "PERSON", "NORP", "GPE"):
        return np
    if np.pos_ == "NOUN" and (np.lemma_.lower() in PEOPLE or np.lemma_.lower() in ORG_WORDS):
        return np
    if np.pos_ == "NOUN":   # "data from the State Department", "figures of the ministry"
        for prep in (c for c in np.children if c.dep_ == "prep" and c.lower_ in ("from", "of", "by")):
            inner = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if inner is not None and _source_like(inner) is not None:
                return inner
    return None


def _np_head(tok: Token) -> Token:
    """The head of the noun phrase a token begins (the parser may attach it elsewhere)."""
    cur = tok
    while cur.head.i != cur.i and cur.dep_ in ("det", "amod", "compound", "poss", "nummod") and cur.head.i > cur.i:
        cur = cur.head
    return cur


def _citing(doc: Doc, d: Draft) -> Optional[Draft]:
    found = _relay_phrase(doc, d)
    if found is None:
        return None
    start, np = found
    if d.cue.start <= start < d.cue.end:
        return None       # the tagger's own "citing" attribution ("Salceda, citing data from ...")
    text = doc_text(doc)
    lo, hi = _np(np)
    if any(s.start < hi and lo < s.end for s in d.sources):
        return None
    d.contents = _cut(d.contents, start, hi, text)
    if not d.contents:
        return None
    _this(doc, d)
    first = doc.char_span(start, start + 1, alignment_mode="expand")[0]
    cs, ce = start, np.left_edge.idx if np.left_edge.idx > start else first.idx + len(first)
    while ce > cs and text[ce - 1] == " ":
        ce -= 1
    r = Draft(Span(cs, ce, text[cs:ce]), [Span(lo, hi, text[lo:hi])], list(d.contents), d.quote_type,
              d.sent_start, None)
    r.parent, r.relay = d, "citing"
    return r


def _this(doc: Doc, d: Draft) -> None:
    """"X writes about this (with reference to Y)": the content is the sentence before it in
    the paragraph."""
    if not d.contents or d.cue is None:
        return
    if sum(c.end - c.start for c in d.contents) > 12:
        return
    words = [w.lower() for c in d.contents for w in c.text.replace(",", " ").split()]
    if not words or any(w not in DEMONSTRATIVES for w in words):
        return
    text = doc_text(doc)
    cue_tok = doc.char_span(d.cue.start, d.cue.end, alignment_mode="expand")
    sent = doc[cue_tok.start].sent
    if sent.start == 0:
        return
    prev = doc[sent.start - 1].sent
    if "\n" in text[prev.end_char - 1:sent.start_char]:
        return
    s, e = prev.start_char, prev.end_char
    while e > s and text[e - 1] in " .\n":
        e -= 1
    d.contents = [Span(s, e, text[s:e])]


def _told_outlet(doc: Doc, d: Draft, interview_in_text: bool = True) -> Optional[Draft]:
    """"Y told X" / "Y said in an interview with X", X an outlet: X's attribution, parent of Y's."""
    from ..actors import source_kind

    v = d.verb
    if v is None or not d.sources:
        return None
    text = doc_text(doc)
    target, cue_lo, cue_hi, interview = None, None, None, False
    if v.lemma_.lower() == "tell":
        target = next((c for c in v.children if c.dep_ in ("dative", "dobj") and c.pos_ in ("PROPN", "NOUN")), None)
        if target is not None:
            cue_lo, cue_hi = v.idx, _np(target)[1]
    for tok in (v.sent if interview_in_text else ()):
        if tok.lower_ == "interview" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "with":
            pobj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            if pobj is not None and (target is None or pobj.i == target.i):
                target, interview = pobj, True
                first = tok.left_edge if tok.left_edge.i < tok.i else tok
                cue_lo = doc[first.i - 1].idx if first.i > 0 and doc[first.i - 1].lower_ == "in" else first.idx
                cue_hi = doc[tok.i + 1].idx + 4
    if target is None:
        return None
    lo, hi = _np(target)
    name = text[lo:hi]
    if source_kind(name) != "media_outlet" and not interview:
        return None
    if any(s.start < hi and lo < s.end for s in d.sources):
        return None
    d.evidence_hint = "interview"
    r = Draft(Span(cue_lo, cue_hi, text[cue_lo:cue_hi]), [Span(lo, hi, name)], list(d.contents),
              d.quote_type, d.sent_start, None)
    r.relay = "interview" if interview else "told"
    d.parent = r
    return r


def _quoted_as_saying(doc: Doc, d: Draft, drafts: list[Draft]) -> Optional[Draft]:
    """"X quoted Y as saying ...": the speech is Y's, relayed by X."""
    v = d.verb
    if v is None or v.lemma_.lower() != "quote":
        return None
    y = next((c for c in v.children if c.dep_ == "dobj"), None)
    if y is None:
        return None
    saying = next((t for t in v.subtree if t.lemma_.lower() == "say" and t.tag_ == "VBG" and t.i > y.i), None)
    if saying is None:
        return None
    text = doc_text(doc)
    lo, hi = _np(y)
    source = Span(lo, hi, text[lo:hi])
    twin = next((o for o in drafts if o.cue is not None and o.cue.start <= saying.idx < o.cue.end), None)
    if twin is None:
        comp = next((c for c in saying.children if c.dep_ in ("ccomp", "xcomp")), None)
        if comp is None:
            return None
        a, b = _subtree_range(comp)
        twin = Draft(Span(saying.idx, saying.idx + len(saying), saying.text), [], [Span(a, b, text[a:b])],
                     "indirect", d.sent_start, saying)
        twin.relay = "quoted"
        new = twin
    else:
        new = None
    twin.sources = [source]
    twin.parent = d
    if twin.contents:
        d.contents = list(twin.contents)
    return new
