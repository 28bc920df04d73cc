"""claimgraph_figures: numbers that count something, as claims by someone.

For each cardinal number (digits, "38,550", word numbers
such as "two hundred and fifty", "dozens") that counts a noun: the value, whether it is
approximate ("about", "more than", "up to", "dozens", and "should be" - the translated German
reportative "soll"), what it counts (the noun it modifies), whose (the subject of a "lost"/
"killed"-type verb, "the Russian army has lost ..."), since when ("since February", from the
sentence's dates), and the source of the innermost attribution whose content holds it (else
of an attribution whose cue is in its sentence, outside its source). Vague quantities
("hundreds of", "dozens of", "several", "tens of thousands of") are ranges (``low``/``high``),
approximate, with no ``value``. Years, dates, times of day, ages, ordinals and percentages alone
are not figures.
"""
from __future__ import annotations

import re
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..model import Figure, Span, record_id
from .attribution.lexicon import doc_text
from .extensions import doc_id, register

register()

WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
         "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
#: vague quantities -> the range they stand for (low, high); never an exact value
VAGUE = {"dozens": (24, 99), "hundreds": (200, 999), "thousands": (2000, 9999), "scores": (40, 99),
         "several": (3, 9), "tens": (20, 99), "millions": (2_000_000, 9_999_999)}
#: "several hundred", "tens of thousands": the scale the vague word multiplies
VAGUE_SCALES = {"hundred": 100, "thousand": 1000, "thousands": 1000, "million": 1_000_000, "millions": 1_000_000}
APPROX = re.compile(r"\b(about|around|approximately|roughly|nearly|almost|some|up to|more than|over|at least|"
                    r"fewer than|less than|as many as|estimated|should be|reportedly|an estimated)\s*$", re.I)
POSSESSION_VERBS = {"lose", "kill", "wound", "capture", "detain", "hold", "launch", "fire", "deploy", "mobilize",
                    "mobilise", "recruit", "destroy", "shoot", "evacuate", "arrest"}


def parse_number(text: str) -> Optional[float]:
    t = text.lower().replace(",", "").replace("-", " ").strip()
    try:
        return float(t)
    except ValueError:
        pass
    m = re.match(r"^([\d.]+)\s*(thousand|million|billion)$", t)
    if m:
        return float(m.group(1)) * SCALES[m.group(2)]
    total, current, seen = 0, 0, False
    for w in t.split():
        if w == "and":
            continue
        if w in WORDS:
            current += WORDS[w]
            seen = True
        elif w == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif w in SCALES:
            total += max(current, 1) * SCALES[w]
            current = 0
            seen = True
        else:
            return None
    return float(total + current) if seen else None


def _number_span(tok: Token) -> tuple[int, int]:
    lo = hi = tok.i
    doc = tok.doc
    while lo - 1 >= 0 and (doc[lo - 1].like_num or doc[lo - 1].lower_ in SCALES or
                           (doc[lo - 1].lower_ == "and" and lo - 2 >= 0 and doc[lo - 2].lower_ in SCALES)):
        lo -= 1
    while hi + 1 < len(doc) and (doc[hi + 1].like_num or doc[hi + 1].lower_ in SCALES or
                                 (doc[hi + 1].lower_ == "and" and hi + 2 < len(doc) and doc[hi + 2].like_num
                                  and doc[hi + 2].lower_ in WORDS)):
        hi += 1
    return lo, hi


