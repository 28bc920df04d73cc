"""Stories across articles: which reports are about the same event, from how many independent
origins, which articles echo (copy or relay) another report, and where figures or polarity
disagree.

An article is profiled once, when it is stored:

* a vector of meaning: the MiniLM sentence embedding of its headline and lead plus the mean of
  the static vectors (:mod:`claimgraph.encoders.static`, trained to land where MiniLM's would)
  of the few claims closest to them (:func:`choose_claims`), with place names written as the
  gazetteer spells them ("Cherson" -> "Kherson"); the headlines of many articles are embedded
  together, each read up to a bound, on one torch thread, in bfloat16 where the CPU has it in
  hardware, which keeps this a small part of an ingest;
* sparse TF-IDF views of its body, lead, names and numbers (:mod:`claimgraph.link.views`);
* the day its event happened and where that came from: publication date, dateline or the
  text's own dates (:mod:`claimgraph.link.dating`);
* the places (GeoNames ids) and actors it names, a MinHash signature of its text
  (:mod:`claimgraph.link.echoes`) and the origin of each claim (:mod:`claimgraph.link.origins`).

Stories are events, not topics. An article is compared with the *centroids* of candidate
stories (never with single members, so topics do not chain: A ~ B ~ C does not put A with C),
view by view; a learned scorer (:mod:`claimgraph.link.scorer`) weighs the similarities, shared
places and the date gap into the probability that the article reports the story's event, and
the article joins the most probable story above a threshold, else starts a new story.
Look-alike events (a second strike on one city, a second earthquake) differ in who, where,
when and the numbers, which the names, facts and date views see. Candidate stories come from an
approximate-nearest-neighbour index (usearch) over story centroids when there are many, so a
new article costs about the same whatever the corpus size. Only the stories an article joins
are rewritten.

New articles are linked a chunk at a time (``ingest`` links what it stores every few dozen
articles; ``link`` relinks the whole corpus as one chunk): a first pass on tentative copies of
the stories, then a second that lets each article of the chunk choose again among the stories
as the first pass left them (:func:`group`), where an article that restates the claims of one
report of a story at its place and day joins it too (:mod:`claimgraph.link.restatement`).

Inside a story, what its articles bring (members, origins, echoes, contradictions) is
:mod:`claimgraph.link.provenance`.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

import numpy as np

from ..model import Story, record_id
from ..encoders import sentence as _embed
from ..encoders import static as _static
from . import scorer as _scorer
from . import views as V
from .dating import find_date
from .echoes import find_echoes, signature
from .restatement import CLAIM_JOIN, claim_similarity, same_time_and_place
from .origins import document_origins
from .provenance import recount, select_members
from .views import claim_matrix, pack

#: claims of one article kept in a story's pool (the closest to the story)
POOL_PER_DOC = 25
ANN_MIN_STORIES = 256
#: candidate stories scored for each article (nearest centroids of meaning)
CANDIDATES = 20
MIN_CLAIM_WORDS = 3
#: claims of an article embedded for linking (see :func:`choose_claims`)
CLAIMS_EMBEDDED = 10
#: characters of an article's first paragraph embedded with its headline
HEAD_CHARS = 300
#: documents whose texts are embedded in one call, sentences per forward pass, and the word
#: pieces read of each (a claim's first 64 say what it is about)
EMBED_DOCS = 64
EMBED_BATCH = 64
EMBED_TOKENS = 64


@dataclass
class Profile:
    doc_id: str
    outlet: Optional[str]
    published: Optional[str]
    title: str
    vector: np.ndarray
    claims: list = field(default_factory=list)          # (claim, vector)
    origins: dict = field(default_factory=dict)         # claim id -> origin
    date: Optional[str] = None                          # ISO day the article's event happened
    dated_by: Optional[str] = None                      # published | dateline | text
    views: dict = field(default_factory=dict)           # view -> sparse unit vector
    places: set = field(default_factory=set)
    actors: set = field(default_factory=set)
    figures: list = field(default_factory=list)
    text: str = ""
    signature: str = ""                                 # MinHash of its word shingles

    @functools.cached_property
    def claim_matrix(self) -> np.ndarray:
        """The claims' vectors as one matrix (a row a claim)."""
        return np.array([v for _, v in self.claims], dtype=np.float32)

    @property
    def dates(self) -> list[str]:
        return [self.date] if self.date else []


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


