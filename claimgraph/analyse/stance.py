"""Stand-alone stance cues: "X could not independently verify ...", "there were no independent
reports of ...", "Y offered no evidence".

Such a sentence is the outlet's note on claims made before it, not a claim about the events:
its own outlet-voice record stays (with the certainty of its wording) but is flagged
``boilerplate``, stance ``neutral``, so it is never counted as a claim of its own; the claims it
refers to become ``unverified``:

* a cue whose subject is a source of the article ("Peskov offered no evidence") refers to that
  source's claims, up to and including the cue's sentence;
* otherwise the words after the cue name a topic ("reports of the attack", "the casualty
  figures"): the earlier claims sharing one of its content words;
* a generic object ("the claims", "battlefield reports", "this"), or a topic no earlier claim
  shares, refers to every attributed claim before the cue.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from ..model import Claim, Span
from .attribution.lexicon import doc_text

#: object words that name no topic of their own
GENERIC = {"claim", "claims", "report", "reports", "statement", "statements", "information", "account", "accounts",
           "it", "this", "that", "them", "these", "those", "details", "detail", "battlefield", "evidence", "proof",
           "independent", "independently", "immediately", "verify", "confirm", "the", "a", "an", "of", "for", "to",
           "any", "such", "his", "her", "their", "its", "was", "were", "there", "no", "either", "assertion",
           "assertions", "allegation", "allegations", "figures", "figure", "numbers", "comment", "remarks",
           "reuters", "which", "what", "report's", "content"}


def _stem(w: str) -> str:
    w = w.lower()
    for suf in ("ing", "ed", "es", "s"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            return w[: -len(suf)]
    return w


def _words(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[A-Za-z][A-Za-z'-]+", text) if w.lower() not in GENERIC and len(w) > 2}


def apply_unverified(doc: Doc, claims: list[Claim], attrs: list, pattern) -> list[Claim]:
    text = doc_text(doc)
    by_id = {a.id: a for a in attrs}
    notes: set[str] = set()
    for m in pattern.finditer(text):
        cue = Span(m.start(), m.end(), m.group(0))
        sp = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if sp is None:
            continue
        sent = sp.sent
        own = [c for c in claims if c.attribution is None and sent.start_char <= c.content.start < sent.end_char]
        for c in own:
            c.boilerplate, c.outlet_stance, c.stance_cue = True, "neutral", cue
        notes.update(c.id for c in own)
        subject = text[sent.start_char:m.start()]
        obj = text[m.end():sent.end_char]
        targets = _by_source(claims, by_id, subject, sent.end_char)
        if not targets:
            topic = _words(obj)
            before = [c for c in claims if c.content.start < m.start() and c.id not in notes]
            targets = [c for c in before if topic and topic & _words(c.content.text)] if topic else []
            if not targets:
                targets = [c for c in before if c.attribution is not None]
        for c in targets:
            if c.outlet_stance in ("neutral", "endorses") and c.id not in notes:
                c.outlet_stance, c.stance_cue = "unverified", cue
    return claims


def _by_source(claims: list[Claim], by_id: dict, subject: str, until: int) -> list[Claim]:
    """The claims, up to ``until``, of the source the cue's subject names ("Peskov")."""
    names = {w for w in re.findall(r"[A-Z][\w'-]+", subject) if w.lower() not in GENERIC and len(w) > 2}
    if not names:
        return []
    out = []
    for c in claims:
        a = by_id.get(c.attribution) if c.attribution else None
        if a is None or c.content.start >= until:
            continue
        src = a.resolved_source or (a.sources[0] if a.sources else None)
        if src is not None and names & set(re.findall(r"[\w'-]+", src.text)):
            out.append(c)
    return out
