"""The draft attribution the rule layer, the taggers' merge and the chain resolution
(:mod:`.rules`, :mod:`.chains`, :mod:`.relays`, :mod:`.coref`) pass between them, and the parse
helpers they share."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from ...model import Span


class Draft:
    def __init__(self, cue: Optional[Span], sources: list[Span], contents: list[Span], quote_type: str,
                 sent_start: int, verb: Optional[Token] = None):
        self.cue, self.sources, self.contents, self.quote_type = cue, sources, contents, quote_type
        self.sent_start = sent_start
        self.verb = verb
        self.evidence, self.evidence_cue = "unspecified", None
        self.parent: Optional["Draft"] = None
        self.resolved: Optional[Span] = None
        self.evidence_hint: Optional[str] = None          # set by a relay ("in an interview with")
        self.inherited_evidence: Optional["Draft"] = None  # the draft that introduced an evidence item
        self.relay: Optional[str] = None                   # a relay hop's phrase (see model.Attribution)
        self.id = ""


def _subtree_range(tok: Token, exclude: tuple[Token, ...] = ()) -> tuple[int, int]:
    toks = [t for t in tok.subtree if not any(t.i >= e.left_edge.i and t.i <= e.right_edge.i for e in exclude)]
    if not toks:
        return tok.idx, tok.idx + len(tok)
    # keep the contiguous run around the head
    idxs = sorted(t.i for t in toks)
    lo = hi = tok.i
    s = set(idxs)
    while lo - 1 in s:
        lo -= 1
    while hi + 1 in s:
        hi += 1
    doc = tok.doc
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def source_token(verb: Token) -> Optional[Token]:
    """The subject of a verb of saying: its nsubj, the agent of a passive, or the subject of the
    verb a conjunct or infinitive hangs on."""
    for c in verb.children:
        if c.dep_ in ("nsubj",):
            return c
    for c in verb.children:  # passive: "was confirmed by X"
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    if verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
        return source_token(verb.head)
    return None