def choose_claims(claims: list, head: str, limit: int = CLAIMS_EMBEDDED) -> list:
    """The claims of an article that are embedded for linking: at most ``limit``, those whose
    words are closest to its headline and lead (what the article is about), earlier claims first
    among equals; returned in text order. A news article puts its event first, and only the
    claims closest to a story count for its origins, so the rest cost time for nothing."""
    if len(claims) <= limit:
        return list(claims)
    lead = V._weigh(Counter(V.words(head)))
    scored = []
    for i, c in enumerate(claims):
        mine = V._weigh(Counter(V.words(c.content.text)))
        scored.append((V.cosine(mine, lead) + 0.2 / (1.0 + i / 4.0), -i, c))
    keep = {id(c) for _, _, c in sorted(scored, key=lambda x: x[:2], reverse=True)[:limit]}
    return [c for c in claims if id(c) in keep]


#: record types profiling reads of every document
PROFILE_TYPES = ("claim", "place", "time", "figure", "actor_mention", "attribution")


class _Prefetched:
    """The documents and records profiling reads for a chunk of documents, fetched with one
    query per record type (not one per document and type); answers ``document(id)`` and
    ``records(type, id)`` as the store does for these documents."""

    def __init__(self, corpus, doc_ids: list[str]):
        self.docs = corpus.documents_by_id(doc_ids)
        self.by_type = {t: corpus.records_by_document(t, doc_ids) for t in PROFILE_TYPES}

    def document(self, did: str):
        return self.docs.get(did)

    def records(self, type_: str, did: str) -> list:
        return self.by_type[type_].get(did, [])


def _prepare(corpus, did: str, actor_kinds: dict[str, str], media: set) -> Optional[dict]:
    """What profiling needs from the store (or a :class:`_Prefetched` chunk of it) for one
    document, and the texts to embed (None for a document not stored or without a claim)."""
    doc = corpus.document(did)
    if doc is None:
        return None
    claims = [c for c in corpus.records("claim", did)
              if not c.boilerplate and len(c.content.text.split()) >= MIN_CLAIM_WORDS]
    if not claims:
        return None
    lead = doc.text.strip().split("\n\n")[0][:HEAD_CHARS] if doc.text else ""
    head = " ".join(x for x in (doc.title, lead) if x)
    places = corpus.records("place", did)
    canon = canonical_places(places)
    claims = choose_claims(claims, head)
    return {"doc": doc, "claims": claims, "places": places,
            "head": canon(head), "claim_texts": [canon(c.content.text) for c in claims],
            "times": corpus.records("time", did), "figures": corpus.records("figure", did),
            "actors": {m.actor_id for m in corpus.records("actor_mention", did) if m.actor_id not in media},
            "origins": document_origins(corpus, did, doc.outlet, actor_kinds)}


def _profile(item: dict, head: np.ndarray, claim_vecs: np.ndarray) -> Profile:
    doc, claims, places = item["doc"], item["claims"], item["places"]
    claim_mean = claim_vecs.mean(axis=0)
    v = head + claim_mean / max(np.linalg.norm(claim_mean), 1e-9)
    v = v / max(np.linalg.norm(v), 1e-9)
    date, dated_by = find_date(doc.published, doc.text, item["times"])
    # specific places: not countries (they say little about which event), not ambiguous ones
    place_keys = {str(p.geonameid or f"{p.name}|{p.country}") for p in places
                  if p.name and not p.ambiguous and not (p.feature_class == "A" and not p.admin1)
                  and p.role != "nationality"}
    place_names = [p.name.casefold() for p in places if p.name and not p.ambiguous]
    return Profile(
        doc_id=doc.id, outlet=doc.outlet, published=doc.published, title=doc.title or headline_from(doc.text),
        vector=v, claims=list(zip(claims, claim_vecs)), origins=item["origins"],
        date=date, dated_by=dated_by,
        views=V.article_views(doc.title, doc.text, place_names),
        places=place_keys, actors=item["actors"],
        figures=item["figures"], text=doc.text, signature=signature(doc.text))


def claim_vectors(texts: list[str]) -> np.ndarray:
    """Vectors of claims in MiniLM's space: static ones (:mod:`claimgraph.encoders.static`), or
    the hashed stand-ins of :func:`claimgraph.encoders.sentence.embed` without MiniLM."""
    if _static.available():
        return _static.embed(texts)
    return _embed.embed(texts)


