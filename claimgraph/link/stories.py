"""Stories across articles: which reports are about the same thing, from how many independent
origins, which articles only echo an origin already counted, and where figures or polarity
disagree.

Linking is incremental and per article. An article is profiled once, when it is stored:

* a vector of meaning: MiniLM sentence embeddings of its headline and lead, and of its claims,
  with place names written as the gazetteer spells them ("Cherson" -> "Kherson");
* when it says things happened (the dates its claims point to, else its publication date);
* the places (GeoNames ids) and actors (canonical ids) it names, and its events as (PLOVER
  category, place) pairs;
* the origin of each claim (:mod:`claimgraph.link.origins`).

It then joins the story whose centroid is nearest, if close enough once shared places, actors and
events (bonuses) and distant event dates (a penalty: two shellings of one city a week apart are
two stories) are weighed in; otherwise it starts a new story. Candidate stories come from an
approximate-nearest-neighbour index (usearch) over story centroids when there are many, so a
new article costs about the same whatever the corpus size. Only the stories an article joins
are rewritten.

Inside a story, an article's claims are members with a closeness score; its *core* claims are
those close to the story's centroid or to another article's claims, and the story's origins are
the origins of each article's closest core claims. Every origin counted once is an independent origin; an
article whose member claims only come from origins that earlier articles already brought, or
that reached it through another outlet, is an echo.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

import numpy as np

from ..model import Story, record_id
from ..encoders import sentence as _embed
from .origins import document_origins

#: a document joins the nearest story when its adjusted similarity reaches this
JOIN_THRESHOLD = 0.58
#: a claim is a member of its document's story when this close to the story centroid or to a
#: member claim of another article
MEMBER_THRESHOLD = 0.40
#: weight of the article-level similarity against the best claim-to-claim similarities
DOC_WEIGHT = 0.6
PLACE_BONUS = 0.05
PLACE_PENALTY = 0.05
ACTOR_BONUS = 0.03
#: both articles report an event of the same PLOVER category at the same resolved place
#: ("a missile strike hit the bridge outside Kherson" / "the attack on the bridge at Cherson");
#: distant event dates still make it a different story (the date penalty is larger)
EVENT_BONUS = 0.04
#: event dates further apart than this (days) make a different story likely
DATE_GAP_DAYS = 5
DATE_PENALTY = 0.20
#: an article's origins in a story: those of its member claims within this of its closest one
PRIMARY_MARGIN = 0.0
#: claims of one article kept in a story's pool (the closest to the story)
POOL_PER_DOC = 25
ANN_MIN_STORIES = 256
CANDIDATES = 10
MIN_CLAIM_WORDS = 3


@dataclass
class Profile:
    doc_id: str
    outlet: Optional[str]
    published: Optional[str]
    title: str
    vector: np.ndarray
    claims: list = field(default_factory=list)          # (claim, vector)
    origins: dict = field(default_factory=dict)         # claim id -> origin
    dates: list[str] = field(default_factory=list)      # ISO days the article's events happen on
    places: set = field(default_factory=set)
    actors: set = field(default_factory=set)
    figures: list = field(default_factory=list)
    events: set = field(default_factory=set)            # (PLOVER category, GeoNames id)


def _day(value: Optional[str]) -> Optional[dt.date]:
    if not value or not re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def headline_from(text: Optional[str], limit: int = 80) -> str:
    """A story title for an article that came without one: its first paragraph of running text,
    not a heading or a list of bullets ("KEY POINTS", "• Ukrainian authorities ...")."""
    paras = [" ".join(p.split()) for p in (text or "").split("\n\n") if p.strip()]
    lead = next((p for p in paras if len(p.split()) >= 6 and p[0] not in "•*-–·▪" and not p.isupper()),
                paras[0] if paras else "")
    return lead if len(lead) <= limit else lead[:limit].rsplit(" ", 1)[0] + " …"


def canonical_places(places) -> "Callable[[str], str]":
    """A function that writes an article's place names as the gazetteer spells them ("Cherson"
    -> "Kherson", "Lugansk" -> "Luhansk"), so that the meaning vectors of two reports of one
    place agree whatever transliteration each outlet used. Only resolved, unambiguous places
    are rewritten; the stored texts are not touched (this is for embedding only)."""
    spellings = {}
    for p in places:
        said = (p.mention.text or "").strip()
        if p.name and not p.ambiguous and said and said != p.name and len(said) > 2 and said[:1].isupper() \
                and p.role != "nationality":
            spellings[said] = p.name
    if not spellings:
        return lambda text: text
    pattern = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(spellings, key=len, reverse=True)) + r")\b")
    return lambda text: pattern.sub(lambda m: spellings[m.group(1)], text or "")


def profile_documents(corpus, doc_ids: Iterable[str], actor_kinds: dict[str, str]) -> list[Profile]:
    """Profiles of stored, analysed documents (others are skipped)."""
    out = []
    for did in doc_ids:
        doc = corpus.document(did)
        if doc is None:
            continue
        claims = [c for c in corpus.records("claim", did)
                  if not c.boilerplate and len(c.content.text.split()) >= MIN_CLAIM_WORDS]
        if not claims:
            continue
        lead = doc.text.strip().split("\n\n")[0][:400] if doc.text else ""
        head = " ".join(x for x in (doc.title, lead) if x)
        places = corpus.records("place", did)
        canon = canonical_places(places)
        place_ids = {p.id: p.geonameid for p in places if p.geonameid and not p.ambiguous
                     and p.role != "nationality" and p.feature_class != "A"}
        vecs = _embed.embed([canon(head)] + [canon(c.content.text) for c in claims])
        claim_mean = vecs[1:].mean(axis=0)
        v = vecs[0] + claim_mean / max(np.linalg.norm(claim_mean), 1e-9)
        v = v / max(np.linalg.norm(v), 1e-9)
        times = corpus.records("time", did)
        days = [t.value for t in times if t.granularity == "day" and _day(t.value)]
        if not days and _day(doc.published):
            days = [doc.published[:10]]
        media = {a for a, k in actor_kinds.items() if k == "media_outlet"}
        p = Profile(
            doc_id=did, outlet=doc.outlet, published=doc.published, title=doc.title or headline_from(doc.text), vector=v,
            claims=list(zip(claims, vecs[1:])),
            origins=document_origins(corpus, did, doc.outlet, actor_kinds),
            dates=sorted(set(days)),
            # specific places: not countries (they say little about which story), not ambiguous ones
            # (divisions and regions without a GeoNames id by name and country)
            places={str(p.geonameid or f"{p.name}|{p.country}") for p in places
                    if p.name and not p.ambiguous and not (p.feature_class == "A" and not p.admin1)
                    and p.role != "nationality"},
            actors={m.actor_id for m in corpus.records("actor_mention", did) if m.actor_id not in media},
            figures=corpus.records("figure", did),
            events={(e.type, place_ids[e.place]) for e in corpus.records("event", did)
                    if e.type and e.place in place_ids and e.polarity != "negated"},
        )
        out.append(p)
    return out


class StoryIndex:
    """Story centroids with nearest-neighbour search (usearch HNSW when there are many)."""

    def __init__(self, stories: list[Story]):
        self.stories = {s.id: s for s in stories}
        self.ids: list[str] = []
        self.keys: dict[str, int] = {}
        self.matrix = np.zeros((0, _embed.DIM), dtype=np.float32)
        self.ann = None
        for s in stories:
            if s.vector:
                self._add(s.id, np.asarray(s.vector, dtype=np.float32))

    def _add(self, sid: str, vec: np.ndarray) -> None:
        if sid in self.keys:
            self.matrix[self.keys[sid]] = vec
            if self.ann is not None:
                self.ann.remove(self.keys[sid])
                self.ann.add(self.keys[sid], vec)
            return
        self.keys[sid] = len(self.ids)
        self.ids.append(sid)
        if len(self.ids) > len(self.matrix):     # grow by doubling: adding stays amortized O(1)
            grown = np.zeros((max(16, 2 * len(self.matrix)), len(vec)), dtype=np.float32)
            grown[:len(self.matrix)] = self.matrix
            self.matrix = grown
        self.matrix[len(self.ids) - 1] = vec
        if self.ann is not None:
            self.ann.add(self.keys[sid], vec)
        elif len(self.ids) >= ANN_MIN_STORIES:
            self._build_ann()

    def _build_ann(self) -> None:
        try:
            from usearch.index import Index
        except ImportError:           # exact search stays correct, only slower on big corpora
            return
        self.ann = Index(ndim=self.matrix.shape[1], metric="cos", dtype="f32")
        self.ann.add(np.arange(len(self.ids)), self.matrix[:len(self.ids)])

    def update(self, story: Story) -> None:
        self.stories[story.id] = story
        self._add(story.id, np.asarray(story.vector, dtype=np.float32))

    def candidates(self, vec: np.ndarray, k: int = CANDIDATES) -> list[tuple[Story, float]]:
        if not self.ids:
            return []
        if self.ann is not None:
            matches = self.ann.search(vec, min(k, len(self.ids)))
            return [(self.stories[self.ids[int(key)]], 1.0 - float(d)) for key, d in zip(matches.keys, matches.distances)]
        sims = self.matrix[:len(self.ids)] @ vec
        top = np.argsort(-sims)[:k]
        return [(self.stories[self.ids[i]], float(sims[i])) for i in top]


def pack(vectors: np.ndarray) -> str:
    """Vectors as base64 float16 (compact in the JSON payload of a story record)."""
    import base64

    return base64.b64encode(np.asarray(vectors, dtype=np.float16).tobytes()).decode("ascii")


def unpack(text: str) -> np.ndarray:
    import base64

    if not text:
        return np.zeros((0, _embed.DIM), dtype=np.float32)
    return np.frombuffer(base64.b64decode(text), dtype=np.float16).astype(np.float32).reshape(-1, _embed.DIM)


def claim_similarity(p: Profile, story: Story) -> float:
    """Mean of the three best similarities between the article's claims and the story's."""
    theirs = unpack(story.claim_vectors)
    if not len(theirs) or not p.claims:
        return 0.0
    sims = np.array([v for _, v in p.claims]) @ theirs.T
    return float(np.sort(sims.ravel())[::-1][:3].mean())


def join_score(p: Profile, story: Story, sim: float) -> float:
    score = DOC_WEIGHT * sim + (1 - DOC_WEIGHT) * claim_similarity(p, story)
    if p.places & {str(x) for x in story.places or []}:
        score += PLACE_BONUS
    elif p.places and story.places:
        score -= PLACE_PENALTY
    if p.actors & set(story.actors or []):
        score += ACTOR_BONUS
    if p.events & {tuple(x) for x in (story.events or [])}:
        score += EVENT_BONUS
    pd_ = [d for d in (_day(x) for x in p.dates) if d]
    sd = [d for d in (_day(x) for x in (story.dates or [])) if d]
    if pd_ and sd:
        gap = min(abs((a - b).days) for a in pd_ for b in sd)
        if gap > DATE_GAP_DAYS:
            score -= DATE_PENALTY
    return score


def _new_story(p: Profile) -> Story:
    return Story(id=record_id("corpus", "story", p.doc_id), title=p.title, vector=[], doc_ids=[])


def _add_member(story: Story, p: Profile) -> None:
    """Put a profiled document into a story: centroid, claim pool, places, dates; then choose the
    member claims of every article again and recount."""
    n = len(story.doc_ids)
    old = np.asarray(story.vector, dtype=np.float32) if story.vector else np.zeros_like(p.vector)
    c = (old * n + p.vector) / (n + 1)
    c = c / max(np.linalg.norm(c), 1e-9)
    story.vector = [round(float(x), 5) for x in c]
    story.doc_ids = list(story.doc_ids) + [p.doc_id]
    story.places = sorted({str(x) for x in story.places or []} | p.places)
    story.actors = sorted(set(story.actors or []) | p.actors)
    story.dates = sorted(set(story.dates or []) | set(p.dates))
    story.events = sorted({tuple(x) for x in (story.events or [])} | p.events)
    claims = sorted(p.claims, key=lambda cv: -float(cv[1] @ c))[:POOL_PER_DOC]
    fig_by_claim: dict[str, list] = {}
    for f in p.figures:
        if f.counts and f.claim:
            fig_by_claim.setdefault(f.claim, []).append(
                {"doc_id": p.doc_id, "value": f.value, "counts": f.counts, "actor": f.actor, "since": f.since,
                 "source": f.source, "approximate": f.approximate, "published": p.published})
    for cl, _ in claims:
        o = p.origins.get(cl.id) or {}
        story.pool.append({"doc_id": p.doc_id, "claim_id": cl.id, "text": cl.content.text,
                           "origin": o.get("key"), "origin_name": o.get("name"), "via": o.get("via") or [],
                           "private_person": bool(o.get("private_person")), "origin_actor": o.get("actor_name"),
                           "published": p.published, "outlet": p.outlet, "polarity": cl.polarity,
                           "certainty": cl.certainty, "figures": fig_by_claim.get(cl.id, [])})
    vecs = unpack(story.claim_vectors)
    new_vecs = np.array([v for _, v in claims], dtype=np.float32)
    story.claim_vectors = pack(np.vstack([vecs, new_vecs]) if len(vecs) else new_vecs)
    if n == 0:
        story.title = p.title
    select_members(story)
    recount(story)


def select_members(story: Story) -> None:
    """The claims of a story's articles, each with its closeness (to the story's centroid or to a
    claim of another article of the story); the *core* claims, close enough to be about the story
    (at least each article's closest), are the ones whose origins and figures count."""
    vecs = unpack(story.claim_vectors)
    c = np.asarray(story.vector, dtype=np.float32)
    docs = np.array([m["doc_id"] for m in story.pool])
    to_centroid = vecs @ c
    sims = vecs @ vecs.T
    close = to_centroid.copy()
    if len(set(docs)) > 1:
        other = docs[None, :] != docs[:, None]
        close = np.maximum(close, np.where(other, sims, -1.0).max(axis=1))
    members = []
    for did in dict.fromkeys(docs):
        idx = np.flatnonzero(docs == did)
        core = {i for i in idx if close[i] >= MEMBER_THRESHOLD} or {idx[int(np.argmax(close[idx]))]}
        for i in idx:
            members.append(dict(story.pool[i], closeness=round(float(close[i]), 3), core=bool(i in core)))
    story.members = members
    story.figures = [f for m in members if m["core"] for f in m.get("figures", [])]


_STOP = {"the", "of", "a", "an", "and", "s", "for", "in", "on", "who", "said", "that", "its", "his", "her"}


def _words(name: Optional[str]) -> frozenset:
    from .origins import fold_name

    return frozenset(w for w in fold_name(name or "").replace("-", " ").split() if w not in _STOP)


def _same_origin(a: dict, b: dict) -> bool:
    """Two origins are one when they have the same key, or one name's words contain the other's
    ("the defence ministry" / "Ministry of Defence of Ukraine", "Marchuk" / "Oleh Marchuk"),
    unless they are two different kinds of evidence item."""
    if a["key"] == b["key"]:
        return True
    ka, kb = a["key"].split("|", 1)[0], b["key"].split("|", 1)[0]
    if ka != kb and ka in ITEM_KINDS and kb in ITEM_KINDS:
        return False
    wa, wb = _words(a.get("actor_name") or a.get("name")), _words(b.get("actor_name") or b.get("name"))
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _doc_origins(ms: list[dict]) -> list[dict]:
    """The distinct origins of one article's member claims: the outlet's own voice only when
    nothing is attributed, unnamed sources only when nothing is named, and one evidence item per
    kind (an article's "video" is one video whoever is said to speak in it)."""
    cands = [{"key": m["origin"], "name": m.get("origin_name"), "actor_name": m.get("origin_actor"),
              "published": m.get("published"), "private": m.get("private_person"),
              "closeness": m.get("closeness", 1.0)} for m in ms if m.get("origin")]
    attributed = [o for o in cands if not o["key"].startswith("outlet:")]
    cands = attributed or cands
    # an outlet reporting without naming its source is an origin only when nothing else is
    first_hand = [o for o in cands if not o["key"].startswith("report|")]
    cands = first_hand or cands
    # the article's contribution to the story: the origins of its claims closest to the story
    best = max((o["closeness"] for o in cands if not o["key"].endswith("|unnamed")), default=None)
    if best is not None:
        # eyewitnesses the article quotes besides its main source are a separate origin
        witnesses = [o for o in cands if o.get("private") and o["key"].startswith("eyewitness|")
                     and o["closeness"] < best - PRIMARY_MARGIN]
        cands = [o for o in cands if o["closeness"] >= best - PRIMARY_MARGIN] + witnesses[:1]
    named = [o for o in cands if not o["key"].endswith("|unnamed")]
    cands = named or cands
    # private individuals quoted in an article built on one recording or video speak in it
    items = {o["key"].split("|", 1)[0] for o in cands} & {"video", "audio", "intercepted_communication"}
    if len(items) == 1:
        cands = [o for o in cands if not o.get("private")] or cands
    else:   # otherwise the private individuals an article quotes are one group of witnesses
        private = [o for o in cands if o.get("private")]
        cands = [o for o in cands if not o.get("private")] + private[:1]
    out: list[dict] = []
    for o in cands:
        kind = o["key"].split("|", 1)[0]
        item_twin = next((x for x in out if kind in ITEM_KINDS and x["key"].split("|", 1)[0] == kind), None)
        twin = item_twin or next((x for x in out if _same_origin(x, o)), None)
        if twin is None:
            out.append(o)
    return out


ITEM_KINDS = {"intercepted_communication", "video", "photo", "audio", "document", "satellite_imagery",
              "social_media_post"}


def _unidentified(o: dict) -> bool:
    """An origin nobody can check: unnamed sources, or the outlet's own voice."""
    return o["key"].endswith("|unnamed") or o["key"].startswith("outlet:")


def recount(story: Story) -> None:
    """Origins, echoes, contradictions and the timeline of a story, from its members."""
    by_doc: dict[str, list[dict]] = {}
    for m in story.members:
        by_doc.setdefault(m["doc_id"], []).append(m)
    order = sorted(by_doc, key=lambda d: (by_doc[d][0].get("published") or "9999",
                                          story.doc_ids.index(d) if d in story.doc_ids else 0))
    origins: list[dict] = []
    echoes, timeline = [], []
    for did in order:
        ms = [m for m in by_doc[did] if m.get("core", True)] or by_doc[did]
        if all(_unidentified({"key": m.get("origin") or "outlet:"}) for m in ms):
            # the article tells the story in its own voice ("The SBU has published a call in which
            # ..."): its origins are the sources it names further down, if it names any
            named = [m for m in by_doc[did] if m.get("origin") and not _unidentified({"key": m["origin"]})]
            ms = ms + named
        found = []
        # articles of the story that this one cites by outlet name ("the Kyiv Monitor reported")
        cited_words = [_words(v) for m in by_doc[did] for v in (m.get("via") or []) if v]
        cited_docs = {d for d in order if d != did and any(
            w and w <= _words(by_doc[d][0].get("outlet")) for w in cited_words)}
        for o in _doc_origins(ms):
            known = next((x for x in origins if any(_same_origin(y, o) for y in x["variants"])), None)
            if known is None and cited_docs:
                # the same kind of origin as the cited outlet's (its video, its statement) is that one
                kind = o["key"].split("|", 1)[0]
                known = next((x for x in origins if cited_docs & set(x["doc_ids"]) and
                              any(v["key"].split("|", 1)[0] == kind for v in x["variants"])), None)
            if known is None and o["key"].startswith("report|"):
                # an outlet citing another outlet of the story echoes what that outlet reported
                cited = _words(o.get("actor_name") or o.get("name"))
                src = next((d for d in order if d != did and cited and
                            cited <= _words(by_doc[d][0].get("outlet"))), None)
                if src is not None:
                    known = next((x for x in origins if src in x["doc_ids"]), None)
            if known is None and origins and _unidentified(o):
                # an article that names no source for what the story already has from an
                # identified origin cannot count as independent: it repeats the first origin
                known = origins[0]
            if known is None:
                known = {"key": o["key"], "name": o["name"], "first_seen": o["published"], "first_doc": did,
                         "doc_ids": [], "variants": []}
                origins.append(known)
                found.append((known, True))
            else:
                found.append((known, False))
            if not any(v["key"] == o["key"] for v in known["variants"]):
                known["variants"].append({"key": o["key"], "name": o["name"], "actor_name": o.get("actor_name")})
            if did not in known["doc_ids"]:
                known["doc_ids"].append(did)
        new = [o["key"] for o, is_new in found if is_new]
        vias = sorted({v for m in ms for v in (m.get("via") or []) if v})
        if found and not new:
            echoes.append({"doc_id": did, "origin": found[0][0]["key"], "via": vias or None,
                           "repeats": sorted({o["first_doc"] for o, _ in found})})
        elif vias:
            echoes.append({"doc_id": did, "origin": found[0][0]["key"] if found else None, "via": vias,
                           "repeats": []})
        timeline.append({"date": ms[0].get("published"), "doc_id": did, "outlet": ms[0].get("outlet"),
                         "new_origins": new, "echo": bool(found and not new)})
    story.origins = origins
    story.echoes = echoes
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
    not. Within one article several values of a measure are never a contradiction."""
    out = []
    groups: dict[tuple, list[dict]] = {}
    for f in story.figures or []:
        groups.setdefault((_measure(f), (f.get("since") or "").casefold()), []).append(f)
    for (measure, since), fs in groups.items():
        if not measure:
            continue
        fs = [f for f in fs if f.get("value") is not None]   # a vague quantity is a range, not a value
        exact = [f for f in fs if not f.get("approximate")] or fs
        by_doc: dict[str, set] = {}
        for f in exact:
            by_doc.setdefault(f["doc_id"], set()).add(f["value"])
        docs = list(by_doc)
        clash = set()
        for i, a in enumerate(docs):
            for b in docs[i + 1:]:
                va, vb = by_doc[a], by_doc[b]
                if va & vb:
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


def _polarity_clashes(story: Story) -> list[dict]:
    pool = getattr(story, "pool", None) or []
    vecs = unpack(story.claim_vectors)
    if not pool or len(vecs) != len(pool):
        return []
    row = {m["claim_id"]: i for i, m in enumerate(pool)}
    ms = [m for m in story.members if m["claim_id"] in row]
    out = []
    for i, a in enumerate(ms):
        for b in ms[i + 1:]:
            if a["doc_id"] == b["doc_id"] or (a.get("polarity") == "negated") == (b.get("polarity") == "negated"):
                continue
            sim = float(vecs[row[a["claim_id"]]] @ vecs[row[b["claim_id"]]])
            if sim >= POLARITY_SIMILARITY:
                out.append({"kind": "polarity", "similarity": round(sim, 3),
                            "claims": [{"claim_id": m["claim_id"], "doc_id": m["doc_id"], "text": m["text"],
                                        "polarity": m.get("polarity"), "source": m.get("origin_name")}
                                       for m in (a, b)]})
    return out


def update(corpus, doc_ids: Iterable[str], progress=None) -> list[str]:
    """Link newly stored documents into the stored stories; returns the ids of changed stories."""
    actor_kinds = {a.id: a.kind for a in corpus.records("actor")}
    stored_ids = set()
    stories = corpus.records("story")
    for s in stories:
        stored_ids.update(s.doc_ids or [])
    todo = [d for d in dict.fromkeys(doc_ids) if d not in stored_ids]
    profiles = profile_documents(corpus, todo, actor_kinds)
    profiles.sort(key=lambda p: (p.published or "9999", p.doc_id))
    index = StoryIndex(stories)
    changed: dict[str, Story] = {}
    for p in profiles:
        best, best_score = None, -1.0
        for story, sim in index.candidates(p.vector):
            s = join_score(p, story, sim)
            if s > best_score:
                best, best_score = story, s
        if best is None or best_score < JOIN_THRESHOLD:
            best = _new_story(p)
        _add_member(best, p)
        index.update(best)
        changed[best.id] = best
        if progress:
            progress()
    if changed:
        corpus.put_records(list(changed.values()))
    return list(changed)


def relink(corpus, progress=None) -> list[str]:
    """Forget all stories and link every stored document again, oldest first."""
    corpus.replace_corpus_records("story", [])
    return update(corpus, [d.id for d in corpus.documents(with_text=False)], progress)


def story_summary(story: Story) -> dict:
    docs = list(dict.fromkeys(m["doc_id"] for m in story.members))
    return {"id": story.id, "title": story.title, "first_seen": story.first_seen, "articles": len(docs),
            "claims": len(story.members), "independent_origins": len(story.origins),
            "echoes": len(story.echoes), "contradictions": len(story.contradictions),
            "origins": [o["name"] for o in story.origins]}


def outlets_of(story: Story) -> Counter:
    return Counter(m.get("outlet") or "?" for m in story.members)
