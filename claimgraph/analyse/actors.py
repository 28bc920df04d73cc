"""Actor mentions resolved to canonical actors (the ``claimgraph_actors`` component, a factory in
:mod:`.sources`, runs :func:`find_actors` and then gives each attribution its source actor).

Mentions come from the actor dictionary (``claimgraph/assets/actors.yaml``, matched with a
spaCy PhraseMatcher on lower-cased text, "Defense"/"Defence" both ways) and from spaCy's
PERSON/ORG/NORP entities. An entity the matcher missed still joins a dictionary actor when
its transliteration-insensitive key (:func:`skeleton`: "Wolodymyr Selenskyj", "Volodymyr
Zelenskiy" and "Volodymyr Zelensky" share one) equals one of the actor's names.

Mentions that match no dictionary entry are still actors: their id is ``name:<skeleton>``,
so spellings of one name group within and across articles; a surname alone ("Mamulashvii")
joins the earlier full name ("Mamuka Mamulashvii") in the same article; a definite
description ("the ministry", "the broadcaster") joins the nearest earlier actor it describes.
Their kind is guessed from their head words ("... Ministry" a government agency, "... Brigade"
a military unit, "... News" a media outlet), else from the entity type.

Each attribution gets the ``source_actor`` of the mention that heads its (resolved) source. A
demonym inside a description ("the wife of a Russian soldier", "an independent Russian media
outlet") is not the source: a source no actor heads becomes an actor of its own (see
:mod:`.sources`), with its best name, kind, role and affiliation.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Optional

import numpy as np
import yaml
from spacy.attrs import ORTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..assets import ASSETS
from ..model import Actor, ActorMention, Span, record_id
from .attribution.lexicon import doc_text
from .extensions import doc_id, register

register()

DICT_PATH = ASSETS / "actors.yaml"
NER_KINDS = {"PERSON": "person", "ORG": "organization", "NORP": "group"}


#: actor files beyond the bundled one, from the ``claimgraph_actors`` component's ``dictionaries``
#: setting (see :func:`use_dictionaries`)
_EXTRA: tuple[str, ...] = ()


def use_dictionaries(paths) -> None:
    """Read these actor files (same format as the bundled one) after the bundled dictionary and
    ``$CLAIMGRAPH_ACTORS``: the ``claimgraph_actors`` component's ``dictionaries`` setting. The
    dictionary is one per process, read by every lookup, so the caches built on it start over."""
    global _EXTRA
    paths = tuple(str(p) for p in paths or ())
    if paths == _EXTRA:
        return
    _EXTRA = paths
    import sys

    caches = [dictionary, _matcher, _skeleton_index, _indexes, lookup, source_kind]
    roles = sys.modules.get("claimgraph.analyse.places.roles")   # the names no place may take
    if roles is not None:
        caches += [roles.actor_names, roles._dictionary_ids]
    for cached in caches:
        cached.cache_clear()


@functools.lru_cache(maxsize=1)
def dictionary() -> dict[str, dict]:
    """The bundled dictionary, then the files named in ``$CLAIMGRAPH_ACTORS`` (separated by the
    OS path separator), then those of the component's ``dictionaries`` setting (same format; an
    entry with a known id replaces it). See assets/ACTORS.md."""
    import os

    paths = [DICT_PATH] + [Path(p) for p in os.environ.get("CLAIMGRAPH_ACTORS", "").split(os.pathsep) if p] \
        + [Path(p) for p in _EXTRA]
    out: dict[str, dict] = {}
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for a in (yaml.safe_load(fh) or {}).get("actors") or []:
                if not a.get("id") or not a.get("name"):
                    raise ValueError(f"{path}: every actor needs an id and a name ({a!r})")
                out[a["id"]] = a
    return out


def _variants(alias: str) -> set[str]:
    return {alias, alias.replace("Defense", "Defence"), alias.replace("Defence", "Defense")}


@functools.lru_cache(maxsize=4)
def _matcher(vocab) -> PhraseMatcher:
    m = PhraseMatcher(vocab, attr="LOWER")
    from spacy.lang.en import English

    tok = English().tokenizer
    for aid, a in dictionary().items():
        names = {a["name"], *a.get("aliases", [])}
        m.add(aid, [tok(v) for n in names for v in _variants(n)])
    return m


@functools.lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """``name`` lower-cased, transliterated to ASCII, without a possessive "'s" or a leading
    "the" (cached per process: an article's names repeat, and so do they across articles)."""
    from unidecode import unidecode

    s = re.sub(r"['’]s\b", "", unidecode(name).lower())
    s = re.sub(r"^(the)\s+", "", s)
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


@functools.lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """A key that one name's English, German and other Latin transliterations share:
    Selenskyj / Zelenskyy / Zelensky -> "zelenski", Schoigu / Shoigu -> "shoigu",
    Prigoschin / Prigozhin -> "prigoshin", Gerassimow / Gerasimov -> "gerasimov" (cached per
    process like :func:`fold`)."""
    from .places.gazetteer import german_to_english

    out = []
    for word in fold(name).split():
        w = german_to_english(word).replace("ts", "z").replace("zh", "sh")
        w = w.replace("y", "i").replace("j", "i")
        w = re.sub(r"(.)\1+", r"\1", w)
        out.append(w)
    return " ".join(out)


@functools.lru_cache(maxsize=1)
def _skeleton_index() -> dict[str, str]:
    """skeleton of every dictionary name and alias -> actor id (ambiguous keys left out)."""
    seen: dict[str, set] = {}
    for aid, a in dictionary().items():
        for n in {a["name"], *a.get("aliases", [])}:
            for v in _variants(n):
                k = skeleton(v)
                if len(k) >= 4:
                    seen.setdefault(k, set()).add(aid)
    return {k: next(iter(ids)) for k, ids in seen.items() if len(ids) == 1}


#: head words of an organisation's name -> the kind of actor it is (the dictionary's vocabulary)
KIND_WORDS = [
    (re.compile(r"\b(intelligence|security service|counter-?intelligence)\b", re.I), "intelligence_service"),
    (re.compile(r"\b(news|times|post|tv|radio|television|press|journal|gazette|media|broadcaster|herald|"
                r"tribune|daily|weekly|telegraph|observer|pravda|izvestia|guardian|reuters|channel|magazine)\b",
                re.I), "media_outlet"),
    (re.compile(r"\b(brigade|battalion|regiment|division|corps|squadron|detachment|company)\b", re.I),
     "military_unit"),
    (re.compile(r"\b(army|armed forces|navy|air force|national guard|forces|military|marines)\b", re.I),
     "armed_force"),
    (re.compile(r"\b(militia|rebels?|insurgents?|separatists?|front|movement|legion|battalions|mercenar\w*)\b",
                re.I), "armed_group"),
    (re.compile(r"\b(ministry|department|agency|office|administration|directorate|prosecutor\w*|police|"
                r"government|council|parliament|rada|duma|commission|committee|inspectorate|service|"
                r"governorate|mayoralty|kremlin|pentagon)\b", re.I), "government_agency"),
    (re.compile(r"\b(watch|foundation|amnesty|red cross|red crescent|institute|fund|charity|association|"
                r"society|initiative|centre|center|ngo|international|monitors?)\b", re.I), "ngo"),
]


def guess_kind(name: str, ner_label: str) -> str:
    """The kind of an actor the dictionary does not know, from the words of its name."""
    if ner_label == "PERSON":
        return "person"
    for pattern, kind in KIND_WORDS:
        if pattern.search(name):
            return kind
    return NER_KINDS.get(ner_label, "organization")


#: definite descriptions that stand for an actor named earlier: head word -> a test on the
#: earlier actor (its name contains the word, or it is of this kind)
DESCRIPTIONS = {
    "ministry": "ministry", "directorate": "directorate", "agency": "agency", "department": "department",
    "service": "service", "committee": "committee", "office": "office", "administration": "administration",
    "council": "council", "army": "armed_force", "military": "armed_force", "brigade": "military_unit",
    "battalion": "military_unit", "regiment": "military_unit", "unit": "military_unit",
    "broadcaster": "media_outlet", "outlet": "media_outlet", "channel": "media_outlet",
    "newspaper": "media_outlet", "publication": "media_outlet", "station": "media_outlet",
    "group": "armed_group", "organisation": "ngo", "organization": "ngo", "charity": "ngo",
}
_DESCRIPTION = re.compile(r"\b[Tt]he\s+(?:[a-z]+\s+)?(" + "|".join(DESCRIPTIONS) + r")\b")


def _descriptions(doc: Doc, chosen: list, taken: set) -> list:
    """"the ministry" after "the Ministry of Defense of Ukraine": (start, end, actor id)."""
    out = []
    for m in _DESCRIPTION.finditer(doc_text(doc)):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or any(i in taken for i in range(span.start, span.end)):
            continue
        want = DESCRIPTIONS[m.group(1)]
        earlier = [c for c in chosen if c[1] <= span.start and c[4] != "person"]
        for s, e, aid, name, kind in sorted(earlier, key=lambda c: -c[0]):
            if kind == want or (want not in KIND_VALUES and want in name.lower()):
                out.append((span.start, span.end, aid, name, kind))
                taken.update(range(span.start, span.end))
                break
    return out


def _tidy(ent):
    """An organisation's span without a leading "the" or a dangling "of", and with the country
    the tagger cut off ("Ministry of Agrarian Policy of | Moldova")."""
    doc = ent.doc
    start, end = ent.start, ent.end
    if doc[start].lower_ == "the" and end - start > 1:
        start += 1
    if (ent.label_ == "ORG" and doc[end - 1].lower_ == "of" and end < len(doc)
            and doc[end].ent_type_ in ("GPE", "ORG", "LOC") and doc[end].ent_iob_ == "B"):
        nxt = next(e for e in doc.ents if e.start == end)
        if len(nxt) <= 3:
            end = nxt.end
    while end - start > 1 and doc[end - 1].pos_ in ("ADP", "DET", "CCONJ", "PUNCT"):
        end -= 1
    return doc.char_span(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), label=ent.label_) if end > start else None