def profile_documents(corpus, doc_ids: Iterable[str], actor_kinds: dict[str, str]) -> list[Profile]:
    """Profiles of stored, analysed documents (others are skipped). The headlines and leads of up
    to ``EMBED_DOCS`` documents go through MiniLM in one call: a long batch sorted by length
    costs far less per text than one short call per article, and one torch thread does it at the
    lowest cost (see :func:`claimgraph.encoders.sentence.embed`); their claims get static vectors
    in the same space (:func:`claim_vectors`). Each record type of a chunk of documents is read
    from the store in one query."""
    out = []
    media = {a for a, k in actor_kinds.items() if k == "media_outlet"}
    ids = list(doc_ids)
    for start in range(0, len(ids), EMBED_DOCS):
        chunk = ids[start:start + EMBED_DOCS]
        fetched = _Prefetched(corpus, chunk)
        items = [x for x in (_prepare(fetched, d, actor_kinds, media) for d in chunk) if x]
        if not items:
            continue
        heads = _embed.embed([x["head"] for x in items], batch_size=EMBED_BATCH,
                             max_tokens=EMBED_TOKENS, threads=1, bfloat16=True)
        claims = claim_vectors([t for x in items for t in x["claim_texts"]])
        at = 0
        for x, head in zip(items, heads):
            out.append(_profile(x, head, claims[at:at + len(x["claim_texts"])]))
            at += len(x["claim_texts"])
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


def _new_story(p: Profile) -> Story:
    return Story(id=record_id("corpus", "story", p.doc_id), title=p.title, vector=[], doc_ids=[])


def absorb(story: Story, p: Profile) -> None:
    """Add an article to a story's linking state: centroids of meaning and of every view,
    places, actors, dates and the article's own entry (date, its source, text signature)."""
    n = len(story.doc_ids)
    old = np.asarray(story.vector, dtype=np.float32) if story.vector else np.zeros_like(p.vector)
    c = (old * n + p.vector) / (n + 1)
    c = c / max(np.linalg.norm(c), 1e-9)
    story.vector = [round(float(x), 5) for x in c]
    story.views = {v: V.add_to_centroid((story.views or {}).get(v, {}), p.views.get(v, {})) for v in V.VIEWS}
    story.doc_ids = list(story.doc_ids) + [p.doc_id]
    story.places = sorted({str(x) for x in story.places or []} | p.places)
    story.actors = sorted(set(story.actors or []) | p.actors)
    story.dates = sorted(set(story.dates or []) | set(p.dates))
    story.articles = list(story.articles or []) + [
        {"doc_id": p.doc_id, "outlet": p.outlet, "published": p.published, "date": p.date,
         "dated_by": p.dated_by, "signature": p.signature}]
    if n == 0:
        story.title = p.title


def _add_member(story: Story, p: Profile, texts: Callable[[str], str]) -> None:
    """Put a profiled document into a story: linking state and claim pool; then choose the member
    claims of every article again, find echoes and recount origins."""
    absorb(story, p)
    claims = _pooled(story, p)
    fig_by_claim: dict[str, list] = {}
    for f in p.figures:
        if f.counts and f.claim:
            fig_by_claim.setdefault(f.claim, []).append(
                {"doc_id": p.doc_id, "value": f.value, "counts": f.counts, "actor": f.actor, "since": f.since,
                 "source": f.source, "approximate": f.approximate, "published": p.published})
    for cl, _ in claims:
        o = p.origins.get(cl.id) or {}
        story.pool.append({"doc_id": p.doc_id, "claim_id": cl.id, "text": cl.content.text,
                           "start": cl.content.start, "end": cl.content.end,
                           "origin": o.get("key"), "origin_name": o.get("name"), "via": o.get("via") or [],
                           "private_person": bool(o.get("private_person")), "origin_actor": o.get("actor_name"),
                           "published": p.published, "outlet": p.outlet, "polarity": cl.polarity,
                           "certainty": cl.certainty, "figures": fig_by_claim.get(cl.id, [])})
    _append_vectors(story, claims)
    select_members(story)
    story.echoes = [e for e in story.echoes or [] if e.get("doc_id") != p.doc_id] + find_echoes(story, p, texts)
    recount(story)


def _pooled(story: Story, p: Profile) -> list:
    """The claims of an article that join its story's pool: the closest to the story's centroid
    (call after :func:`absorb`)."""
    c = np.asarray(story.vector, dtype=np.float32)
    return sorted(p.claims, key=lambda cv: -float(cv[1] @ c))[:POOL_PER_DOC]


def _append_vectors(story: Story, claims: list) -> None:
    vecs = claim_matrix(story)
    new_vecs = np.array([v for _, v in claims], dtype=np.float32)
    story.claim_vectors = pack(np.vstack([vecs, new_vecs]) if len(vecs) else new_vecs)


