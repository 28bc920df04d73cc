"""claimgraph_places: toponyms resolved offline to GeoNames features.

Mentions: hand-written rules propose spans (spaCy's GPE/LOC/FAC entities, capitalised words
after a locative preposition as in "held in a basement in Sayzewe", "the X region", a division
written with its type, the seat an organisation is named after, every other occurrence of a
name found once), and the learned tagger (:mod:`.tagger`) scores them together with every other
entity and capitalised run, keeping those above its threshold. Names that are persons, outlets
or things are dropped (:mod:`.roles`). Each name is looked up in the gazetteer
(:mod:`.gazetteer`) by its folded spelling, its abbreviations spelt out and its English
transliteration of German renderings (Swatowe -> Svatove), then fuzzily (Valuiki -> Valuyki)
where spaCy tagged it a place. All of an article's names are resolved together by
:func:`.geocoder.resolve_names` (the learned ranker over population, feature class and the
article's context: the same resolver `claimgraph eval places` measures). When same-named places
stay close in the ranker's probability (three villages called Zaitseve), the record keeps the
ranked candidates with their scores and sets ``ambiguous`` rather than pinning a guess. A name
the gazetteer lacks (a street) is kept without a name, at the article's places, confidence 0.3.

Nationality adjectives ("Sudanese", resolved to their country) and the place an organisation is
named after ("Fargo" in "Fargo Police Department") are places too. Role: ``government`` for a
country, division, capital or large city that speaks ("Moscow said", "Kyiv denied", the source
of an attribution), ``event_location`` after in/at/near/outside/around, ``nationality`` and
``seat`` for those two, else ``mentioned``.
"""
from __future__ import annotations

import re
from typing import Optional

import numpy as np

from spacy.language import Language
from spacy.tokens import Doc

from ...model import Place, Span, record_id
from ..extensions import doc_id, register
from .gazetteer import candidates, fold
from .geocoder import DIVISION_FORM, haversine_km, resolve_names
from . import tagger
from .roles import (actor_names, ents_of, forget, governs, not_places, sentence_of, speaker_spans, speaks, text_of,
                    title_case_line, token_arrays, word_hashes)

register()

LOCATIVE = {"in", "at", "near", "outside", "to", "from", "into", "around", "towards", "toward", "of"}
EVENT_PREPS = {"in", "at", "near", "outside", "around"}
COUNTRY_CODES = {"Russia": "RU", "Ukraine": "UA", "Belarus": "BY", "Poland": "PL", "Moldova": "MD"}
DEMONYMS = {"ukrain": "UA", "russia": "RU", "belarus": "BY", "poland": "PL", "polish": "PL", "moldova": "MD",
            "georgia": "GE", "kazakh": "KZ"}


#: roles of places that are only mentioned, by how they are mentioned
ROLES = {"demonym": "nationality", "seat": "seat"}

CALENDAR_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                  "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
                  "saturday", "sunday"}


