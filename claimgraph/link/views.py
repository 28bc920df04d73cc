"""Sparse views of an article for story linking, in the spirit of Miranda et al. (2018):
TF-IDF vectors of its body, of its lead (title and first sentences), of the names it mentions
(capitalised words inside sentences, resolved places and actors) and of the numbers and dates it
gives (magnitudes, tolls, years: what tells two look-alike events apart).

Term weights are sublinear term frequency times an inverse document frequency taken from a
general English word-frequency list (``wordfreq``), so a vector does not depend on which other
articles happen to be in the corpus: an article is profiled once, incrementally, and two
profiles made a year apart are comparable. Words the list does not know (most names) get the
highest weight.

A story keeps, per view, the sum of its articles' unit vectors pruned to its heaviest terms
(:func:`add_to_centroid`); an article is compared with it by cosine (:func:`cosine`).
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter
from typing import Optional

#: terms kept in a story's centroid per view (bounds the size of a story record)
CENTROID_TERMS = 400
VIEWS = ("body", "lead", "names", "facts")

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")
_CAP_RUN = re.compile(r"\b([A-Z][a-zA-Z'\-]+(?:\s+(?:of\s+|de\s+|al-)?[A-Z][a-zA-Z'\-]+)*)")
_POSS = re.compile(r"'s$")
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)?)(?![\w])")
_STOP = frozenset("""a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
nor not now of off on once only or other our ours ourselves out over own same she should so some such than that
the their theirs them themselves then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your yours yourself said says say told
according reported report reports news new one two three also year years week day days monday tuesday
wednesday thursday friday saturday sunday january february march april may june july august september october
november december today yesterday tomorrow mr mrs ms""".split())
_NAME_STOP = _STOP | {"the", "a", "an", "but", "and", "in", "on", "at", "he", "she", "it", "they", "we", "i",
                      "this", "that", "there", "his", "her", "their", "after", "when", "while", "as", "if"}


@functools.lru_cache(maxsize=200_000)
def idf(word: str) -> float:
    """Rarity of a word in general English: 0 for "the", about 8 for a word the list lacks."""
    from wordfreq import zipf_frequency

    return max(0.2, 8.0 - zipf_frequency(word, "en"))


def _weigh(counts: Counter, rarity=idf) -> dict[str, float]:
    vec = {t: (1.0 + math.log(n)) * rarity(t.split("#", 1)[-1]) for t, n in counts.items() if n > 0}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def words(text: str) -> list[str]:
    return [w for w in (_POSS.sub("", m.group(0).casefold()).strip("'-") for m in _WORD.finditer(text or ""))
            if len(w) > 2 and w not in _STOP]


def names(text: str) -> list[str]:
    """Capitalised words and runs ("Betty Ford Center", "Lohan"), folded; a sentence's first
    word is kept only when it is not a common word (the stop list and the rarity weights keep
    "After" and "Firefighters" from counting much)."""
    out = []
    for line in (text or "").split("\n"):
        for m in _CAP_RUN.finditer(line):
            run = m.group(1)
            toks = [t for t in run.casefold().split() if t not in _NAME_STOP and len(t) > 1]
            out.extend(toks)
            if len(toks) > 1:
                out.append(" ".join(toks))
    return out


def facts(text: str) -> list[str]:
    """Numbers as written (years, magnitudes, tolls, ages), with the word after them
    ("6.1 magnitude" -> "6.1", "6.1#magnitude")."""
    out = []
    for m in _NUMBER.finditer(text or ""):
        num = m.group(1).replace(",", "")
        out.append(num)
        nxt = _WORD.match(text, m.end() + 1) if m.end() + 1 < len(text) else None
        if nxt and nxt.start() == m.end() + 1:
            out.append(f"{num}#{nxt.group(0).casefold()}")
    return out


def _fact_rarity(term: str) -> float:
    return 3.0 if len(term) == 4 and term.isdigit() else 4.0


def lead_of(title: str | None, text: str) -> str:
    lines = [x for x in (text or "").split("\n") if x.strip()]
    return " ".join(([title] if title else []) + lines[:3])


def article_views(title: str | None, text: str, extra_names: list[str] = ()) -> dict[str, dict[str, float]]:
    """The four sparse views of one article, each a unit vector as {term: weight}."""
    return {
        "body": _weigh(Counter(words(text))),
        "lead": _weigh(Counter(words(lead_of(title, text)))),
        "names": _weigh(Counter(names(((title or "") + "\n") + text) + list(extra_names))),
        "facts": _weigh(Counter(facts(text)), _fact_rarity),
    }


def norm(vec: dict[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vec.values()))


def cosine(vec: dict[str, float], centroid: dict[str, float], centroid_norm: Optional[float] = None) -> float:
    """Cosine of a unit article vector with a (not normalised) centroid (whose norm may be
    given, when it was computed before)."""
    if not vec or not centroid:
        return 0.0
    if len(vec) > len(centroid):
        dot = sum(w * vec.get(t, 0.0) for t, w in centroid.items())
    else:
        dot = sum(w * centroid.get(t, 0.0) for t, w in vec.items())
    n = norm(centroid) if centroid_norm is None else centroid_norm
    return dot / n if n else 0.0


def add_to_centroid(centroid: dict[str, float], vec: dict[str, float], limit: int = CENTROID_TERMS) -> dict:
    out = dict(centroid)
    for t, w in vec.items():
        out[t] = out.get(t, 0.0) + w
    if len(out) > limit:
        out = dict(sorted(out.items(), key=lambda kv: -kv[1])[:limit])
    return {t: round(w, 4) for t, w in out.items()}


def pack(vectors) -> str:
    """Dense vectors as base64 float16 (compact in the JSON payload of a story record)."""
    import base64

    import numpy as np

    return base64.b64encode(np.asarray(vectors, dtype=np.float16).tobytes()).decode("ascii")


def unpack(text: str):
    import base64

    import numpy as np

    from ..encoders.sentence import DIM

    if not text:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.frombuffer(base64.b64decode(text), dtype=np.float16).astype(np.float32).reshape(-1, DIM)


@functools.lru_cache(maxsize=256)
def _unpacked(packed: str):
    return unpack(packed)


def claim_matrix(story):
    """The vectors of a story's claim pool (unpacked once per state of the story; read only)."""
    return _unpacked(story.claim_vectors or "")