def _tentative(story: Story) -> Story:
    """A copy of a story that :func:`_try_member` can change without touching the story."""
    return dataclasses.replace(story, pool=list(story.pool or []))


def _try_member(story: Story, p: Profile) -> None:
    """Put an article into a tentative story as far as choosing a story reads it: centroids,
    what it names, its dates, and its claims' vectors in the pool (for restatements)."""
    absorb(story, p)
    claims = _pooled(story, p)
    story.pool = story.pool + [{"doc_id": p.doc_id, "claim_id": cl.id} for cl, _ in claims]
    _append_vectors(story, claims)


#: verification before a join: an article published more than this many days from every
#: published article of a story reports another event (two strikes on one city a week apart)
PUBLISHED_GAP_DAYS = 5


def verified(p: Profile, story: Story) -> bool:
    """Publication dates, when both sides have them, must be within PUBLISHED_GAP_DAYS. Dates
    found in a dateline or the text do not veto a join (the scorer weighs them): they are often
    the dates of follow-up coverage, not of the event."""
    if p.dated_by != "published":
        return True
    theirs = [a["date"] for a in story.articles or [] if a.get("dated_by") == "published" and a.get("date")]
    if not theirs:
        return True
    mine = dt.date.fromisoformat(p.date)
    return min(abs((mine - dt.date.fromisoformat(d)).days) for d in theirs) <= PUBLISHED_GAP_DAYS


#: another event at the same place and with the same people: an article whose names (people,
#: places, organisations) are this close to a story's ...
SAME_NAMES = 0.8
#: ... but whose other words (what happened, to what) share less than this with it. Chosen on
#: the tuning ECB+ topics: no article of a story there shares names at 0.8 or more with it and
#: fewer than 0.17 of the other words, and the check leaves their clustering unchanged (B-cubed
#: F1 0.922; at names 0.7 it would split true reports: 0.912).
DIFFERENT_ACT = 0.12
_NAMES, _WHAT = _scorer.FEATURES.index("names"), _scorer.FEATURES.index("what")


def another_act(row: np.ndarray) -> bool:
    """True when a feature row (:func:`claimgraph.link.scorer.features`) says the article names
    the story's people and places but tells another act (a second strike on one city reported
    through one governor: "guided bomb", "apartment block" against "drones", "tram depot"). The
    scorer, trained on corpora whose look-alike events differ in their names, weighs this
    little, so it is checked apart, dated or not."""
    return row[_NAMES] >= SAME_NAMES and row[_WHAT] < DIFFERENT_ACT


def _scored(p: Profile, story: Story, dense: float, weights: Optional[dict] = None) -> Optional[tuple[float, np.ndarray]]:
    """Probability that the article reports the story's event (the learned scorer) and the
    feature row it was computed from, or None when it cannot join it: publication dates too far
    apart, or another act told with the story's names."""
    if not verified(p, story):
        return None
    row = _scorer.features(p, story, dense)
    return None if another_act(row) else (_scorer.probability(row, weights), row)


def choose_story(index: "StoryIndex", p: Profile, weights: Optional[dict] = None,
                 restate: bool = True) -> tuple[Optional[Story], float]:
    """The verified candidate story the article most probably reports, and that probability. A
    story the article is already in counts with the article in its centroids (never the story
    of that article alone). With ``restate``, a story whose claims the article restates
    (:func:`claimgraph.link.restatement.claim_similarity`, against the story's other reports) at
    its place and day counts as probable as the threshold at least."""
    best, best_prob = None, -1.0
    floor = _scorer.threshold(weights)
    for story, dense in index.candidates(p.vector):
        if story.doc_ids == [p.doc_id]:          # its own story of one (when choosing again)
            continue
        scored = _scored(p, story, dense, weights)
        if scored is None:
            continue
        prob, row = scored
        # its claims say what the story's claims say (two reports with different framings of
        # one set of facts): as probable as the threshold at least. Compared only where that
        # can change the choice (neither this story nor a story before it clears the threshold)
        if restate and prob < floor and best_prob < floor and same_time_and_place(row) \
                and claim_similarity(p, story) >= CLAIM_JOIN:
            prob = floor
        if prob > best_prob:
            best, best_prob = story, prob
    return best, best_prob