def _title_case_line(sent) -> bool:
    """A headline in title case ("What's in Store for Russian Resisters to War"): capitals
    there say nothing about names."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 4 and sum(t.is_title for t in words) >= 0.8 * len(words)


#: words that end an organisation named after its seat ("Fargo Police Department")
SEAT_WORDS = {"police", "department", "county", "city", "council", "university", "college", "hospital", "school",
              "schools", "court", "sheriff", "government", "administration", "ministry", "office", "airport",
              "port", "district", "state", "authority", "assembly", "parliament", "legislature", "board",
              "commission", "regiment", "brigade", "garrison", "military", "army", "fire", "public", "library",
              "zoo", "museum", "chamber"}


def _seat_prefix(ent, text: str) -> tuple[int, int] | None:
    """"Fargo" in "Fargo Police Department": the leading words of an organisation's name when
    they name a place the gazetteer knows exactly and a seat word follows them."""
    toks = [t for t in ent if t.lower_ != "the"]
    for k in range(min(3, len(toks) - 1), 0, -1):
        head, nxt = toks[:k], toks[k]
        if not all(t.is_title or t.is_upper for t in head):
            continue
        name = text[head[0].idx:head[-1].idx + len(head[-1])]
        if nxt.lower_ not in SEAT_WORDS and not (nxt.lower_ == "'s" and k + 1 < len(toks)):
            # a state or country opening the name needs no seat word ("Texas Forest Service",
            # "U.S. Census Bureau")
            if (not COMPASS.match(name + " ") and name.lower() not in ("new", "united", "grand")
                    and not (DEMONYM_ENDING.search(name) and _is_country_word(name))
                    and any(c["feature_class"] == "A" and fold(c["name"]) == fold(name) or
                            c["feature_class"] == "A" and c.get("admin1") is None and len(name) <= 5
                            for c in candidates(name))):
                return head[0].idx, head[-1].idx + len(head[-1])
            continue
        if nxt.lower_ in DIVISION_SUFFIXES and nxt.is_title:     # "Edgar County Sheriff's Office"
            name = text[head[0].idx:nxt.idx + len(nxt)]
            if any(c["feature_class"] in ("A", "A2") for c in candidates(name)):
                return head[0].idx, nxt.idx + len(nxt)
        if any(c["feature_class"] == "A" or c["feature_class"] == "P" and fold(c["name"]) == fold(name)
               for c in candidates(name)):
            return head[0].idx, head[-1].idx + len(head[-1])
    return None


#: type words that name nothing but a division ("district" also names a school's or a court's)
DIVISION_ONLY = re.compile(r"^(?:(?:the\s+)?(?:autonomous\s+)?republic\s+of\s+\S|"
                           r".+\s+(?:oblast|region|province|krai|kray|governorate)$)", re.I)


def _division_form(name: str) -> bool:
    """A division written with its type ("Republic of Crimea", "Zaporizhzhia Oblast") that the
    gazetteer has as a division, under its core or under the whole name ("Donetsk" alone is
    the city)."""
    name = re.sub(r"^the\s+", "", name, flags=re.I)
    m = DIVISION_FORM.match(name)
    return bool(m) and any(c["feature_class"] in ("A", "A2")
                           for c in candidates(m.group("a") or m.group("b")) + candidates(name))


COMPASS = re.compile(r"(north|south|east|west|northeast|northwest|southeast|southwest|central)(ern)?\s+", re.I)


def _is_big_place(name: str) -> bool:
    """A name the tagger took for a person that is a city of 50,000 or more, a region or a
    country (spaCy's small model tags "Alexandria" PERSON)."""
    return any(c["feature_class"] == "A" or (c["population"] or 0) >= 50000 and fold(c["name"]) == fold(name)
               for c in candidates(name))


TITLES = {"mr", "mrs", "ms", "dr", "sen", "senator", "rep", "gov", "governor", "president", "mayor", "judge", "coach",
          "officer", "sgt", "lt", "col", "gen", "capt", "general", "colonel", "minister", "chancellor", "pope",
          "king", "queen", "prince", "saint", "st"}


DIVISION_SUFFIXES = {"county", "parish", "borough", "township", "district", "oblast", "province", "region"}


DEMONYM_ENDING = re.compile(r"(ian|ean|ese|ish|i|an|ic|ch)s?$")


def _is_country_word(name: str) -> bool:
    """A nationality or people ("Egyptian", "Sudanese", "Ukrainians") the gazetteer knows as a
    country's demonym; not a country's own name ("Iran", "Oman")."""
    countries = [c for c in candidates(name) if c["feature_class"] == "A" and c.get("admin1") is None]
    return bool(countries) and all(fold(c["name"]) != fold(name) for c in countries)


def _mentions(doc: Doc) -> list[tuple[int, int, str]]:
    """Toponym spans with their kind: ``place`` (a place name), ``demonym`` (a nationality
    adjective, resolved to its country) or ``seat`` (the place an organisation is named
    after)."""
    out: dict[tuple[int, int], str] = {}
    text = text_of(doc)           # doc.text and doc.ents are rebuilt at each access: take them once
    ents = ents_of(doc)
    person_words = {t.text for e in ents if e.label_ == "PERSON" and len(e) >= 2 for t in e}
    for ent in ents:
        if ent.label_ in ("GPE", "LOC", "FAC"):
            s, e = ent.start_char, ent.end_char
            if ent[0].lower_ == "the":
                s = ent[1].idx if len(ent) > 1 else s
            if not (len(ent) == 1 and ent[0].lower_ in CALENDAR_WORDS):
                word = text[s:e]
                if ent.label_ == "FAC" and not candidates(word):     # "the Edgar County Jail"
                    seat = _seat_prefix(ent, text)
                    if seat:
                        out.setdefault(seat, "seat")
                    continue
                compass = COMPASS.match(word)
                if compass and not candidates(word) and candidates(word[compass.end():]):
                    s += compass.end()                              # "North Texas" -> Texas
                    word = text[s:e]
                out[(s, e)] = "demonym" if (len(ent) == 1 and DEMONYM_ENDING.search(word)
                                            and _is_country_word(word)) else "place"
        elif ent.label_ == "NORP" and len(ent) <= 2 and _is_country_word(ent.text):
            out[(ent.start_char, ent.end_char)] = "demonym"
        elif (ent.label_ == "PERSON" and len(ent) == 1 and ent.text not in person_words
              and not (ent.start > 0 and doc[ent.start - 1].lower_.rstrip(".") in TITLES) and _is_big_place(ent.text)):
            out[(ent.start_char, ent.end_char)] = "place"           # "of 1935 Orchard St., Alexandria"
        elif ent.label_ == "ORG" and len(ent) >= 2 and _division_form(ent.text):
            s = ent[1].idx if ent[0].lower_ == "the" else ent.start_char
            out[(s, ent.end_char)] = "place"                        # "the Republic of Crimea"
        elif ent.label_ == "ORG" and len(ent) >= 2:
            seat = _seat_prefix(ent, text)
            if seat:
                out.setdefault(seat, "seat")
    headline: dict[int, bool] = {}
    sent_of = sentence_of(doc)
    arrays = token_arrays(doc)
    after_locative = np.nonzero((arrays["IS_TITLE"][1:] != 0)
                                & np.isin(arrays["LOWER"][:-1], word_hashes(doc, LOCATIVE)))[0] + 1
    for i in after_locative.tolist():
        tok = doc[i]
        if (tok.is_title and not tok.is_sent_start and tok.i > 0 and doc[tok.i - 1].lower_ in LOCATIVE
                and tok.pos_ in ("PROPN", "NOUN") and (not tok.ent_type_ or tok.ent_iob_ == "B" and (tok.i + 1 >= len(doc) or doc[tok.i + 1].ent_iob_ != "I"))):
            if tok.lower_ in CALENDAR_WORDS:
                continue
            sent = sent_of[tok.i]
            if sent.start not in headline:
                headline[sent.start] = _title_case_line(sent)
            if not headline[sent.start]:
                out.setdefault((tok.idx, tok.idx + len(tok)), "place")
    region_words = REGION_WORDS - {"state", "county", "district"}
    for i in np.nonzero(np.isin(arrays["LOWER"], word_hashes(doc, region_words)))[0].tolist():
        tok = doc[i]        # "Belgorod region", "Kharkiv oblast": the name before a division word
        if tok.lower_ in region_words and tok.i > 0:
            prev = doc[tok.i - 1]
            if prev.is_title and prev.pos_ == "PROPN" and not prev.is_sent_start and prev.ent_type_ not in ("PERSON", "ORG"):
                out.setdefault((prev.idx, prev.idx + len(prev)), "place")
    # a surname of someone the article names is not a place ("Tom Farrin ... told Farrin"),
    # unless it is a country or a region's name
    surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) >= 2 and not title_case_line(sent_of[e.start], text)}
    for (s, e), kind in list(out.items()):
        if kind == "place" and text[s:e] in surnames and not any(
                c["feature_class"] == "A" for c in candidates(text[s:e])):
            del out[(s, e)]
    for (s, e), kind in list(out.items()):      # "St. Petersburg's" -> "St. Petersburg"
        if text[s:e].endswith(("'s", "’s")) and e - s > 3:
            del out[(s, e)]
            out.setdefault((s, e - 2), kind)
    _repeat(doc, text, ents, out)
    spans = sorted(out)
    # drop mentions inside longer ones
    return [(s, e, out[(s, e)]) for s, e in spans
            if not any(o != (s, e) and o[0] <= s and e <= o[1] for o in spans)]


