"""What a story's articles bring: which of their claims are about the story (members), the
independent origins behind them, the articles that echo (copy or relay) another report, and
where figures or polarity disagree.
"""
from __future__ import annotations

import functools
import re
from typing import Callable, Optional

import numpy as np

from ..analyse.memo import Recent
from ..model import ITEM_EVIDENCE, Story
from .canon import canonical, country_of, same_source
from .echoes import names_of
from .views import claim_matrix

MEMBER_THRESHOLD = 0.40


def select_members(story: Story) -> None:
    """The claims of a story's articles, each with its closeness (to the story's centroid or to a
    claim of another article of the story) and its support (how close the nearest claim of
    another article of the story is; with one article, the closeness to the centroid); the *core*
    claims, close enough to be about the story (at least each article's closest), are the ones
    whose figures count and through whose sources an article tells the story (a source another
    article also quotes counts from any claim: see :func:`_doc_origins`)."""
    vecs = claim_matrix(story)
    c = np.asarray(story.vector, dtype=np.float32)
    docs = np.array([m["doc_id"] for m in story.pool])
    to_centroid = vecs @ c
    close = to_centroid.copy()
    support = to_centroid
    if len(set(docs)) > 1:
        support = _support(story, vecs, docs)
        close = np.maximum(close, support)
    members = []
    for did in dict.fromkeys(docs):
        idx = np.flatnonzero(docs == did)
        core = {i for i in idx if close[i] >= MEMBER_THRESHOLD} or {idx[int(np.argmax(close[idx]))]}
        for i in idx:
            members.append(dict(story.pool[i], closeness=round(float(close[i]), 3),
                                support=round(float(support[i]), 3), core=bool(i in core)))
    story.members = members
    story.figures = [f for m in members if m["core"] for f in m.get("figures", [])]


#: per story: (pool rows seen, a fingerprint of their vectors and articles, their support) of
#: the last :func:`_support`, so that a join compares only the new claims with the pool
_SUPPORTS = Recent(4096)


def _fingerprint(story: Story, rows: int) -> int:
    """Of the first ``rows`` rows of the pool: their packed vectors (base64 of float16: a whole
    number of characters per row) and their articles."""
    width = len(story.claim_vectors) // max(1, len(story.pool))
    return hash((story.claim_vectors[:rows * width], tuple(m["doc_id"] for m in story.pool[:rows])))