@contextlib.contextmanager
def _earlier_objects_frozen():
    """Cyclic garbage collections while linking leave alone the objects the process held before
    (after an ingest: the pipeline, the models, their caches; hundreds of thousands of objects
    that a full collection would walk again each time); they are back in the collector's care
    after. Does nothing when something else froze objects already."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def update(corpus, doc_ids: Iterable[str], progress=None) -> list[str]:
    """Link newly stored documents into the stored stories; returns the ids of changed stories."""
    with _earlier_objects_frozen():
        return _update(corpus, doc_ids, progress)


def _update(corpus, doc_ids: Iterable[str], progress=None) -> list[str]:
    actor_kinds = {a.id: a.kind for a in corpus.records("actor")}
    stored_ids = set()
    stories = corpus.records("story")
    for s in stories:
        stored_ids.update(s.doc_ids or [])
    todo = [d for d in dict.fromkeys(doc_ids) if d not in stored_ids]
    profiles = profile_documents(corpus, todo, actor_kinds)
    profiles.sort(key=lambda p: (p.date or "9999", p.doc_id))
    new_texts = {p.doc_id: p.text for p in profiles}

    def texts(did: str) -> str:
        if did not in new_texts:
            doc = corpus.document(did)
            new_texts[did] = doc.text if doc is not None else ""
        return new_texts[did]

    changed = link_profiles(profiles, stories, texts, progress)
    if changed:
        corpus.put_records(changed)
    return [s.id for s in changed]


def group(profiles: list[Profile], stories: list[Story], weights: Optional[dict] = None) -> dict[str, str]:
    """Doc id -> story key for new articles (in the given order) against ``stories``: the id of
    the story an article joins, or ``own:<doc id>`` for a story of its own.

    One incremental pass puts each article into the most probable story above the threshold (a
    tentative copy of it) or a new one, on the scorer alone. Then each article goes to the story
    whose full centroid it most probably reports, or which restates its claims
    (:func:`choose_story`), else to a story of its own. The second pass undoes joins made while a
    story's centroid was still one or two articles, so the stories depend less on how the
    articles were cut into chunks; restatements are judged only there, against stories as the
    scorer built them, so that one restatement join does not bring the claims the next one
    matches. Two articles that each choose the other's first story are put together."""
    threshold = _scorer.threshold(weights)
    index = StoryIndex(stories)
    tentative: dict[str, Story] = {}
    first: dict[str, str] = {}
    for p in profiles:
        best, prob = choose_story(index, p, weights, restate=False)
        if best is None or prob < threshold:
            best = _new_story(p)
        story = tentative.get(best.id) or tentative.setdefault(best.id, _tentative(best))
        _try_member(story, p)
        index.update(story)
        first[p.doc_id] = best.id
    out = {}
    for p in profiles:
        best, prob = choose_story(index, p, weights)
        out[p.doc_id] = best.id if best is not None and prob >= threshold else f"own:{p.doc_id}"
    members: dict[str, list[str]] = {}
    for did, key in first.items():
        members.setdefault(key, []).append(did)
    for did, key in out.items():
        for other in members.get(key, ()):
            if other != did and out[other] == first[did] != key:     # they swapped stories
                out[other] = key
    return out


def link_profiles(profiles: list[Profile], stories: list[Story], texts: Callable[[str], str],
                  progress=None) -> list[Story]:
    """Link profiled new articles into ``stories`` (:func:`group`) and return the stories that
    changed: the stored ones they joined and the new ones, with members, origins and echoes."""
    groups = group(profiles, stories)
    stored = {s.id: s for s in stories}
    changed: dict[str, Story] = {}
    for p in profiles:
        key = groups[p.doc_id]
        story = changed.get(key) or changed.setdefault(key, stored.get(key) or _new_story(p))
        _add_member(story, p, texts)
        if progress:
            progress()
    return list(changed.values())


def relink(corpus, progress=None) -> list[str]:
    """Forget all stories and link every stored document again, oldest first, as one chunk of
    :func:`update`."""
    with _earlier_objects_frozen():
        return _relink(corpus, progress)


def _relink(corpus, progress=None) -> list[str]:
    corpus.replace_corpus_records("story", [])
    return _update(corpus, [d.id for d in corpus.documents(with_text=False)], progress)


def story_summary(story: Story) -> dict:
    docs = list(dict.fromkeys(m["doc_id"] for m in story.members))
    return {"id": story.id, "title": story.title, "first_seen": story.first_seen, "articles": len(docs),
            "claims": len(story.members), "independent_origins": len(story.origins),
            "echoes": len(story.echoes), "contradictions": len(story.contradictions),
            "origins": [o.get("canonical") or o["name"] for o in story.origins]}


def outlets_of(story: Story) -> Counter:
    return Counter(m.get("outlet") or "?" for m in story.members)