def _repeat(doc: Doc, text: str, ents, out: dict) -> None:
    """One name, one sense per article: every other occurrence of a place name found once (the
    headline's "Kharkiv" when the body's is tagged) is a mention too, unless it lies inside a
    person's or an organisation's name or another mention."""
    names = {text[s:e] for (s, e), kind in out.items() if kind == "place" and e - s >= 4 and text[s].isupper()}
    if not names:
        return
    blocked = [(e.start_char, e.end_char) for e in ents if e.label_ in ("PERSON", "ORG", "WORK_OF_ART", "PRODUCT")]
    taken = list(out)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                         + r")(?![\w-])")
    for m in pattern.finditer(text):
        s, e = m.span()
        if any(bs < e and s < be for bs, be in blocked) or any(ts < e and s < te for ts, te in taken):
            continue
        out[(s, e)] = "place"


def _context_countries(text: str) -> dict[str, int]:
    low = text.lower()
    ctx: dict[str, int] = {}
    for stem, cc in DEMONYMS.items():
        n = low.count(stem)
        if n:
            ctx[cc] = ctx.get(cc, 0) + n
    return ctx


#: the component's settings (``nlp.add_pipe("claimgraph_places", config={...})``): a same-named
#: rival more than ``rival_km`` away (GeoNames has near-duplicates of one place a few km apart)
#: leaves the name ambiguous (three villages called Zaitseve, no context) when the ranker gives
#: its first choice less than ``unsure`` or the rival at least ``rival_share`` of its
#: probability; ``tagger_threshold``: the toponym tagger's cut-off (None: the one shipped with it)
DEFAULT_CONFIG = {"unsure": 0.5, "rival_share": 1 / 3, "rival_km": 10.0, "tagger_threshold": None}


