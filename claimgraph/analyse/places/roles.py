"""Names that are not places, and places that stand for their government.

A span the tagger offers as a toponym is dropped when the article shows it names something else:

- a word of a person's name the article writes in full ("Olena Petrenko ... Olena said"), unless
  the gazetteer has it as a country or first-level division ("Georgia", "Virginia");
- a name or alias of an actor in claimgraph's actor dictionary other than a state (an outlet, an
  agency, an armed group: read with :func:`claimgraph.analyse.actors.dictionary`), or exactly
  the span of a mention of such an actor the actors component found;
- the modifier of a noun that names a thing, not a place ("Uragan rocket systems", "the Verstka
  outlet").

A toponym that is the speaker of a statement ("Moscow said", "according to Kyiv", the source of
an attribution the attribution component found) is the government seated there when it is a
country, a first-level division, a capital or a city of 100,000 or more: the place record is kept
with the role ``government``. Any other name in that position is a person or an outlet and is not
geocoded.
"""
from __future__ import annotations

import functools
import re
from typing import Optional

from spacy.tokens import Doc

from ..attribution.lexicon import doc_text
from .gazetteer import fold

#: verbs of saying and of official stance whose subject, when a place, is its government
SPEECH_VERBS = {"say", "deny", "claim", "accuse", "announce", "warn", "insist", "reject", "respond", "condemn",
                "demand", "vow", "threaten", "urge", "state", "confirm", "call", "refuse", "blame", "allege",
                "declare", "protest", "dismiss", "report", "tell", "add", "retaliate", "sanction", "recognize",
                "recognise", "summon", "expel", "pledge", "promise", "criticize", "criticise", "welcome",
                "decide", "order", "argue", "acknowledge", "admit", "suggest", "reply", "counter"}
#: nouns a name can modify without being a place ("Uragan rocket systems", "Verstka outlet")
THING_HEADS = {"system", "systems", "rocket", "rockets", "missile", "missiles", "launcher", "launchers", "howitzer",
               "howitzers", "tank", "tanks", "drone", "drones", "jet", "jets", "helicopter", "helicopters",
               "complex", "complexes", "outlet", "newspaper", "channel", "website", "agency", "magazine",
               "broadcaster", "tabloid", "daily", "weekly", "podcast", "app", "brand", "shell", "shells"}
GOVERNMENT_POPULATION = 100_000
NON_PLACE_KINDS = {"person", "media_outlet", "organization", "organisation", "ngo", "armed_group", "armed_force",
                   "military_unit", "government_agency", "intelligence_service", "company"}


@functools.lru_cache(maxsize=1)
def actor_names() -> frozenset:
    """Folded names and aliases of the dictionary's actors that are not states."""
    from ..actors import dictionary

    out = set()
    for a in dictionary().values():
        if a.get("kind") == "state":
            continue
        for n in [a.get("name"), *(a.get("aliases") or [])]:
            if n:
                out.add(fold(n))
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def _dictionary_ids() -> frozenset:
    from ..actors import dictionary

    return frozenset(dictionary())


def _is_division(cands: list[dict]) -> bool:
    return any(c["feature_class"] == "A" for c in cands)


def not_places(doc: Doc, spans: list[tuple[int, int]], candidates) -> set[tuple[int, int]]:
    """The spans among ``spans`` (character offsets) that name a person, an actor or a thing."""
    text = text_of(doc)
    ents = ents_of(doc)
    person_words = people_words(ents)
    actors = actor_names()
    mentioned = set()
    known = _dictionary_ids()
    for m in doc._.actor_mentions or []:    # the dictionary's actors only: an NER guess is no evidence
        if m.kind in NON_PLACE_KINDS and m.actor_id in known:
            mentioned.add((m.span.start, m.span.end))
    out = set()
    for s, e in spans:
        name = text[s:e]
        key = fold(name)
        if key in actors or (s, e) in mentioned:
            out.add((s, e))
            continue
        if name in person_words and not _is_division(candidates(name)):
            out.add((s, e))
            continue
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            root = span.root
            if root.dep_ in ("compound", "nmod", "amod") and root.head.lower_ in THING_HEADS and root.head.i > root.i:
                out.add((s, e))
    return out


def people_words(ents) -> set[str]:
    """The words of the persons' names an article writes in full, except in title-case lines
    (a headline's "Residents Flee Kupiansk" is no person). ``ents``: all of the document's
    entities (the result is kept with the document)."""
    if not ents:
        return set()
    doc = ents[0].doc
    memo = _memo(doc)
    if "people_words" not in memo:
        out = set()
        text, sent_of = text_of(doc), sentence_of(doc)
        for e in ents:
            if e.label_ == "PERSON" and len(e) >= 2 and not title_case_line(sent_of[e.start], text):
                out.update(t.text for t in e if t.is_alpha)
        memo["people_words"] = out
    return memo["people_words"]


