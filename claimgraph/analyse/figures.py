"""claimgraph_figures: numbers that count something, as claims by someone.

First version (issue 7 deepens it). For each cardinal number (digits, "38,550", word numbers
such as "two hundred and fifty", "dozens") that counts a noun: the value, whether it is
approximate ("about", "more than", "up to", "dozens", and "should be" - the translated German
reportative "soll"), what it counts (the noun it modifies), whose (the subject of a "lost"/
"killed"-type verb, "the Russian army has lost ..."), since when ("since February", from the
sentence's dates), and the source of the attribution whose content holds it. Years, dates,
times of day, ages, ordinals and percentages alone are not figures.
"""
from __future__ import annotations

import re
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..model import Figure, Span, record_id
from .extensions import doc_id, register

register()

WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
         "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
VAGUE = {"dozen": 12, "dozens": 24, "hundreds": 200, "thousands": 2000, "scores": 40}
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
        elif w in VAGUE:
            return float(VAGUE[w])
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
    text = doc.text
    attrs = doc._.attributions or []
    times = doc._.times or []
    claims = doc._.claims or []
    out: list[Figure] = []
    seen: set[int] = set()
    for tok in doc:
        if tok.i in seen:
            continue
        vague = tok.lower_ in VAGUE and tok.pos_ == "NOUN" and any(c.lower_ == "of" for c in tok.children)
        if not (tok.like_num or vague) or tok.ent_type_ in ("DATE", "TIME", "PERCENT", "ORDINAL", "MONEY"):
            continue
        lo, hi = (tok.i, tok.i) if vague else _number_span(tok)
        seen.update(range(lo, hi + 1))
        ntext = doc[lo:hi + 1].text
        value = parse_number(ntext)
        if value is None or re.fullmatch(r"(19|20)\d\d", ntext):
            continue
        # the noun the number modifies (the head of whichever number token attaches outside it)
        outer = [t for t in doc[lo:hi + 1] if not (lo <= t.head.i <= hi)]
        head = next((t.head for t in outer if t.dep_ in ("nummod", "compound", "quantmod")), None)
        counts = None
        if vague:
            of = next(c for c in tok.children if c.lower_ == "of")
            obj = next((c for c in of.children if c.dep_ == "pobj"), None)
            counts = obj.text if obj is not None else None
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
        attr = next((a for a in attrs if any(c.start <= start < c.end for c in a.contents)), None)
        claim = next((c for c in claims if c.content.start <= start < c.content.end), None)
        out.append(Figure(
            id=record_id(did, "figure", start, end), doc_id=did, mention=Span(start, end, text[start:end]),
            value=value, approximate=approximate, qualifier=qualifier, counts=counts, actor=actor,
            since=since, since_time=since_time,
            source=(attr.resolved_source or attr.sources[0]).text if attr and attr.sources else None,
            attribution=attr.id if attr else None, claim=claim.id if claim else None))
    return out


@Language.component("claimgraph_figures")
def figures_component(doc: Doc) -> Doc:
    doc._.figures = find_figures(doc)
    return doc