REGION_WORDS = {"region", "oblast", "province", "krai", "kray", "governorate", "state", "county", "district"}
_REGION_OF = re.compile(r"\b(region|oblast|province|governorate)\s+of\s+$", re.I)


def _division_name(text: str, s: int, e: int, name: str) -> str:
    """The name to look up: "Luhansk region" for "the Ukrainian region of Luhansk" and for
    "Kharkiv region", so the division wins over its capital, when the gazetteer has it so."""
    if name.split()[-1].lower() in REGION_WORDS:
        return name
    m = _REGION_OF.search(text[max(0, s - 30):s])
    after = re.match(r"\s+(region|oblast|province|krai|governorate)\b", text[e:e + 15], re.I)
    word = m.group(1) if m else after.group(1) if after else None
    if word:
        ext = f"{name} {word.lower()}"
        if candidates(ext):
            return ext
    return name


#: verbs whose object is where the action happens ("shelled the city of Kharkiv")
PLACE_OBJECT_VERBS = {"shell", "strike", "hit", "attack", "bomb", "capture", "seize", "liberate", "occupy", "enter",
                      "storm", "encircle", "surround", "target", "raid", "evacuate", "visit", "reach", "recapture",
                      "retake", "take", "besiege", "blockade", "flood", "overrun", "defend", "leave", "abandon"}
_PLACE_NOUNS = REGION_WORDS | {"city", "town", "village", "settlement", "area", "outskirts", "centre", "center",
                               "suburb", "port", "capital"}


def _governing_prep(doc: Doc, s: int, e: int) -> str:
    """The preposition a mention hangs from, climbing through "the city of", "the Kharkiv
    region", "Russia's": "in" for "shelling in the Ukrainian region of Luhansk"; "in" too for
    the object of a verb of place ("shelled the city of Kharkiv")."""
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return ""
    tok = span.root
    for _ in range(4):
        if tok.dep_ in ("compound", "amod", "nmod", "poss", "appos") and tok.head.i != tok.i:
            tok = tok.head
        elif (tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in _PLACE_NOUNS
              and tok.head.head.i < tok.i):
            tok = tok.head.head
        else:
            break
    if tok.dep_ == "pobj":
        return tok.head.lower_
    if tok.dep_ == "dobj" and tok.head.lemma_ in PLACE_OBJECT_VERBS:
        return "in"
    return doc[span.start - 1].lower_ if span.start > 0 else ""


