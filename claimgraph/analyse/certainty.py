"""claimgraph_certainty: claims with polarity, certainty, hedges, outlet stance and depth.

Claims are one per attribution (its content) and one per sentence in the outlet's own voice.
Certainty, hedges, negation and stance come from the lexicon in
``claimgraph/assets/lexicons/certainty.yaml`` (the scale is documented there). Rules:

* a hedge inside an attribution's content belongs to the source; one in the rest of the
  sentence ("allegedly said") belongs to the outlet; either lowers the claim's certainty;
* the outlet's stance comes from the cue and the outlet's words around it ("claimed" distances,
  "falsely" disputes); a stand-alone cue ("could not independently verify", "there were no
  independent reports", "offered no evidence") marks the claims it refers to ``unverified``
  and is kept only as a note flagged boilerplate, never as a claim of its own (:mod:`.stance`);
* depth counts the attribution chain (parent links), plus one level for an evidence item
  released by someone ("a recording ... released by the agency");
* captions (a line printed twice, a line with a photo credit) and summary bullets are flagged
  ``boilerplate`` so they are not counted as extra claims.
"""
from __future__ import annotations

import functools
import re
from typing import Optional

import yaml
from spacy.attrs import POS
from spacy.language import Language
from spacy.tokens import Doc

from ..assets import ASSETS
from ..model import Claim, Span, record_id
from .attribution import ancestors, find_quotes, source_chain, statements
from .attribution.lexicon import doc_strings, doc_text
from .extensions import doc_id, register

register()

LEXICON_PATH = ASSETS / "lexicons" / "certainty.yaml"
LEVEL = {"certain": 3, "probable": 2, "possible": 1, "unknown": 0}


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    with open(LEXICON_PATH, encoding="utf-8") as fh:
        lex = yaml.safe_load(fh)

    def rx(pats):
        return re.compile("|".join(f"(?:{p})" if p.startswith(("^", "\\b")) else rf"(?:\b{p}\b)" for p in pats),
                          re.IGNORECASE | re.MULTILINE)

    return {
        "probable": rx(lex["probable"]), "possible": rx(lex["possible"]), "unknown": rx(lex["unknown"]),
        "negation": rx(lex["negation"]),
        "stance": {k: rx(v) for k, v in lex["stance"].items()},
        "credit": rx(lex["boilerplate"]["credit"]), "summary_header": rx(lex["boilerplate"]["summary_header"]),
    }


def hedges_in(text: str, offset: int, doc_text: str, quoted: list[tuple[int, int]] = ()) -> list[tuple[str, Span]]:
    """(level, span) for every certainty cue in ``text`` (which starts at ``offset``)."""
    lex = lexicon()
    out = []
    taken: list[tuple[int, int]] = []
    for level in ("unknown", "probable", "possible"):
        for m in lex[level].finditer(text):
            s, e = offset + m.start(), offset + m.end()
            if any(a <= s < b for a, b in taken) or any(a <= s < b for a, b in quoted):
                continue
            while e > s and doc_text[e - 1].isspace():
                e -= 1
            taken.append((s, e))
            out.append((level, Span(s, e, doc_text[s:e])))
    return out


def _boilerplate_ranges(text: str) -> list[tuple[int, int]]:
    lex = lexicon()
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line.strip()))
        pos += len(line) + 1
    counts: dict[str, int] = {}
    for _, _, l in lines:
        if len(l) > 20:
            counts[l[:80]] = counts.get(l[:80], 0) + 1
    # lines with a photo credit, searched once (not once per pair of lines)
    credited = [(s, l) for s, _, l in lines if l and lex["credit"].search(l)]
    out = []
    in_summary = False
    for s, e, l in lines:
        if lex["summary_header"].search(l):
            in_summary = True
            out.append((s, e))
            continue
        if in_summary:
            if l and not l.startswith(("•", "-", "*", "–")) and len(l) > 200:
                in_summary = False
            elif l:
                out.append((s, e))
                continue
        if not l:
            continue
        if (l.startswith("[") and l.endswith("]")) or l.startswith(("•", "▪", "●")) or lex["credit"].search(l) or counts.get(l[:80], 0) > 1:
            out.append((s, e))
            continue
        # a caption printed again with a credit glued on ("... near the border AFP / Name")
        if len(l) > 30 and any(other_s != s and other.startswith(l) for other_s, other in credited):
            out.append((s, e))
    return out