def text_of(doc: Doc) -> str:
    """The document's text, built once (``doc.text`` joins every token at each access; the
    pipeline's components share it through :func:`claimgraph.analyse.attribution.lexicon.doc_text`)."""
    key = ("claimgraph_places", "text")
    if key not in doc.user_data:
        doc.user_data[key] = doc_text(doc)
    return doc.user_data[key]


MEMO = ("claimgraph_places", "memo")


def _memo(doc: Doc) -> dict:
    """Per-document values the places component computes once (dropped when it is done)."""
    memo = doc.user_data.get(MEMO)
    if memo is None:
        memo = doc.user_data[MEMO] = {}
    return memo


def forget(doc: Doc) -> None:
    """Drop what :func:`text_of` and the per-document memo keep."""
    doc.user_data.pop(("claimgraph_places", "text"), None)
    doc.user_data.pop(MEMO, None)


def sentence_of(doc: Doc) -> list:
    """Each token's sentence, computed once (``token.sent`` walks the document at each call)."""
    memo = _memo(doc)
    if "sentence_of" not in memo:
        out: list = [None] * len(doc)
        for sent in doc.sents:
            out[sent.start:sent.end] = [sent] * (sent.end - sent.start)
        memo["sentence_of"] = out
    return memo["sentence_of"]


def ents_of(doc: Doc) -> list:
    """The document's entities, built once (``doc.ents`` walks every token at each access)."""
    memo = _memo(doc)
    if "ents" not in memo:
        memo["ents"] = list(doc.ents)
    return memo["ents"]


def token_arrays(doc: Doc) -> dict:
    """The tokens' lower-case form (a hash), offset, length and alphabetic / title-case / upper-case
    flags as numpy arrays, computed once, to find the few tokens a rule looks at without
    visiting every token."""
    memo = _memo(doc)
    if "arrays" not in memo:
        names = ("LOWER", "IDX", "LENGTH", "IS_ALPHA", "IS_TITLE", "IS_UPPER")
        table = doc.to_array(list(names)).reshape(len(doc), len(names))
        memo["arrays"] = {n: table[:, k] for k, n in enumerate(names)}
    return memo["arrays"]


def word_hashes(doc: Doc, words) -> list[int]:
    """The hashes :func:`token_arrays` gives ``words`` (lower-case) as ``LOWER``."""
    return [doc.vocab.strings[w] for w in words]


def _alpha_words(sent, text: str) -> list[str]:
    """The texts of a sentence's alphabetic tokens (sliced from ``text``, the document's)."""
    arrays = token_arrays(sent.doc)
    where = slice(sent.start, sent.end)
    return [text[i:i + n] for i, n, alpha in zip(arrays["IDX"][where].tolist(), arrays["LENGTH"][where].tolist(),
                                                 arrays["IS_ALPHA"][where].tolist()) if alpha]


def _titled(words) -> bool:
    words = [w for w in words if len(w) > 3]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def title_case_line(sent, text: str) -> bool:
    """The sentence, or the line of ``text`` (the document's) holding it (a headline the parser
    cut in two), is in title case, where capitals say nothing about names (kept per sentence)."""
    memo = _memo(sent.doc).setdefault("title_case_line", {})
    key = (sent.start, sent.end)
    if key not in memo:
        memo[key] = _title_case_line(sent, text)
    return memo[key]


def _title_case_line(sent, text: str) -> bool:
    if _titled(_alpha_words(sent, text)):
        return True
    start = text.rfind("\n", 0, sent.start_char) + 1
    end = text.find("\n", sent.end_char - 1)
    end = len(text) if end < 0 else end
    return end - start <= 200 and _titled(re.findall(r"[^\W\d_]+", text[start:end]))


def speaker_spans(doc: Doc) -> set[tuple[int, int]]:
    """Character spans of the sources of the attributions the attribution component found."""
    return {(sp.start, sp.end) for a in doc._.attributions or [] for sp in a.sources}


def speaks(doc: Doc, s: int, e: int, sources: set[tuple[int, int]]) -> bool:
    """The span is who says something: the source of an attribution, the subject of a verb of
    saying or stance ("Moscow said", "Kyiv denied"), or the object of "according to"."""
    if any(ss <= s and e <= se and (se - ss) <= (e - s) + 4 for ss, se in sources):
        return True
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in SPEECH_VERBS:
        return True
    head = root.head
    return (root.dep_ == "pobj" and head.lower_ == "to" and head.i > 0
            and doc[head.i - 1].lower_ == "according")


def governs(best: Optional[dict]) -> bool:
    """A place that can stand for a government: a country, a first-level division, a capital or
    a large city."""
    if not best:
        return False
    return (best["feature_class"] == "A" or bool(best.get("capital"))
            or (best["feature_class"] == "P" and (best.get("population") or 0) >= GOVERNMENT_POPULATION))