def _toponyms(doc: Doc, scored: list, threshold: Optional[float] = None) -> list[tuple[int, int, str]]:
    """The toponym spans with their kind: the rules' mentions (:func:`_mentions`) rescored, and
    added to, by the learned tagger (:mod:`.tagger`) when its model is shipped. ``scored`` gets
    (start, end, probability) of the spans the tagger keeps."""
    rules = {(s, e): kind for s, e, kind in _mentions(doc)}
    text = text_of(doc)
    model = tagger.load()
    if model is None:
        return [(s, e, kind) for (s, e), kind in rules.items()]
    cands = tagger.spans(doc, rules)
    feats = tagger.features(doc, cands, actor_names())
    probs = dict(zip((sp for sp, _ in feats), tagger.scores([row for _, row in feats], model)))
    out = []
    # a division written with its type is sure: the rules' mentions, and any other candidate
    # span whose type word names nothing but a division (spaCy's small model calls "Zaporizhzhia
    # Oblast" a person; a "Florida District" or a "Ramsey District" is a church's or a court's)
    for (s, e) in cands:
        kind = rules.get((s, e))
        if ((kind == "place" or kind is None and DIVISION_ONLY.search(text[s:e]))
                and _division_form(text[s:e])):
            probs[(s, e)] = max(probs.get((s, e), 0.0), 1.0)
    for s, e in tagger.choose(list(probs.items()), model["threshold"] if threshold is None else threshold):
        kind = rules.get((s, e))
        if kind != "demonym" and _group_plural(doc, text, s, e):
            continue
        if kind is None:
            word = text[s:e]
            if DEMONYM_ENDING.search(word) and _is_country_word(word):
                kind = "demonym"
            elif cands[(s, e)].get("prefix") in ("ORG", "FAC"):
                kind = "seat"
            else:
                kind = "place"
        scored.append((s, e, probs[(s, e)]))
        out.append((s, e, kind))
    return out


def _group_plural(doc: Doc, text: str, s: int, e: int) -> bool:
    """A plural noun naming people, not a place: one word that spaCy tags a common plural noun
    ("Marines and paratroopers held ...") or a plural proper noun it calls a nationality or group
    ("Marines crossed the Dnipro"), unless the gazetteer has the word as a country or a division
    ("Philippines", "Netherlands")."""
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None or len(span) != 1 or not text[s:e].endswith("s"):
        return False
    tok = span[0]
    if not (tok.tag_ == "NNS" or tok.tag_ == "NNPS" and tok.ent_type_ == "NORP"):
        return False
    return not any(c["feature_class"] in ("A", "A2") for c in candidates(text[s:e]))