def build_claims(doc: Doc) -> list[Claim]:
    lex = lexicon()
    text = doc_text(doc)
    did = doc_id(doc)
    attrs = doc._.attributions or []
    by_id = {a.id: a for a in attrs}
    quotes = find_quotes(text)
    verbal = [p in ("VERB", "AUX") for p in doc_strings(doc, POS)]
    boiler = _boilerplate_ranges(text)
    claims: list[Claim] = []

    def is_boiler(s: int, e: int) -> bool:
        return any(a <= s < b or a < e <= b for a, b in boiler)

    # attributed claims
    covered: list[tuple[int, int]] = []
    for a in statements(attrs):
        if not a.contents:
            continue
        first, last = a.contents[0], a.contents[-1]
        if "\n\n" in text[first.start:last.end]:
            content = first
        else:
            content = Span(first.start, last.end, text[first.start:last.end])
        covered.append((content.start, content.end))
        hedges = hedges_in(content.text, content.start, text, quotes if a.quote_type == "mixed" else ())
        sent = doc.char_span(content.start, content.end, alignment_mode="expand")
        s_lo = sent.sent.start_char if sent is not None else content.start
        s_hi = sent[-1].sent.end_char if sent is not None else content.end
        outside = [h for h in hedges_in(text[s_lo:s_hi], s_lo, text)
                   if not (content.start <= h[1].start < content.end)
                   and not any(src.start <= h[1].start < src.end for src in a.sources)]
        chain = source_chain(a, by_id)
        stance, stance_cue = "neutral", None
        ctx = text[s_lo:s_hi]
        for name in ("disputes", "distances"):
            m = lex["stance"][name].search(ctx)
            if m and not (content.start <= s_lo + m.start() < content.end):
                stance, stance_cue = name, Span(s_lo + m.start(), s_lo + m.end(), m.group(0))
                break
        cue_negated = a.cue is not None and lex["negation"].search(text[max(s_lo, a.cue.start - 12):a.cue.start]) is not None
        claims.append(_claim(did, content, a.id, hedges + outside, "source" if hedges else ("outlet" if outside else None),
                             stance, stance_cue, _depth(a, by_id), chain, is_boiler(content.start, content.end), text,
                             negated=cue_negated))

    # the outlet's own voice: sentences not inside an attribution
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        body = text[s:e].strip()
        if len(body) < 15 or not any(verbal[sent.start:sent.end]):
            continue
        if any(a <= s < b or a < e <= b or (s <= a and b <= e) for a, b in covered):
            continue
        if any(a.cue and s <= a.cue.start < e for a in attrs):
            continue
        span = Span(s, e, text[s:e])
        while span.text and span.text[-1].isspace():
            span = Span(span.start, span.end - 1, span.text[:-1])
        hedges = hedges_in(span.text, span.start, text, quotes)
        stance, stance_cue = "endorses", None
        claims.append(_claim(did, span, None, hedges, "outlet" if hedges else None, stance, stance_cue, 0, [],
                             is_boiler(s, e), text))

    from .stance import apply_unverified

    return apply_unverified(doc, claims, attrs, lex["stance"]["unverified"])


def _claim(did, content: Span, attribution: Optional[str], hedges, owner, stance, stance_cue, depth, chain,
           boilerplate, text, negated: bool = False) -> Claim:
    lex = lexicon()
    level = min((LEVEL[l] for l, _ in hedges), default=3)
    certainty = {v: k for k, v in LEVEL.items()}[level]
    if content.text.rstrip().endswith("?"):
        certainty = "unknown"
    quotes = find_quotes(content.text)
    polarity = "negated" if negated else "asserted"
    for m in lex["negation"].finditer(content.text):
        if not any(a <= m.start() < b for a, b in quotes):
            polarity = "negated"
            break
    return Claim(id=record_id(did, "claim", content.start, content.end, attribution or ""), doc_id=did,
                 content=content, attribution=attribution, polarity=polarity, certainty=certainty,
                 hedges=[h for _, h in sorted(hedges, key=lambda x: x[1].start)], hedge_owner=owner,
                 outlet_stance=stance, stance_cue=stance_cue, depth=depth, chain=chain, boilerplate=boilerplate)


def _depth(a, by_id) -> int:
    depth = 0
    for cur in ancestors(a, by_id):
        depth += 1
        if any(re.search(r"\b(released|published|obtained|shared|posted) by\b", s.text) for s in cur.sources):
            depth += 1   # the evidence item and whoever released it are two levels
    return depth


#: the certainty component's settings: ``factuality`` is the factuality model's mode (``fast``:
#: parse features; ``accurate``: with MiniLM vectors, several times the CPU)
DEFAULT_CONFIG = {"factuality": "fast"}
FACTUALITY_MODES = ("fast", "accurate")


class CertaintyComponent:
    """Adds ``doc._.claims``, each with its factuality in the ``factuality`` mode."""

    def __init__(self, factuality: str = "fast"):
        if factuality not in FACTUALITY_MODES:
            raise ValueError(f"factuality mode must be one of {', '.join(FACTUALITY_MODES)}, not {factuality!r}")
        self.factuality = factuality

    def __call__(self, doc: Doc) -> Doc:
        doc._.claims = build_claims(doc)
        add_factuality(doc, self.factuality)
        return doc


@Language.factory("claimgraph_certainty", default_config=DEFAULT_CONFIG)
def make_certainty(nlp: Language, name: str, factuality: str) -> CertaintyComponent:
    return CertaintyComponent(factuality)


def certainty_component(doc: Doc) -> Doc:
    """The certainty component with its default settings."""
    return CertaintyComponent()(doc)


def add_factuality(doc: Doc, mode: str = "fast") -> None:
    """Each claim's ``factuality``: the learned model (in ``mode``) on the claim's main predicate."""
    from .factuality import score_all

    claims = [c for c in doc._.claims if not c.boilerplate]
    spans = []
    for c in claims:
        span = doc.char_span(c.content.start, c.content.end, alignment_mode="contract")
        root = span.root if span is not None and len(span) else None
        spans.append((root.idx, root.idx + len(root.text)) if root is not None else None)
    found = [(c, s) for c, s in zip(claims, spans) if s is not None]
    if not found:
        return
    for (c, _), value in zip(found, score_all(doc, [s for _, s in found], mode)):
        c.factuality = round(value, 2)
