"""Echoes: an article that copies another report, measured on the text, or relays a named outlet.

* **Copies.** Each article keeps a MinHash signature of its five-word shingles (``datasketch``,
  Broder 1997). Within a story, a pair whose estimated Jaccard similarity reaches
  ``CANDIDATE_JACCARD`` is aligned word by word (``difflib`` matching blocks of at least
  ``MIN_PASSAGE`` words); the later article is an echo of the earlier one when the shared
  passages cover at least ``ECHO_SHARE`` of its words. Two outlets that each quote one ministry
  statement share the quote, not the article, and stay two reports of one origin.
* **Relays.** "according to Reuters", "AP reported", "citing TASS", "told Reuters", a wire
  dateline "KYIV (Reuters) -", or an attribution chain through a media outlet make the article
  an echo of that outlet: of its article when the story holds one, else of the named outlet.

Each echo record says what it copies (``copies``: a document id and/or an outlet name), the
shared-text share (``shared``, of the echo's words; None for a relay of an outlet not in the
corpus), the passages, and which of its member claims it carries over (``claims``).
"""
from __future__ import annotations

import base64
import difflib
import re
from typing import Callable, Optional

import numpy as np

NUM_PERM = 128
SHINGLE = 5
#: estimated Jaccard of shingles from which a pair is aligned (a cheap, permissive filter)
CANDIDATE_JACCARD = 0.03
#: aligned passages shorter than this many words are common phrases, not copying
MIN_PASSAGE = 8
#: share of the later article's words in aligned passages that makes it a copy
ECHO_SHARE = 0.25

_TOKEN = re.compile(r"\w+")
WIRES = ("Reuters", "Associated Press", "AP", "AFP", "Agence France-Presse", "Agence France Presse", "TASS",
         "RIA Novosti", "RIA", "Interfax", "Ukrinform", "UNIAN", "Xinhua", "dpa", "Bloomberg", "Anadolu",
         "Yonhap", "Kyodo", "PTI", "ANI", "EFE", "ANSA", "Sputnik", "BBC", "CNN", "Al Jazeera", "ITAR-TASS")


def _tokens(text: str) -> list[re.Match]:
    return list(_TOKEN.finditer(text or ""))


def signature(text: str) -> str:
    """Base64 MinHash (``NUM_PERM`` 32-bit values) of the text's word shingles."""
    from datasketch import MinHash

    words = [m.group(0).casefold() for m in _tokens(text)]
    shingles = {" ".join(words[i:i + SHINGLE]).encode("utf-8") for i in range(max(1, len(words) - SHINGLE + 1))}
    mh = MinHash(num_perm=NUM_PERM, seed=1)
    mh.update_batch(list(shingles))
    return base64.b64encode(np.asarray(mh.hashvalues, dtype=np.uint32).tobytes()).decode("ascii")


def jaccard(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    x = np.frombuffer(base64.b64decode(a), dtype=np.uint32)
    y = np.frombuffer(base64.b64decode(b), dtype=np.uint32)
    return float(np.mean(x == y)) if len(x) == len(y) else 0.0


def align(source: str, copy: str) -> dict:
    """Passages of ``copy`` found in ``source``: ``{"shared": share of copy's words,
    "passages": [(start, end) char spans in copy]}``."""
    ts, tc = _tokens(source), _tokens(copy)
    if not ts or not tc:
        return {"shared": 0.0, "passages": []}
    a = [m.group(0).casefold() for m in ts]
    b = [m.group(0).casefold() for m in tc]
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    passages, words = [], 0
    for blk in sm.get_matching_blocks():
        if blk.size >= MIN_PASSAGE:
            passages.append((tc[blk.b].start(), tc[blk.b + blk.size - 1].end()))
            words += blk.size
    return {"shared": round(words / len(b), 3), "passages": passages}


def _covered(start: Optional[int], end: Optional[int], passages: list) -> bool:
    if start is None or end is None or end <= start:
        return False
    inside = sum(max(0, min(end, e) - max(start, s)) for s, e in passages)
    return inside >= 0.5 * (end - start)


def _relay_pattern(names: list[str]) -> re.Pattern:
    alt = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True) if n)

    def n(i: int) -> str:
        return rf"(?:(?i:the)\s+)?(?P<o{i}>{alt})\b"
    return re.compile(
        rf"(?:(?i:according\s+to)\s+{n(1)}|(?i:citing)\s+{n(2)}|(?i:cited\s+by)\s+{n(3)}|(?i:told)\s+{n(4)}|"
        rf"{n(5)}\s+(?i:(?:news\s+agency\s+)?(?:reported|reports|said\s+in\s+a\s+report|quoted))|"
        rf"\(\s*{n(6)}\s*\)\s*[-–—]|(?i:reported\s+by)\s+{n(7)})")