def resolve(doc: Doc, unsure: float = DEFAULT_CONFIG["unsure"], rival_share: float = DEFAULT_CONFIG["rival_share"],
            rival_km: float = DEFAULT_CONFIG["rival_km"], tagger_threshold: Optional[float] = None) -> list[Place]:
    """Every toponym of the article resolved jointly (:func:`geocode.resolve_names`): the
    article's other places, the countries its adjectives name and "X, Russia" after a mention
    are the context. The settings: see :data:`DEFAULT_CONFIG`."""
    did = doc_id(doc)
    text = text_of(doc)
    _scored: list = []
    found = [(s, e, kind) for s, e, kind in _toponyms(doc, _scored, tagger_threshold)
             if e - s >= 3 or text[s:e].isupper() and e - s == 2]
    dropped = not_places(doc, [(s, e) for s, e, _ in found], candidates)
    found = [f for f in found if (f[0], f[1]) not in dropped]
    tagged = {(ent.start_char, ent.end_char) for ent in ents_of(doc) if ent.label_ in ("GPE", "LOC")}
    sources = speaker_spans(doc)
    tagged_spans = {(s, e): p for s, e, p in _scored}
    mentions = [(s, e) for s, e, _ in found]
    kinds = [kind for _, _, kind in found]
    names = [text[s:e] for s, e in mentions]
    lookup = [_division_name(text, s, e, name) for (s, e), name in zip(mentions, names)]
    hints = []
    for s, e in mentions:
        m = re.match(r",\s*(Russia|Ukraine|Belarus|Poland|Moldova)\b", text[e:e + 20])
        hints.append(COUNTRY_CODES[m.group(1)] if m else None)
    results = resolve_names(lookup, countries=_context_countries(text), hints=hints)
    out = []
    for (s, e), name, kind, r in zip(mentions, names, kinds, results):
        if r is None:
            if kind == "place" and (s, e) in tagged_spans:   # a street or a hamlet the gazetteer lacks
                out.append(Place(id=record_id(did, "place", s, e), doc_id=did, mention=Span(s, e, name),
                                 role="event_location" if _governing_prep(doc, s, e) in EVENT_PREPS else "mentioned",
                                 confidence=round(tagged_spans[(s, e)], 3)))
            continue
        if kind == "demonym":     # the country, whatever else shares the word
            countries = [c for c in r["ranked"] if c["feature_class"] == "A" and c.get("admin1") is None]
            if not countries:
                continue
            r = dict(r, best=countries[0], ranked=countries, scores=[], margin=99.0)
        best, ranked, scores = r["best"], r["ranked"], r.get("scores") or []
        if "fuzzy" in best and not any(ts <= s and e <= te for ts, te in tagged):
            continue        # a near spelling is a place only where the tagger says it names one
        speaker = kind == "place" and speaks(doc, s, e, sources)
        if speaker and not governs(best):
            continue        # "Verstka reported": an outlet or a person, not a village
        rivals = [c for c, sc in zip(ranked[1:], scores[1:])
                  if (scores[0] < unsure or sc >= rival_share * scores[0])
                  and fold(c["name"]) == fold(best["name"]) and c["feature_class"] == best["feature_class"]
                  and haversine_km(c["lat"], c["lon"], best["lat"], best["lon"]) > rival_km]
        ambiguous = bool(rivals)
        role = ("government" if speaker else
                ("event_location" if _governing_prep(doc, s, e) in EVENT_PREPS else "mentioned")
                if kind == "place" else ROLES[kind])
        if ambiguous:
            conf = 1.0 / (1 + len(rivals))
        else:
            conf = min(0.95, scores[0]) if len(ranked) > 1 and scores else 0.95
            if "fuzzy" in best:
                conf = min(conf, 0.6)
            if best.get("located_by") in ("context", "named_after") and best["feature_class"] != "A2":
                conf = 0.3          # a name the gazetteer lacks, put where the article's places are
        out.append(Place(
            id=record_id(did, "place", s, e), doc_id=did, mention=Span(s, e, name),
            geonameid=best["geonameid"], name=best["name"], admin1=best["admin1"], country=best["country"],
            lat=best["lat"], lon=best["lon"], feature_class=best["feature_class"], role=role, ambiguous=ambiguous,
            candidates=[dict({k: c.get(k) for k in ("geonameid", "name", "admin1", "country", "lat", "lon", "population")},
                             score=sc) for c, sc in zip(ranked, scores)] if len(ranked) > 1 else [],
            confidence=round(conf, 3)))
    return out


class PlacesComponent:
    """Adds ``doc._.places``; the settings: see :data:`DEFAULT_CONFIG`."""

    def __init__(self, unsure: float = DEFAULT_CONFIG["unsure"], rival_share: float = DEFAULT_CONFIG["rival_share"],
                 rival_km: float = DEFAULT_CONFIG["rival_km"], tagger_threshold: Optional[float] = None):
        for label, value in (("unsure", unsure), ("rival_share", rival_share), ("tagger_threshold", tagger_threshold)):
            if value is not None and not 0.0 <= value <= 1.0:
                raise ValueError(f"claimgraph_places: {label} must be between 0 and 1, not {value!r}")
        if rival_km < 0:
            raise ValueError(f"claimgraph_places: rival_km must not be negative, not {rival_km!r}")
        self.settings = {"unsure": unsure, "rival_share": rival_share, "rival_km": rival_km,
                         "tagger_threshold": tagger_threshold}

    def __call__(self, doc: Doc) -> Doc:
        doc._.places = resolve(doc, **self.settings)
        forget(doc)
        return doc


@Language.factory("claimgraph_places", default_config=DEFAULT_CONFIG)
def make_places(nlp: Language, name: str, unsure: float, rival_share: float, rival_km: float,
                tagger_threshold: Optional[float]) -> PlacesComponent:
    return PlacesComponent(unsure, rival_share, rival_km, tagger_threshold)
