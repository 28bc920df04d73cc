"""Sources as actors: the actor that heads each attribution's source; the ``claimgraph_actors``
component.

The head of a source phrase is the root of its parse. The actor mention holding that root is
the source's actor ("Kremlin spokesman Dmitry Peskov": Dmitry Peskov); a known actor that is a
name inside the phrase's head ("the TASS news agency": TASS) also counts, and so does a person
named in apposition after a role ("the head of the Kursk region, Alexei Smirnov"), and the
maker of a work the phrase names ("research by RadioFreeEurope", "a statement from the
ministry"). A demonym or a
country inside the phrase ("the wife of a Russian soldier", "an independent Russian media
outlet") is never the source: it is the source's affiliation.

A source no actor heads becomes an actor of the article (id ``source:<doc>:<key>``) with its
best name (the head noun phrase with its modifiers, without relative clauses, appositions or
a leading article), its kind (person, group for plural people, the kind its words give an
organisation or outlet), its role ("soldier", "governor", the head of an apposition "a
spokesman for ...") and its affiliation (a demonym's country, a possessive country, "for"/"of"
the body it serves).
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan, Token

from ..model import Actor
from .actors import KIND_WORDS, country_code, find_actors, skeleton
from .attribution.lexicon import RELEASE_VERBS, doc_text
from .extensions import doc_id, register

register()

#: nouns that name people by what they are (the kind of an unknown source with such a head)
PEOPLE = {"woman", "man", "person", "people", "girl", "boy", "wife", "mother", "sister", "daughter", "husband",
          "father", "brother", "son", "relative", "resident", "witness", "official", "soldier", "commander",
          "governor", "minister", "mayor", "president", "spokesman", "spokeswoman", "spokesperson", "journalist",
          "lawmaker", "general", "analyst", "expert", "doctor", "driver", "prisoner", "conscript", "recruit",
          "officer", "deputy", "chief", "leader", "activist", "volunteer", "medic", "pilot", "prosecutor",
          "senator", "envoy", "ambassador", "diplomat", "researcher", "reporter", "correspondent", "blogger",
          "veteran", "colonel", "lieutenant", "sergeant", "captain", "head", "source", "serviceman",
          "servicemen", "survivor", "refugee", "villager", "local", "deserter", "mobilised", "mobilized",
          "parent", "grandmother", "grandfather", "widow", "friend", "neighbour", "neighbor", "mercenary",
          "fighter", "militant", "separatist", "politician", "member", "adviser", "advisor", "aide", "negotiator"}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "who", "which", "that", "him", "her", "them", "you"}
#: what a source makes, that a source phrase can name in its stead ("research by RadioFreeEurope")
WORKS = {"research", "report", "statement", "analysis", "assessment", "investigation", "study", "estimate",
         "data", "update", "survey", "footage", "video", "post", "message", "briefing", "review", "count",
         "reporting", "findings", "information", "intelligence", "recording", "call", "conversation",
         "audio", "images", "photos", "document", "documents", "letter", "order", "intercept"}


def actors_component(doc: Doc) -> Doc:
    """Actor mentions and actors (:func:`.actors.find_actors`), then the source actor of each
    attribution, adding an actor for each source no known actor heads."""
    mentions, actors = find_actors(doc)
    by_id = {a.id: a for a in actors}
    assign_source_actors(doc, mentions, by_id)
    doc._.actor_mentions, doc._.actors = mentions, list(by_id.values())
    return doc


#: the component's settings. ``dictionaries``: actor files of the user's own (the format of
#: ``claimgraph/assets/actors.yaml``, see assets/ACTORS.md), read after the bundled one
DEFAULT_CONFIG = {"dictionaries": []}


@Language.factory("claimgraph_actors", default_config=DEFAULT_CONFIG)
def make_actors(nlp: Language, name: str, dictionaries: list[str]):
    """The ``claimgraph_actors`` component; a missing dictionary file fails here, when the
    pipeline is built, with its path in the message."""
    from .actors import dictionary, use_dictionaries

    missing = [p for p in dictionaries if not Path(p).is_file()]
    if missing:
        raise FileNotFoundError(f"actor dictionary not found: {', '.join(map(str, missing))}")
    use_dictionaries(dictionaries)
    dictionary()
    return actors_component


def assign_source_actors(doc: Doc, mentions: list, actors: dict) -> None:
    did = doc_id(doc)
    for a in doc._.attributions or []:
        src = a.resolved_source or (a.sources[0] if a.sources else None)
        if src is None:
            continue
        sp = doc.char_span(src.start, src.end, alignment_mode="expand")
        if sp is None or not len(sp) or src.text.strip().lower() in PRONOUNS:
            continue
        root = sp.root
        inside = [m for m in mentions if src.start <= m.span.start < src.end]
        head = next((m for m in inside if m.span.start <= root.idx < m.span.end), None)
        if head is None:
            head = next((m for m in inside if m.kind not in ("group", "state") and _names_head(doc, m, root)), None)
        if head is None:   # "Rybar, a pro-war military blogger channel": the name before the apposition
            head = next((m for m in inside if m.span.start == src.start and m.kind not in ("group", "state")
                         and doc_text(doc)[m.span.end:m.span.end + 1] == ","), None)
        if head is None and root.lemma_.lower() in WORKS:
            head = _maker(root, inside)
        if head is None and root.lemma_.lower() in PEOPLE:
            # "the head of the Kursk region, Alexei Smirnov": the person named after the role
            head = next((m for m in inside if _personal_name(m) and doc_text(doc)[m.span.start - 2:m.span.start] == ", "
                         and not doc_text(doc)[m.span.end:src.end].strip(" ,")), None)
        if head is not None:
            a.source_actor = head.actor_id
            actor = actors.get(head.actor_id)
            if actor is not None and actor.kind == "person" and actor.role is None:
                actor.role, actor.affiliation = _role(root)
            continue
        actor = describe(sp, did)
        if actor is None:
            continue
        actors.setdefault(actor.id, actor)
        a.source_actor = actor.id


def _maker(root: Token, inside: list):
    """Who made or released the work a source phrase names: "research by RadioFreeEurope", "a
    statement from the ministry", "a recording of an intercepted call released by the Chief
    Intelligence Directorate"."""
    def named(tok: Token):
        return next((m for m in inside if m.span.start <= tok.idx < m.span.end
                     and m.kind not in ("group", "state")), None)

    for c in root.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from", "of"):
            found = next((named(o) for o in c.children if o.dep_ == "pobj" and named(o)), None)
            if found is not None:
                return found
    for v in root.subtree:          # "... released by X": the agent of a participle on the work
        if v.dep_ == "acl" and v.lemma_.lower() in RELEASE_VERBS:
            for by in v.children:
                if by.dep_ == "agent":
                    found = next((named(o) for o in by.children if o.dep_ == "pobj" and named(o)), None)
                    if found is not None:
                        return found
    return None