def _support(story: Story, vecs: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """For each claim of the pool, its best similarity with a claim of another article of the
    story (-1 with none). A story's pool only grows by appending an article's claims, so the
    rows seen before keep their support and take the new rows' into account: a join costs the
    new claims against the pool, not the pool against itself."""
    n = len(vecs)
    seen = _SUPPORTS.get(story.id)
    m, old = 0, np.zeros(0, dtype=np.float32)
    if seen is not None and 0 < seen[0] <= n and seen[1] == _fingerprint(story, seen[0]):
        m, old = seen[0], seen[2]
    sims = vecs[m:] @ vecs.T                                   # new rows x pool
    other = docs[m:, None] != docs[None, :]
    if n > m:
        new = np.where(other, sims, -1.0).max(axis=1)
        if m:
            old = np.maximum(old, np.where(other[:, :m], sims[:, :m], -1.0).max(axis=0))
    else:
        new = np.zeros(0, dtype=np.float32)
    support = np.concatenate([old, new]).astype(np.float32)
    _SUPPORTS.put(story.id, (n, _fingerprint(story, n), support))
    return support


_STOP = {"the", "of", "a", "an", "and", "s", "for", "in", "on", "who", "said", "that", "its", "his", "her"}


@functools.lru_cache(maxsize=1 << 16)
def _words(name: Optional[str]) -> frozenset:
    from .origins import fold_name

    return frozenset(w for w in fold_name(name or "").replace("-", " ").split() if w not in _STOP)


def _same_origin(a: dict, b: dict) -> bool:
    """Two origins are one when they have the same key, or their sources are one actor by
    canonical name ("the British Ministry" / "Britain's ministry of defence" / "Defence
    Intelligence update", "Marchuk" / "Oleh Marchuk"), unless they are two different kinds of
    evidence item. Unnamed sources are one only within one article (their key says which).
    Remembered per pair of keys and names: a story's origins are recounted on every join."""
    if a["key"] == b["key"]:
        return True
    return _same_named_origin(a["key"], _who(a), b["key"], _who(b))


def _who(o: dict) -> str:
    """The name an origin's source goes by: its actor's, else as the text gives it."""
    return o.get("actor_name") or o.get("name") or ""


@functools.lru_cache(maxsize=1 << 17)
def _same_named_origin(key_a: str, name_a: str, key_b: str, name_b: str) -> bool:
    if _is_unnamed(key_a) or _is_unnamed(key_b) or "@" in key_a or "@" in key_b:
        return False
    ka, kb = key_a.split("|", 1)[0], key_b.split("|", 1)[0]
    if ka != kb and ka in ITEM_EVIDENCE and kb in ITEM_EVIDENCE:
        return False
    if same_source(canonical(name_a), canonical(name_b)):
        return True
    wa, wb = _words(name_a), _words(name_b)
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _candidates(ms: list[dict]) -> list[dict]:
    """One origin candidate per claim of an article that has an origin: who it is, and how the
    claim stands in its article (where it is, whether it is about the story, how close another
    article's nearest claim is)."""
    out = []
    for i, m in enumerate(ms):
        if not m.get("origin"):
            continue
        out.append({"key": m["origin"], "name": m.get("origin_name"), "actor_name": m.get("origin_actor"),
                    "published": m.get("published"), "private": m.get("private_person"),
                    "closeness": m.get("support", m.get("closeness", 1.0)), "core": m.get("core", True),
                    "start": m.get("start"), "order": i})
    return out


_OFFICIAL = re.compile(r"\b(officials?|authorit(y|ies)|administration|government|governor|mayor|spokes(wo)?man|"
                       r"spokesperson|office|ministry|council|command|military|police|prosecutors?)\b", re.I)


def _described(key: str) -> bool:
    """A source the article describes instead of naming ("officials in the region", "a
    spokesman for the local administration"): its key says it is this article's own."""
    actor = key.split("|", 1)[-1]
    return _is_unnamed(key) or actor.startswith("source:") or actor.startswith("desc:")


def _affiliation(name: str) -> Optional[str]:
    """The country a described body speaks for, as its name says ("Russian-installed" and
    "occupied" are Russia's side)."""
    canon = canonical(name) or ""
    return country_of(canon) or ("russia" if "occupation" in canon.split() else None)


def _one_body(a: dict, b: dict) -> bool:
    """Two sources of one article are one origin: one actor by name, or two descriptions of the
    same kind of official body on the same side ("officials in the Russian-occupied region" and
    "a spokesman for the local administration"; "officials" and "the regional administration").
    Private people, evidence items and named actors are never merged by description."""
    return _same_origin(a, b) or _one_described_body(
        a["key"], _who(a), bool(a.get("private")), b["key"], _who(b), bool(b.get("private")))


@functools.lru_cache(maxsize=1 << 16)
def _one_described_body(key_a: str, name_a: str, private_a: bool, key_b: str, name_b: str, private_b: bool) -> bool:
    if private_a or private_b or not (_described(key_a) and _described(key_b)):
        return False
    if {key_a.split("|", 1)[0], key_b.split("|", 1)[0]} & ITEM_EVIDENCE:
        return False
    if not (_OFFICIAL.search(name_a) and _OFFICIAL.search(name_b)):
        return False
    fa, fb = _affiliation(name_a), _affiliation(name_b)
    return not (fa and fb and fa != fb)


def _identified(o: dict) -> bool:
    """A source another article can name too: not the outlet's own voice, not a media report,
    not an unnamed or private source (those are one article's, never matched by wording)."""
    return not (_unidentified(o) or o["key"].startswith("report|") or o.get("private") or "@" in o["key"])


def _corroborated(cands: dict[str, list[dict]], apart: Callable[[str, str], bool]) -> set[int]:
    """The candidates (by ``id``) whose source another article of the story quotes too, an
    article that is not a copy of theirs (``apart``): two independent reports naming one source
    make it one the story is about. Compared once per distinct source, blocked by shared words."""
    entries: dict[tuple, dict] = {}
    for did, cs in cands.items():
        for o in cs:
            if _identified(o):
                e = entries.setdefault(_ident(o), {"o": o, "docs": {}})
                e["docs"].setdefault(did, []).append(id(o))
    items = list(entries.values())
    doc_sets = [set(e["docs"]) for e in items]
    by_word: dict[str, list[int]] = {}
    blocks = []
    for i, e in enumerate(items):
        name = _who(e["o"])
        words = _words(name) | frozenset((canonical(name) or "").split()) | {e["o"]["key"]}
        blocks.append(words)
        for w in words:
            by_word.setdefault(w, []).append(i)
    out: set[int] = set()
    for i, e in enumerate(items):
        near = {j for w in blocks[i] for j in by_word[w]}
        docs = set(doc_sets[i])
        for j in near:
            if j != i and not doc_sets[j] <= docs and _same_origin(e["o"], items[j]["o"]):
                docs |= doc_sets[j]
        if len(docs) < 2:
            continue
        for a, ids in e["docs"].items():
            if any(b != a and apart(a, b) for b in docs):
                out.update(ids)
    return out


def _ident(o: dict) -> tuple:
    return o["key"], o.get("name"), o.get("actor_name")


def _prominent(cands: list[dict]) -> Optional[dict]:
    """The source an article tells the story through: among its claims about the story, an
    attributed source before the outlet's own voice, a first-hand one before a media report, a
    named one before an unnamed one, and then the one the article names first (news puts what
    matters first); without positions, the one whose claim other articles say most nearly."""
    if not cands:
        return None
    return min(cands, key=lambda o: (o["key"].startswith("outlet:"), o["key"].startswith("report|"),
                                     _is_unnamed(o["key"]),
                                     o["start"] if o["start"] is not None else float("inf"),
                                     -o["closeness"], o["order"]))


#: private people described by their kinship ("relatives of conscripted men", "the mother of a
#: soldier"): they speak first-hand for their own family
KIN = re.compile(r"\b(relatives?|famil(y|ies)|wife|wives|husband|mother|father|sister|brother|son|daughter|"
                 r"parents?|widow)\b", re.I)


def _doc_origins(cands: list[dict], corroborated: Optional[set[int]] = None) -> list[dict]:
    """The distinct origins one article brings to its story: the source it tells the story
    through (:func:`_prominent`), the sources another independent article of the story quotes
    too, and the private people it quotes first-hand (one group of witnesses) when they saw the
    event or say what another article says (their claim is the article's nearest another
    article's), or else when they speak for their own family ("relatives of conscripted men
    say ..."; families are the first-hand source on what happened to their kin). Background
    sources quoted once further down are not origins. Sources of one
    article that are one body by name or description count once, and one evidence item per kind
    (an article's "video" is one video whoever is said to speak in it)."""
    corroborated = corroborated or set()
    core = [o for o in cands if o["core"]] or cands
    if all(_unidentified(o) for o in core):
        # the article tells the story in its own voice ("The SBU has published a call in which
        # ..."): its origins are the sources it names further down, if it names any
        core = core + [o for o in cands if not o["core"] and not _unidentified(o)]
    chosen = [_prominent(core)] if core else []
    chosen += [o for o in cands if id(o) in corroborated]
    private = [o for o in core if o.get("private")]
    kin = [o for o in cands if o.get("private") and KIN.search(o.get("name") or "")]
    if private or kin:
        best = max(o["closeness"] for o in core)
        witnesses = [o for o in private if o["key"].startswith("eyewitness|") or o["closeness"] >= best]
        chosen += (witnesses or kin)[:1]
    # private individuals quoted in an article built on one recording or video speak in it
    items = {o["key"].split("|", 1)[0] for o in chosen} & {"video", "audio", "intercepted_communication"}
    if len(items) == 1:
        chosen = [o for o in chosen if not o.get("private")] or chosen
    else:   # otherwise the private individuals an article quotes are one group of witnesses
        first = next((o for o in chosen if o.get("private")), None)
        chosen = [o for o in chosen if not o.get("private") or o is first]
    distinct = list({_ident(c): c for c in cands}.values())
    out: list[dict] = []
    for o in {_ident(c): c for c in chosen}.values():
        kind = o["key"].split("|", 1)[0]
        twin = next((x for x in out if kind in ITEM_EVIDENCE and x["key"].split("|", 1)[0] == kind), None) or \
            next((x for x in out if _one_body(x, o)), None)
        if twin is None:
            # shown under its fullest description in the article (what the item is, who released
            # it, who speaks in it), whichever of its claims gives it; its body is every source
            # of the article it stands for (for an item, whoever speaks in one of that kind)
            name = max((c["name"] or "" for c in cands if c["key"] == o["key"]), key=len) or o["name"]
            out.append(dict(o, name=name, body=[c for c in distinct if _one_body(c, o) or
                                                kind in ITEM_EVIDENCE and c["key"].split("|", 1)[0] == kind]))
    return out


def _is_unnamed(key: str) -> bool:
    return "|unnamed:" in key or key.endswith("|unnamed")


def _canonical_name(o: dict) -> str:
    """The name to show for an origin: its source as the actor dictionary or the text names it
    (an unnamed description stays as written: it is one article's source)."""
    if o["key"].split("|", 1)[0] in ITEM_EVIDENCE:
        return o.get("name") or ""
    return _who(o)


def _unidentified(o: dict) -> bool:
    """An origin nobody can check: unnamed sources, or the outlet's own voice."""
    return _is_unnamed(o["key"]) or o["key"].startswith("outlet:")


def recount(story: Story) -> None:
    """Origins, contradictions and the timeline of a story, from its members and its echoes
(an article that copies another brings that article's origins, not new ones)."""
    by_doc: dict[str, list[dict]] = {}
    for m in story.members:
        by_doc.setdefault(m["doc_id"], []).append(m)
    order = sorted(by_doc, key=lambda d: (by_doc[d][0].get("published") or "9999",
                                          story.doc_ids.index(d) if d in story.doc_ids else 0))
    origins: list[dict] = []
    timeline = []
    echo_of = {e["doc_id"]: e for e in story.echoes or []}
    dated = {a["doc_id"]: a for a in getattr(story, "articles", None) or []}
    cands = {did: _candidates(by_doc[did]) for did in order}
    copies = {frozenset((e["doc_id"], (e.get("copies") or {}).get("doc_id"))) for e in story.echoes or []}
    corroborated = _corroborated(cands, lambda a, b: frozenset((a, b)) not in copies) if len(order) > 1 else set()
    by_key: dict[str, dict] = {}          # an origin by the key of any of its variants
    for did in order:
        found = []
        # articles of the story that this one cites by outlet name ("the Kyiv Monitor reported")
        cited_words = [_words(n) for m in by_doc[did] for v in (m.get("via") or []) if v for n in names_of(v)]
        cited_docs = {d for d in order if d != did and any(
            w and w <= _words(by_doc[d][0].get("outlet")) for w in cited_words)}
        copied = ((echo_of.get(did) or {}).get("copies") or {}).get("doc_id")
        if copied in by_doc:
            cited_docs.add(copied)       # a copy brings the origins of what it copies
        for o in _doc_origins(cands[did], corroborated):
            known = next((by_key[b["key"]] for b in o["body"] if b["key"] in by_key), None) or \
                next((x for x in origins if any(_same_origin(y, b) for y in x["variants"] for b in o["body"])), None)
            if known is None and cited_docs:
                # the same kind of origin as the cited outlet's (its video, its statement) is that one
                kind = o["key"].split("|", 1)[0]
                known = next((x for x in origins if cited_docs & set(x["doc_ids"]) and
                              any(v["key"].split("|", 1)[0] == kind for v in x["variants"])), None)
            if known is None and o["key"].startswith("report|"):
                # an outlet citing another outlet of the story echoes what that outlet reported
                cited = _words(_who(o))
                src = next((d for d in order if d != did and cited and
                            cited <= _words(by_doc[d][0].get("outlet"))), None)
                if src is not None:
                    known = next((x for x in origins if src in x["doc_ids"]), None)
            if known is None and origins and _unidentified(o):
                # an article that names no source for what the story already has from an
                # identified origin cannot count as independent: it repeats the first origin
                known = origins[0]
            if known is None:
                known = {"key": o["key"], "name": o["name"], "canonical": _canonical_name(o),
                         "first_seen": o["published"], "first_doc": did, "first_outlet": by_doc[did][0].get("outlet"),
                         "doc_ids": [], "variants": []}
                origins.append(known)
                found.append((known, True))
            else:
                found.append((known, False))
            for b in o["body"]:
                if b["key"] not in by_key:
                    by_key[b["key"]] = known
                if not any(v["key"] == b["key"] for v in known["variants"]):
                    known["variants"].append({"key": b["key"], "name": b["name"], "actor_name": b.get("actor_name")})
            if did not in known["doc_ids"]:
                known["doc_ids"].append(did)
        new = [o["key"] for o, is_new in found if is_new]
        art = dated.get(did) or {}
        first = by_doc[did][0]          # publication date and outlet are the article's
        timeline.append({"date": first.get("published"), "doc_id": did, "outlet": first.get("outlet"),
                         "event_date": art.get("date"), "dated_by": art.get("dated_by"),
                         "new_origins": new, "echo": did in echo_of})
    for e in story.echoes or []:
        e["origin"] = next((o["key"] for o in origins if e["doc_id"] in o["doc_ids"]), None)
    for o in origins:
        o["echoes"] = [{"doc_id": e["doc_id"], "outlet": (by_doc.get(e["doc_id"]) or [{}])[0].get("outlet"),
                        "kind": e.get("kind"), "copies": e.get("copies"), "shared": e.get("shared")}
                       for e in story.echoes or [] if e["doc_id"] in o["doc_ids"]]
    story.origins = origins
    story.timeline = timeline
    story.first_seen = timeline[0]["date"] if timeline else None
    story.contradictions = contradictions(story)


def _measure(f: dict) -> str:
    return " ".join(w.rstrip("s") for w in re.findall(r"[a-z]+", (f.get("counts") or "").casefold()))


def contradictions(story: Story) -> list[dict]:
    """Incompatible figures for the same measure from different articles, and claims of
    opposite polarity from different articles that say nearly the same thing.

    Figures conflict only across articles whose values for the measure share none: "31 of 34
    drones were downed" and "31 drones were downed" report the same figure; "31" and "25" do
    not. Within one article several values of a measure are never a contradiction, nor between
    an article and its copy."""
    out = []
    copies = {frozenset((e["doc_id"], (e.get("copies") or {}).get("doc_id"))) for e in story.echoes or []}
    groups: dict[tuple, list[dict]] = {}
    for f in story.figures or []:
        groups.setdefault((_measure(f), (f.get("since") or "").casefold()), []).append(f)
    for (measure, since), fs in groups.items():
        fs = [f for f in fs if f.get("value") is not None]   # a vague quantity is a range, not a value
        if not measure or not fs:
            continue
        exact = [f for f in fs if not f.get("approximate")] or fs
        by_doc: dict[str, set] = {}
        for f in exact:
            by_doc.setdefault(f["doc_id"], set()).add(f["value"])
        docs = list(by_doc)
        clash = set()
        for i, a in enumerate(docs):
            for b in docs[i + 1:]:
                va, vb = by_doc[a], by_doc[b]
                if va & vb or frozenset((a, b)) in copies:
                    continue
                if all(max(x, y) > 1.1 * min(x, y) for x in va for y in vb):
                    clash.update((a, b))
        if clash:
            out.append({"kind": "figure", "measure": measure, "since": since or None,
                        "values": [{"value": f["value"], "source": f.get("source"), "doc_id": f["doc_id"]}
                                   for f in exact if f["doc_id"] in clash]})
    out.extend(_polarity_clashes(story))
    return out


#: two claims this similar with opposite polarity contradict each other
POLARITY_SIMILARITY = 0.8


_NEGATION = re.compile(r"\b(no|not|never|without|none|nobody|nothing|neither|nor|cannot|lacks?|lacking)\b|n't\b", re.I)


def _negations(text: str) -> int:
    return len(_NEGATION.findall(text or ""))


def _polarity_clashes(story: Story) -> list[dict]:
    """Claims of different origins that say nearly the same thing with opposite polarity. Two
    wordings with the same number of negations ("with no electricity" / "without electricity")
    are a paraphrase, whatever polarity the tagger gave them; a claim never contradicts one of
    its own origin (one source, or a copy of it)."""
    pool = getattr(story, "pool", None) or []
    vecs = claim_matrix(story)
    if not pool or len(vecs) != len(pool):
        return []
    row = {m["claim_id"]: i for i, m in enumerate(pool)}
    ms = [m for m in story.members if m["claim_id"] in row]
    negated = [m for m in ms if m.get("polarity") == "negated"]
    asserted = [m for m in ms if m.get("polarity") != "negated"]
    if not negated or not asserted:
        return []
    # only pairs of opposite polarity that say nearly the same thing are looked at closely
    sims = vecs[[row[m["claim_id"]] for m in negated]] @ vecs[[row[m["claim_id"]] for m in asserted]].T
    copies = {(e["doc_id"], (e.get("copies") or {}).get("doc_id")) for e in story.echoes or []}
    order = {id(m): k for k, m in enumerate(ms)}
    pairs = [sorted((negated[i], asserted[j]), key=lambda m: order[id(m)]) + [float(sims[i, j])]
             for i, j in zip(*np.nonzero(sims >= POLARITY_SIMILARITY))]
    out = []
    for a, b, sim in sorted(pairs, key=lambda p: (order[id(p[0])], order[id(p[1])])):
        if a["doc_id"] == b["doc_id"]:
            continue
        if (a["doc_id"], b["doc_id"]) in copies or (b["doc_id"], a["doc_id"]) in copies:
            continue
        if _negations(a["text"]) % 2 == _negations(b["text"]) % 2:
            continue
        oa = {"key": a.get("origin") or "", "name": a.get("origin_name"), "actor_name": a.get("origin_actor")}
        ob = {"key": b.get("origin") or "", "name": b.get("origin_name"), "actor_name": b.get("origin_actor")}
        if oa["key"] and ob["key"] and _same_origin(oa, ob):
            continue
        out.append({"kind": "polarity", "similarity": round(sim, 3),
                    "claims": [{"claim_id": m["claim_id"], "doc_id": m["doc_id"], "text": m["text"],
                                "polarity": m.get("polarity"), "source": m.get("origin_name")}
                               for m in (a, b)]})
    return out