def partitive_noun(num: Token) -> Optional[Token]:
    """The noun a number picks a part of: "31 of 34 attack drones" -> drones."""
    of = next((c for c in num.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None:
        return None
    return next((c for c in of.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")), None)


def find_figures(doc: Doc) -> list[Figure]:
    did = doc_id(doc)
    text = doc_text(doc)
    attrs = doc._.attributions or []
    times = doc._.times or []
    claims = doc._.claims or []
    out: list[Figure] = []
    seen: set[int] = set()
    for tok in doc:
        if tok.i in seen:
            continue
        rng = _vague(tok)
        vague = rng is not None
        if not (tok.like_num or vague) or tok.ent_type_ in ("DATE", "TIME", "PERCENT", "ORDINAL", "MONEY"):
            continue
        if vague:
            lo, hi, low, high = rng
            value = None
        else:
            lo, hi = _number_span(tok)
            value = parse_number(doc[lo:hi + 1].text)
            low = high = value
        seen.update(range(lo, hi + 1))
        ntext = doc[lo:hi + 1].text
        if (value is None and not vague) or re.fullmatch(r"(19|20)\d\d", ntext):
            continue
        # the noun the number modifies (the head of whichever number token attaches outside it)
        outer = [t for t in doc[lo:hi + 1] if not (lo <= t.head.i <= hi)]
        head = next((t.head for t in outer if t.dep_ in ("nummod", "compound", "quantmod")), None)
        counts = None
        if vague:
            counts = _vague_counts(doc, lo, hi)
        elif head is not None and head.pos_ in ("NOUN", "PROPN"):
            counts = head.text
        elif (whole := partitive_noun(doc[hi])) is not None:   # "shot down 31 of 34 drones", "two of the soldiers"
            counts = whole.text
        elif doc[hi].dep_ in ("attr", "dobj", "nsubj", "pobj") and hi + 1 < len(doc) and doc[hi + 1].pos_ == "NOUN":
            counts = doc[hi + 1].text
        if counts is None or counts.lower() in ("years", "year", "percent", "am", "pm", "km", "kilometres", "kilometers",
                                                "miles", "days", "months", "weeks", "hours", "minutes"):
            continue
        start, end = doc[lo].idx, doc[hi].idx + len(doc[hi])
        before = text[max(0, start - 30):start]
        am = APPROX.search(before)
        approximate = bool(am) or vague
        qualifier = am.group(1).lower() if am else ("vague" if vague else None)
        # whose: the subject of the governing verb ("the Russian army has lost 38,550 soldiers")
        noun = head if head is not None else doc[hi]
        verb = noun.head if noun.dep_ in ("dobj", "nsubjpass", "attr") else None
        actor = None
        if verb is not None and verb.lemma_.lower() in POSSESSION_VERBS:
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                actor = text[subj.left_edge.idx:subj.right_edge.idx + len(subj.right_edge)]
        sent = tok.sent
        since = None
        since_time = None
        for t in times:
            if sent.start_char <= t.mention.start < sent.end_char and re.match(r"(?i)since\b", t.mention.text):
                since, since_time = t.mention.text[6:], t.id
        if since is None:
            # "Since the war began in February, ..."
            m = re.search(r"\b(?i:since)\s+(?:the\s+[\w\s]{1,30}?\s+(?:began|started)\s+in\s+)?([A-Z]\w+)", sent.text)
            if m:
                since = m.group(1)
                at = sent.start_char + m.start(1)
                since_time = next((t.id for t in times if t.mention.start <= at < t.mention.end), None)
        attr = _holder(attrs, start, end, sent)
        claim = next((c for c in claims if c.content.start <= start < c.content.end), None)
        out.append(Figure(
            id=record_id(did, "figure", start, end), doc_id=did, mention=Span(start, end, text[start:end]),
            value=value, approximate=approximate, qualifier=qualifier, counts=counts, actor=actor,
            since=since, since_time=since_time,
            source=(attr.resolved_source or attr.sources[0]).text if attr and attr.sources else None,
            attribution=attr.id if attr else None, claim=claim.id if claim else None, low=low, high=high))
    return out


def _vague(tok: Token) -> Optional[tuple[int, int, float, float]]:
    """(first token, last token, low, high) of a vague quantity starting at ``tok``: "hundreds of",
    "dozens of", "several" (before a plural noun), "several hundred", "tens of thousands of"."""
    doc = tok.doc
    low = tok.lower_
    if low not in VAGUE:
        return None
    lo = hi = tok.i
    a, b = VAGUE[low]
    nxt = doc[hi + 1] if hi + 1 < len(doc) else None
    if low == "several" or low == "tens":
        if nxt is not None and nxt.lower_ in VAGUE_SCALES:          # several hundred
            scale = VAGUE_SCALES[nxt.lower_]
            a, b, hi = a * scale, b * scale, hi + 1
        elif low == "tens" and nxt is not None and nxt.lower_ == "of" and hi + 2 < len(doc) \
                and doc[hi + 2].lower_ in VAGUE_SCALES:              # tens of thousands
            scale = VAGUE_SCALES[doc[hi + 2].lower_]
            a, b, hi = 10 * scale, 99 * scale, hi + 2
        elif low == "tens":
            return None
    elif nxt is not None and nxt.lower_ == "of" and hi + 2 < len(doc) and doc[hi + 2].lower_ in ("thousands", "millions"):
        scale = VAGUE_SCALES[doc[hi + 2].lower_]                     # hundreds of thousands
        a, b, hi = 100 * scale, 999 * scale, hi + 2
    nxt = doc[hi + 1] if hi + 1 < len(doc) else None
    if nxt is None:
        return None
    if nxt.lower_ != "of" and not (nxt.tag_ in ("NNS", "NNPS") or (nxt.pos_ == "ADJ" and hi + 2 < len(doc)
                                                                     and doc[hi + 2].tag_ == "NNS")):
        return None
    return lo, hi, float(a), float(b)


def _vague_counts(doc, lo: int, hi: int) -> Optional[str]:
    """The plural noun a vague quantity counts ("hundreds of (the) residents", "several drones")."""
    for t in doc[hi + 1:min(len(doc), hi + 6)]:
        if t.tag_ in ("NNS", "NNPS") or (t.pos_ == "NOUN" and t.dep_ == "pobj"):
            return t.text
        if t.pos_ in ("VERB", "AUX", "PUNCT"):
            break
    return None


def _holder(attrs: list, start: int, end: int, sent):
    """The attribution a figure's number belongs to: the innermost one whose content holds it,
    else one whose cue is in the number's sentence while the number is in no source of it."""
    by_id = {a.id: a for a in attrs}

    def depth(a) -> int:
        n, cur, seen = 0, a, set()
        while cur is not None and cur.id not in seen:
            seen.add(cur.id)
            n += 1
            cur = by_id.get(cur.parent) if cur.parent else None
        return n

    holding = [a for a in attrs if any(c.start <= start < c.end for c in a.contents)]
    if holding:
        return max(holding, key=lambda a: (depth(a), -sum(c.end - c.start for c in a.contents)))
    near = [a for a in attrs if a.cue is not None and sent.start_char <= a.cue.start < sent.end_char
            and not any(s.start <= start < s.end for s in a.sources)
            and not (a.cue.start <= start < a.cue.end)]
    return max(near, key=depth) if near else None


def figures_component(doc: Doc) -> Doc:
    doc._.figures = find_figures(doc)
    return doc


@Language.factory("claimgraph_figures", default_config={})
def make_figures(nlp: Language, name: str):
    """The figures component (no settings)."""
    return figures_component