def relays(text: str, outlets: list[str]) -> list[str]:
    """Outlets (wires and the given ones) the text explicitly relays, in order of appearance."""
    pat = _relay_pattern(list(WIRES) + [o for o in outlets if o and len(o) > 2])
    out = []
    for m in pat.finditer(text or ""):
        got = [v for k, v in m.groupdict().items() if v]
        name = got[0] if got else None
        if name and name not in out:
            out.append(name)
    return out


def _fold(name: Optional[str]) -> str:
    return " ".join(re.sub(r"^(the)\s+", "", (name or "").casefold()).split())


def names_of(name: str) -> tuple[str, ...]:
    """A cited outlet's name with the names the actor dictionary knows it by ("The Associated
    Press": also "Associated Press", "AP")."""
    from ..analyse.actors import lookup

    known = lookup(name) if name else None
    return (name, known["name"], *known.get("aliases", ())) if known else (name,)


def _same_outlet(outlet: Optional[str], name: str) -> bool:
    """"the Dnipro Ledger" names the outlet "Dnipro Ledger"; "AP" and "The Associated Press"
    name "AP News"."""
    a = _fold(outlet)
    if not a:
        return False
    return any(b and (a == b or f" {b} " in f" {a} " or f" {a} " in f" {b} ")
               for b in map(_fold, names_of(name)))


def _outlet_key(name: str) -> str:
    from ..analyse.actors import lookup

    known = lookup(name) if name else None
    return known["id"] if known else _fold(name)


def find_echoes(story, p, texts: Callable[[str], str]) -> list[dict]:
    """Echo records for article ``p`` (a profile just added to ``story``): copies of earlier
    articles of the story and relays of named outlets."""
    mine = [m for m in story.members if m["doc_id"] == p.doc_id]
    others = [a for a in story.articles or [] if a["doc_id"] != p.doc_id]
    out = []
    best = None
    for a in others:
        if jaccard(p.signature, a.get("signature", "")) < CANDIDATE_JACCARD:
            continue
        got = align(texts(a["doc_id"]), p.text)
        if got["shared"] >= ECHO_SHARE and (best is None or got["shared"] > best[1]["shared"]):
            best = (a, got)
    if best is not None:
        a, got = best
        out.append({"doc_id": p.doc_id, "kind": "copy", "copies": {"doc_id": a["doc_id"], "outlet": a.get("outlet")},
                    "shared": got["shared"], "passages": [list(x) for x in got["passages"]],
                    "claims": [m["claim_id"] for m in mine if _covered(m.get("start"), m.get("end"), got["passages"])],
                    "via": None, "repeats": [a["doc_id"]]})
    vias = [v for m in mine for v in (m.get("via") or []) if v]
    named = relays(p.text, [a.get("outlet") for a in others if a.get("outlet")])
    # one relay per outlet, however the article names it ("AP", "The Associated Press")
    cited: dict[str, str] = {}
    for n in named + vias:
        cited.setdefault(_outlet_key(n), n)
    for name in cited.values():
        if _same_outlet(p.outlet, name):
            continue
        src = next((a for a in others if _same_outlet(a.get("outlet"), name)), None)
        if out and src is not None and out[0]["copies"]["doc_id"] == src["doc_id"]:
            out[0]["via"] = [name]
            continue
        rec = {"doc_id": p.doc_id, "kind": "relay", "copies": {"doc_id": src["doc_id"] if src else None,
                                                               "outlet": src.get("outlet") if src else name},
               "shared": None, "passages": [], "via": [name], "repeats": [src["doc_id"]] if src else [],
               "claims": [m["claim_id"] for m in mine if name in (m.get("via") or [])]}
        if src is not None:
            got = align(texts(src["doc_id"]), p.text)
            rec["shared"], rec["passages"] = got["shared"], [list(x) for x in got["passages"]]
            rec["claims"] = sorted(set(rec["claims"]) | {m["claim_id"] for m in mine
                                                          if _covered(m.get("start"), m.get("end"), got["passages"])})
        out.append(rec)
    return out