def _personal_name(m) -> bool:
    """A person's mention, or a name the dictionary does not know of two or three capitalised
    words (the tagger reads some first names as an organisation: "Natalia Humeniuk")."""
    words = m.span.text.split()
    return m.kind == "person" or (m.actor_id.startswith("name:") and 2 <= len(words) <= 3
                                  and all(w[:1].isupper() for w in words))


def _names_head(doc: Doc, m, root: Token) -> bool:
    """A name that is a compound or apposition of the phrase's head ("the TASS news agency")."""
    sp = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
    return sp is not None and any(t.head.i == root.i and t.dep_ in ("compound", "appos", "nmod") for t in sp)


def best_name(root: Token) -> str:
    """The head noun phrase with its modifiers: no relative clause, apposition, punctuation or
    leading article/possessive pronoun."""
    dropped = {t.i for c in root.children if c.dep_ in ("relcl", "appos", "punct", "acl", "advcl")
               for t in c.subtree}
    toks = [t for t in root.subtree if t.i not in dropped]
    # the contiguous run around the head
    idx = {t.i for t in toks}
    lo = hi = root.i
    while lo - 1 in idx:
        lo -= 1
    while hi + 1 in idx:
        hi += 1
    doc = root.doc
    while lo < root.i and (doc[lo].pos_ in ("DET", "PUNCT") or doc[lo].tag_ == "PRP$"):
        lo += 1
    while hi > root.i and doc[hi].pos_ in ("PUNCT", "ADP", "CCONJ", "DET"):
        hi -= 1
    return doc[lo:hi + 1].text


def _affiliation(tok: Token) -> Optional[str]:
    """The country or body a noun's modifiers tie it to: "Russian soldier" RU, "Russia's
    committee" RU, "spokesman for the Main Intelligence Directorate" that directorate."""
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "poss", "nmod") and c.ent_type_ in ("NORP", "GPE"):
            code = country_code(c.text)
            if code:
                return code
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("for", "of", "at", "from", "with"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is None:
                continue
            if pobj.ent_type_ in ("ORG", "GPE", "NORP") or pobj.pos_ == "PROPN":
                text = tok.doc[pobj.left_edge.i:pobj.right_edge.i + 1].text
                code = country_code(text) if pobj.ent_type_ == "GPE" else None
                return code or text.removeprefix("the ").removeprefix("The ")
            inner = _affiliation(pobj)
            if inner:
                return inner
    return None


def _role(root: Token) -> tuple[Optional[str], Optional[str]]:
    """(role, affiliation) of a person: the head noun if it names a role, else the head of an
    apposition ("Vadym Skibitskyi, a spokesman for ...")."""
    if root.lemma_.lower() in PEOPLE and root.pos_ == "NOUN":
        return root.lemma_.lower(), _affiliation(root)
    for c in root.children:
        if c.dep_ == "appos" and c.lemma_.lower() in PEOPLE:
            return c.lemma_.lower(), _affiliation(c)
    role = next((c for c in root.children if c.dep_ == "compound" and c.lemma_.lower() in PEOPLE), None)
    return (role.lemma_.lower() if role is not None else None), _affiliation(root)


def describe(sp: SpacySpan, did: str) -> Optional[Actor]:
    """An actor for a source no known or named actor heads, or None for a pronoun."""
    root = sp.root
    if root.pos_ not in ("NOUN", "PROPN"):
        return None
    name = best_name(root)
    key = skeleton(name)
    if not key:
        return None
    lemma = root.lemma_.lower()
    plural = root.tag_ in ("NNS", "NNPS")
    if lemma in PEOPLE or root.ent_type_ == "PERSON":
        kind = "group" if plural else "person"
    else:
        kind = next((k for pattern, k in KIND_WORDS if pattern.search(name)), "organization")
    role, affiliation = _role(root) if kind in ("person", "group") else (None, _affiliation(root))
    return Actor(id=f"source:{did}:{key}", name=name, kind=kind, affiliation=affiliation, role=role,
                 country=affiliation if affiliation and len(affiliation) == 2 and affiliation.isupper() else None)