KIND_VALUES = {"state", "armed_force", "military_unit", "government_agency", "intelligence_service",
               "armed_group", "media_outlet", "ngo", "person"}


def find_actors(doc: Doc) -> tuple[list[ActorMention], list[Actor]]:
    did = doc_id(doc)
    d = dictionary()
    spans = []
    for match_id, start, end in _matcher(doc.vocab)(doc):
        spans.append((start, end, doc.vocab.strings[match_id]))
    # longest match wins
    spans.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
    taken: set[int] = set()
    chosen = []
    for s, e, aid in spans:
        if any(i in taken for i in range(s, e)):
            continue
        taken.update(range(s, e))
        chosen.append((s, e, aid, d[aid]["name"], d[aid]["kind"]))
    known = _skeleton_index()
    for ent in doc.ents:
        if ent.label_ not in NER_KINDS or any(i in taken for i in range(ent.start, ent.end)):
            continue
        label = ent.label_
        ent = _tidy(ent)
        if ent is None:
            continue
        taken.update(range(ent.start, ent.end))
        aid = known.get(skeleton(ent.text))
        if aid is not None:
            chosen.append((ent.start, ent.end, aid, d[aid]["name"], d[aid]["kind"]))
        else:
            chosen.append((ent.start, ent.end, None, ent.text, guess_kind(ent.text, label)))
    # a surname alone, after the full name, even where the tagger did not mark it
    surnames = {doc[e - 1].text for s, e, aid, name, kind in chosen if kind == "person" and e - s >= 2}
    if surnames:    # the tokens spelt like one, found by their ORTH hash (not by visiting every token)
        orth = doc.to_array(ORTH)
        hashes = np.array([doc.vocab.strings[w] for w in surnames], dtype=np.uint64)
        for i in np.nonzero(np.isin(orth, hashes))[0].tolist():
            tok = doc[i]
            if tok.text in surnames and tok.i not in taken and tok.pos_ == "PROPN":
                taken.add(tok.i)
                chosen.append((tok.i, tok.i + 1, None, tok.text, "person"))
    chosen.sort()
    described = _descriptions(doc, chosen, taken)
    mentions: list[ActorMention] = []
    actors: dict[str, Actor] = {}
    persons: dict[str, str] = {}   # surname -> actor id
    ids_by_start: dict[int, str] = {}
    for s, e, aid, name, kind in chosen:
        span = doc[s:e]
        if aid is None:
            key = skeleton(name)
            if not key:
                continue
            if kind == "person":
                last = key.split()[-1]
                aid = persons.get(last) if len(key.split()) == 1 else None
                if aid is None:
                    aid = f"name:{key}"
                    persons[last] = aid
            else:
                aid = f"name:{key}"
        ids_by_start[s] = aid
        if aid not in actors:
            entry = d.get(aid)
            actors[aid] = Actor(id=aid, name=entry["name"] if entry else name, kind=entry["kind"] if entry else kind,
                                country=entry.get("country") if entry else None,
                                aliases=list(entry.get("aliases", [])) if entry else [],
                                qid=entry.get("qid") if entry else None,
                                role=entry.get("role") if entry else None,
                                affiliation=entry.get("affiliation") if entry else None)
        mentions.append(ActorMention(
            id=record_id(did, "actor_mention", span.start_char, span.end_char), doc_id=did,
            span=Span(span.start_char, span.end_char, span.text), actor_id=aid, name=actors[aid].name,
            kind=actors[aid].kind, confidence=1.0 if aid in d else 0.7))
    for s, e, aid, name, kind in described:
        # the description's actor: the id the earlier mention got above
        aid = aid or next((ids_by_start[c[0]] for c in chosen if c[2] is None and c[3] == name and c[0] in ids_by_start),
                          None)
        if aid is None or aid not in actors:
            continue
        span = doc[s:e]
        mentions.append(ActorMention(
            id=record_id(did, "actor_mention", span.start_char, span.end_char), doc_id=did,
            span=Span(span.start_char, span.end_char, span.text), actor_id=aid, name=actors[aid].name,
            kind=actors[aid].kind, confidence=0.6))
    mentions.sort(key=lambda m: m.span.start)
    return mentions, list(actors.values())


