"""The record types of claimgraph, as dataclasses; nothing else.

Every record that comes from a document points back to exact character offsets in the
document's stored text through :class:`Span` (``text[span.start:span.end] == span.text``).

Record ids are deterministic (a hash of document id, record type and offsets), so analysing
the same text twice gives the same ids and re-ingest is idempotent.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Optional

SCHEMA_VERSION = 1

#: closed vocabulary of evidence types (see README, "Evidence types")
EVIDENCE_TYPES = (
    "intercepted_communication", "video", "photo", "audio", "document", "satellite_imagery",
    "social_media_post", "official_statement", "interview", "estimate",
    "intelligence_assessment", "eyewitness", "unnamed_source", "unspecified",
)
#: the evidence types that are an item: a thing someone can release, share and re-report
ITEM_EVIDENCE = frozenset({"intercepted_communication", "video", "photo", "audio", "document", "satellite_imagery",
                           "social_media_post"})
QUOTE_TYPES = ("direct", "indirect", "mixed")
CERTAINTY = ("certain", "probable", "possible", "unknown")
POLARITY = ("asserted", "negated")
OUTLET_STANCE = ("endorses", "neutral", "distances", "unverified", "disputes")


def record_id(doc_id: str, kind: str, *parts: Any) -> str:
    """A short deterministic id for a record of ``kind`` in document ``doc_id``."""
    h = hashlib.sha1("|".join([doc_id, kind, *map(str, parts)]).encode("utf-8")).hexdigest()
    return f"{kind[:3]}_{h[:16]}"


@dataclass
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        return cls(start, end, text[start:end])

    @classmethod
    def from_spacy(cls, span) -> "Span":  # a spaCy Span or Token
        if hasattr(span, "start_char"):
            return cls(span.start_char, span.end_char, span.text)
        return cls(span.idx, span.idx + len(span.text), span.text)


@dataclass
class Document:
    id: str
    text: str
    url: Optional[str] = None
    outlet: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None      # ISO date (YYYY-MM-DD) or None when unknown
    language: Optional[str] = None       # ISO 639-1 code
    source: Optional[str] = None         # where it was read from (path, URL, feed#entry)
    meta: dict = field(default_factory=dict)


@dataclass
class Attribution:
    """Who said what: ``sources`` said ``contents``, signalled by ``cue``."""
    id: str
    doc_id: str
    cue: Optional[Span]
    sources: list[Span] = field(default_factory=list)
    contents: list[Span] = field(default_factory=list)
    quote_type: str = "indirect"             # direct | indirect | mixed
    evidence: str = "unspecified"            # one of EVIDENCE_TYPES
    evidence_cue: Optional[Span] = None      # the words that set the evidence type
    parent: Optional[str] = None             # id of the attribution whose content holds this one
    resolved_source: Optional[Span] = None   # antecedent mention when the source is "she", "the woman"
    source_actor: Optional[str] = None       # actor id of the (resolved) source, when known
    # a hop of another attribution's source chain, not a statement of its own: the relay phrase
    # ("citing", "told", "interview", "quoted") that put this source into the chain; the statement's
    # own attribution shares its content and is linked to it through ``parent``
    relay: Optional[str] = None
    confidence: float = 1.0


@dataclass
class Claim:
    """A proposition the text puts forward, and how strongly, and on whose word."""
    id: str
    doc_id: str
    content: Span
    attribution: Optional[str] = None        # None: asserted by the outlet itself
    polarity: str = "asserted"
    certainty: str = "certain"
    hedges: list[Span] = field(default_factory=list)        # cues that lowered certainty
    hedge_owner: Optional[str] = None        # "source" | "outlet" | None
    outlet_stance: str = "endorses"
    stance_cue: Optional[Span] = None
    depth: int = 0                           # 0 = outlet itself; 1 = outlet -> source; ...
    chain: list[str] = field(default_factory=list)   # source names, outermost first
    boilerplate: bool = False                # caption, summary bullet: not an extra claim
    # learned event factuality of the claim's main predicate, -3 (presented as not having
    # happened) .. +3 (as having happened); see analyse/factuality.py
    factuality: Optional[float] = None


@dataclass
class Actor:
    """A canonical actor (from the actor dictionary, or grouped by normalized name)."""
    id: str
    name: str
    kind: str = "unknown"
    country: Optional[str] = None
    aliases: list[str] = field(default_factory=list)
    qid: Optional[str] = None
    affiliation: Optional[str] = None        # the body or country a source belongs to, as the text gives it
    role: Optional[str] = None               # a person's role ("spokesman", "governor")


@dataclass
class ActorMention:
    id: str
    doc_id: str
    span: Span
    actor_id: str
    name: str                                # canonical name
    kind: str = "unknown"
    resolved_from: Optional[Span] = None     # for pronouns/descriptions: the antecedent
    confidence: float = 1.0


@dataclass
class Place:
    id: str
    doc_id: str
    mention: Span
    geonameid: Optional[int] = None
    name: Optional[str] = None
    admin1: Optional[str] = None
    country: Optional[str] = None            # ISO 3166-1 alpha-2
    lat: Optional[float] = None
    lon: Optional[float] = None
    feature_class: Optional[str] = None
    role: str = "mentioned"                  # event_location | mentioned | nationality ("Russian") | seat ("Fargo Police") | government ("Moscow said")
    ambiguous: bool = False
    candidates: list[dict] = field(default_factory=list)   # ranked alternatives
    confidence: float = 1.0


@dataclass
class Time:
    id: str
    doc_id: str
    mention: Span
    value: Optional[str] = None              # ISO date / month (YYYY-MM) / year, when resolvable
    start: Optional[str] = None              # range start (ISO date)
    end: Optional[str] = None                # range end (ISO date)
    granularity: str = "day"                 # day | week | month | year | duration | unknown
    anchor: Optional[str] = None             # the publication date used, or None
    year: Optional[int] = None
    month: Optional[int] = None
    day: Optional[int] = None


@dataclass
class Figure:
    id: str
    doc_id: str
    mention: Span
    value: Optional[float]                   # None for a vague quantity ("hundreds"): see low/high
    approximate: bool = False
    qualifier: Optional[str] = None          # about | more than | up to | at least | ...
    counts: Optional[str] = None             # what is counted ("soldiers")
    actor: Optional[str] = None              # whose ("Russian army")
    since: Optional[str] = None              # period start, as written ("February")
    since_time: Optional[str] = None         # id of a Time record
    as_of: Optional[str] = None
    source: Optional[str] = None             # the attributed source's text
    attribution: Optional[str] = None
    claim: Optional[str] = None
    low: Optional[float] = None              # the range a vague or bounded quantity stands for
    high: Optional[float] = None


@dataclass
class Event:
    id: str
    doc_id: str
    trigger: Span
    type: str = ""                           # PLOVER category
    acled_event_type: Optional[str] = None
    acled_sub_event_type: Optional[str] = None
    mode: Optional[str] = None
    source_actor: Optional[str] = None
    target_actor: Optional[str] = None
    place: Optional[str] = None              # id of a Place record
    time: Optional[str] = None               # id of a Time record
    claim: Optional[str] = None              # id of the Claim that reports it
    certainty: str = "certain"
    polarity: str = "asserted"
    sentence: Optional[Span] = None
    # the PLOVER category again: the export dicts use ``type`` for the record type, so the
    # category survives a store/export round trip through this field
    plover: Optional[str] = None

    def __post_init__(self):
        self.type = self.type or self.plover or ""
        self.plover = self.plover or self.type or None


@dataclass
class Story:
    id: str
    title: str
    members: list[dict] = field(default_factory=list)   # {"doc_id", "claim_id", "origin"}
    origins: list[dict] = field(default_factory=list)   # independent origins
    echoes: list[dict] = field(default_factory=list)
    contradictions: list[dict] = field(default_factory=list)
    first_seen: Optional[str] = None
    # linking state (claimgraph/link/stories.py): member articles, centroid, what they name
    doc_ids: list[str] = field(default_factory=list)
    vector: list[float] = field(default_factory=list)
    places: list[int] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    events: list[list] = field(default_factory=list)    # [PLOVER category, GeoNames id] its articles report
    figures: list[dict] = field(default_factory=list)
    timeline: list[dict] = field(default_factory=list)
    pool: list[dict] = field(default_factory=list)      # candidate claims of the member articles
    claim_vectors: str = ""                  # their vectors, base64 float16, aligned with pool
    views: dict = field(default_factory=dict)           # sparse centroids per view (claimgraph/link/views.py)
    articles: list[dict] = field(default_factory=list)  # per article: date and its source, text signature


RECORD_TYPES = {
    "document": Document, "attribution": Attribution, "claim": Claim, "actor": Actor,
    "actor_mention": ActorMention, "place": Place, "time": Time, "figure": Figure,
    "event": Event, "story": Story,
}
TYPE_OF = {cls: name for name, cls in RECORD_TYPES.items()}


def to_dict(record) -> dict:
    """The record as a plain dict with a ``type`` field (the JSONL export shape)."""
    d = asdict(record)
    d["type"] = TYPE_OF[type(record)]
    return d


def from_dict(d: dict):
    """Rebuild a record from :func:`to_dict` output."""
    d = dict(d)
    cls = RECORD_TYPES[d.pop("type")]
    kwargs = {}
    for f in fields(cls):
        if f.name not in d:
            continue
        v = d[f.name]
        kwargs[f.name] = _revive(v)
    return cls(**kwargs)


def _revive(v):
    if isinstance(v, dict) and set(v) == {"start", "end", "text"}:
        return Span(**v)
    if isinstance(v, list):
        return [_revive(x) for x in v]
    return v


def iter_spans(record):
    """Every Span inside a record (for the offsets invariant)."""
    for f in fields(record):
        v = getattr(record, f.name)
        if isinstance(v, Span):
            yield v
        elif isinstance(v, list):
            for x in v:
                if isinstance(x, Span):
                    yield x
