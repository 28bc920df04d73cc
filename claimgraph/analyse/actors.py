"""claimgraph_actors: actor mentions resolved to canonical actors (first version).

Mentions come from the actor dictionary (``claimgraph/data/actors.yaml``, matched with a
spaCy PhraseMatcher on lower-cased text, "Defense"/"Defence" both ways) and from spaCy's
PERSON/ORG/NORP entities. Mentions that match no dictionary entry are still actors: their id
is their normalized name (``name:<folded>``), and a surname alone ("Mamulashvii") joins the
earlier full name ("Mamuka Mamulashvii") in the same article. Each attribution gets the
``source_actor`` of the mention inside its (resolved) source.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..model import Actor, ActorMention, Span, record_id
from .extensions import doc_id, register

register()

DICT_PATH = Path(__file__).resolve().parent.parent / "data" / "actors.yaml"
NER_KINDS = {"PERSON": "person", "ORG": "organization", "NORP": "group"}


@functools.lru_cache(maxsize=1)
def dictionary() -> dict[str, dict]:
    """The bundled dictionary, then the files named in ``$CLAIMGRAPH_ACTORS`` (separated by the
    OS path separator, same format; an entry with a known id replaces it). See data/ACTORS.md."""
    import os

    paths = [DICT_PATH] + [Path(p) for p in os.environ.get("CLAIMGRAPH_ACTORS", "").split(os.pathsep) if p]
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


def fold(name: str) -> str:
    from unidecode import unidecode

    s = re.sub(r"['’]s\b", "", unidecode(name).lower())
    s = re.sub(r"^(the)\s+", "", s)
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


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
    for ent in doc.ents:
        if ent.label_ not in NER_KINDS or any(i in taken for i in range(ent.start, ent.end)):
            continue
        taken.update(range(ent.start, ent.end))
        chosen.append((ent.start, ent.end, None, ent.text, NER_KINDS[ent.label_]))
    # a surname alone, after the full name, even where the tagger did not mark it
    surnames = {doc[e - 1].text for s, e, aid, name, kind in chosen if kind == "person" and e - s >= 2}
    for tok in doc:
        if tok.text in surnames and tok.i not in taken and tok.pos_ == "PROPN":
            taken.add(tok.i)
            chosen.append((tok.i, tok.i + 1, None, tok.text, "person"))
    chosen.sort()
    mentions: list[ActorMention] = []
    actors: dict[str, Actor] = {}
    persons: dict[str, str] = {}   # surname -> actor id
    for s, e, aid, name, kind in chosen:
        span = doc[s:e]
        if aid is None:
            key = fold(name)
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
        if aid not in actors:
            entry = d.get(aid)
            actors[aid] = Actor(id=aid, name=entry["name"] if entry else name, kind=entry["kind"] if entry else kind,
                                country=entry.get("country") if entry else None,
                                aliases=list(entry.get("aliases", [])) if entry else [],
                                qid=entry.get("qid") if entry else None)
        mentions.append(ActorMention(
            id=record_id(did, "actor_mention", span.start_char, span.end_char), doc_id=did,
            span=Span(span.start_char, span.end_char, span.text), actor_id=aid, name=actors[aid].name,
            kind=actors[aid].kind, confidence=1.0 if aid in d else 0.7))
    for a in doc._.attributions or []:
        src = a.resolved_source or (a.sources[0] if a.sources else None)
        if src is None:
            continue
        inside = [m for m in mentions if src.start <= m.span.start and m.span.end <= src.end]
        if inside:
            a.source_actor = inside[0].actor_id
    return mentions, list(actors.values())


@Language.component("claimgraph_actors")
def actors_component(doc: Doc) -> Doc:
    doc._.actor_mentions, doc._.actors = find_actors(doc)
    return doc