def _fold_index() -> dict[str, str]:
    return _indexes()[0]


@functools.lru_cache(maxsize=1)
def _indexes() -> tuple[dict[str, str], dict[str, str]]:
    """(folded name or alias -> actor id, folded demonym/country name -> ISO alpha-2)."""
    names: dict[str, str] = {}
    for aid, a in dictionary().items():
        for n in {a["name"], *a.get("aliases", [])}:
            for v in _variants(n):
                names.setdefault(fold(v), aid)
    with open(ASSETS / "lexicons" / "demonyms.yaml", encoding="utf-8") as fh:
        lex = yaml.safe_load(fh)
    places = {**{k: v for k, v in lex["countries"].items()}, **{k: v for k, v in lex["demonyms"].items()}}
    return names, places


@functools.lru_cache(maxsize=4096)
def lookup(name: str) -> Optional[dict]:
    """The dictionary entry a name or alias stands for (any spelling the matcher or the
    transliteration key accepts), else None."""
    aid = _fold_index().get(fold(name)) or _skeleton_index().get(skeleton(name))
    return dictionary().get(aid) if aid else None


def is_known_actor(name: str) -> bool:
    """True when ``name`` is an actor of the dictionary (an outlet, a body, a force, an
    official): such a span names no place."""
    entry = lookup(name)
    return entry is not None and entry.get("kind") != "state"


def country_code(name: str) -> Optional[str]:
    """ISO 3166-1 alpha-2 of a country name or demonym ("Russia", "Russian", "Ukraine's"),
    from the demonym list and pycountry's ISO 3166 data."""
    key = fold(name)
    code = _indexes()[1].get(key)
    if code is not None:
        return code
    import pycountry

    try:
        return pycountry.countries.lookup(key).alpha_2
    except LookupError:
        return None


@functools.lru_cache(maxsize=4096)
def source_kind(name: str) -> Optional[str]:
    """The kind of actor a source's name stands for: the dictionary's kind, else guessed from
    its words (":func:`guess_kind`"), None when nothing tells."""
    entry = lookup(name)
    if entry is not None:
        return entry["kind"]
    for pattern, kind in KIND_WORDS:
        if pattern.search(name):
            return kind
    return None

