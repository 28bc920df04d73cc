"""Which spans of an article are toponyms: a learned scorer over candidate spans.

Candidates (:func:`spans`) are the spans the hand-written rules of the places component find
(:func:`claimgraph.analyse.places.component._mentions`), every named entity spaCy tags
whatever its label (its tagger often calls a town ORG or PERSON), the leading capitalised words
of an organisation's, a facility's or a person's name ("Oxford" in "Oxford University") and
the last word of any longer entity ("Kupiansk" in a headline's "Flee Kupiansk"), and runs
of capitalised words no entity covers (datelines such as "COLUMBUS, Ohio", names after "in").
Each gets a row of features (:func:`features`): how spaCy labelled it, what the gazetteer knows
of the name (exact or division-form match, population, countries, divisions and capitals, a
near spelling only),
its shape and the words around it (a locative preposition, a title, ", State" after it, a
street word at its end, a seat word such as "County" or "Police" after it, being the subject of
a verb of saying), and whether the
article uses the words as a person's name or names an actor with them. A gradient-boosted tree
ensemble trained by ``claimgraph.training.places_tagger`` (shipped as ``assets/models/places/tagger.json``,
trees as plain arrays, read without scikit-learn) scores each; spans above the shipped threshold
are kept, the higher-scoring of two overlapping spans winning.
"""
from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Optional

import numpy as np
from spacy.tokens import Doc

from ...assets import ASSETS
from .gazetteer import candidates, fold, has_near_spelling, lookup_cache
from .ranker import tree_probabilities, tree_probability
from .roles import SPEECH_VERBS, ents_of, people_words, sentence_of, text_of, title_case_line, token_arrays

WEIGHTS = ASSETS / "models" / "places" / "tagger.json"

LABELS = ("GPE", "LOC", "FAC", "ORG", "PERSON", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART")
STREET_WORDS = {"street", "st", "road", "rd", "avenue", "ave", "drive", "dr", "boulevard", "blvd", "lane", "ln",
                "highway", "hwy", "parkway", "pkwy", "way", "circle", "court", "ct", "place", "pl", "pike",
                "bridge", "square", "terrace", "trail", "route", "interstate", "expressway", "freeway", "alley"}
WATER_WORDS = {"river", "lake", "sea", "bay", "gulf", "ocean", "creek", "strait", "canal", "reservoir", "harbor",
               "harbour", "port", "island", "islands", "valley", "mountain", "mountains", "mount", "hill", "hills",
               "park", "forest", "desert", "peninsula", "coast", "plant", "dam", "airport", "station", "base"}
SEAT_AFTER = {"police", "department", "county", "city", "council", "university", "college", "hospital", "school",
              "schools", "court", "sheriff", "government", "township", "district", "state", "office", "airport",
              "police", "fire", "public", "board", "mayor", "officials", "residents", "area", "region", "oblast"}
LOCATIVE = {"in", "at", "near", "outside", "to", "from", "into", "around", "towards", "toward", "of", "across",
            "through", "via", "between", "throughout", "within", "inside", "on", "north", "south", "east", "west",
            "over", "along", "beyond", "outside", "across"}
TITLES = {"mr", "mrs", "ms", "dr", "sen", "senator", "rep", "gov", "governor", "president", "mayor", "judge", "coach",
          "officer", "sgt", "lt", "col", "gen", "capt", "general", "colonel", "minister", "pope", "king", "queen",
          "prince", "saint", "st", "sir", "lady", "lord", "father", "rev", "chief", "deputy", "detective"}
CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

FEATURES = (
    *(f"label_{x}" for x in LABELS), "label_none", "prefix_of_entity", "prefix_of_person", "suffix_of_entity",
    "rule_place", "rule_demonym", "rule_seat",
    "gaz_exact", "gaz_primary", "gaz_log_candidates", "gaz_log_population", "gaz_country", "gaz_admin1",
    "gaz_admin2", "gaz_populated", "gaz_area", "gaz_division_form", "gaz_any", "gaz_near_spelling", "gaz_capital",
    "speech_subject",
    "tokens", "all_caps", "title", "sentence_start", "doc_start", "headline",
    "prev_locative", "prev_title", "prev_the", "next_comma_place", "next_seat", "next_possessive",
    "street_word", "water_word", "person_word", "actor_name", "calendar", "same_text_gpe",
    "lower", "length",
    "conjunct", "coord_known", "coord_place", "ctx_admin1", "ctx_country", "plural", "ctx_any",
    "ctx_known_admin1", "ctx_known_any",
)

#: spaCy labels whose spans, when the gazetteer knows them as a town or a division, count as the
#: article's other places for the agreement features (spaCy's small model tags "Kramatorsk"
#: PRODUCT and many towns ORG)
ANCHOR_LABELS = {"GPE", "LOC", "ORG", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT"}

#: words that coordinate names in a list ("Avdiivka, Marinka and Vuhledar")
COORDINATORS = {",", "and", "or", "&"}


def _clean(text: str, s: int, e: int) -> tuple[int, int]:
    if text[s:s + 4].lower() == "the ":
        s += 4
    if text[s:e].endswith(("'s", "’s")) and e - s > 3:
        e -= 2
    return s, e


def spans(doc: Doc, rules: dict[tuple[int, int], str]) -> dict[tuple[int, int], dict]:
    """Candidate spans -> how they were proposed (``label``, ``prefix``, ``rule``)."""
    out: dict[tuple[int, int], dict] = {}
    text = text_of(doc)
    for (s, e), kind in rules.items():
        out.setdefault((s, e), {})["rule"] = kind
    covered = set()
    for ent in ents_of(doc):
        covered.update(range(ent.start, ent.end))
        if ent.label_ not in LABELS:
            continue
        s, e = _clean(text, ent.start_char, ent.end_char)
        if e > s:
            out.setdefault((s, e), {})["label"] = ent.label_
        toks = [t for t in ent if t.lower_ != "the"]
        if ent.label_ in ("ORG", "FAC", "PERSON", "EVENT", "WORK_OF_ART", "PRODUCT") and len(toks) >= 2:
            for k in range(1, min(3, len(toks) - 1) + 1):
                head = toks[:k]
                if all(t.is_title or t.is_upper for t in head):
                    span = (head[0].idx, head[-1].idx + len(head[-1]))
                    out.setdefault(span, {})["prefix"] = ent.label_
        if len(toks) >= 2 and toks[-1].is_alpha and (toks[-1].is_title or toks[-1].is_upper):
            last = toks[-1]             # "Kupiansk" in a headline's "Flee Kupiansk"
            out.setdefault((last.idx, last.idx + len(last)), {})["suffix"] = ent.label_
        for part in conjuncts(toks):    # "Robotyne and Verbove" tagged as one facility
            out.setdefault((part[0].idx, part[-1].idx + len(part[-1])), {})["conjunct"] = ent.label_
    arrays = token_arrays(doc)
    capitalised = ((arrays["IS_ALPHA"] != 0) & ((arrays["IS_TITLE"] != 0) | (arrays["IS_UPPER"] != 0))
                   & (arrays["LENGTH"] > 1))
    if covered:
        capitalised[list(covered)] = False
    run: list = []
    prev = -2
    for i in np.nonzero(capitalised)[0].tolist() + [None]:
        if i is not None and i == prev + 1:
            run.append(doc[i])
            prev = i
            continue
        for a in range(len(run)):
            for b in range(a, min(len(run), a + 4)):
                span = (run[a].idx, run[b].idx + len(run[b]))
                out.setdefault(span, {})["run"] = True
        run = [doc[i]] if i is not None else []
        prev = i if i is not None else prev
    return out


def conjuncts(toks: list) -> list[list]:
    """The names an entity's tokens coordinate ("Avdiivka", "Marinka", "Vuhledar" of "Avdiivka,
    Marinka and Vuhledar"): runs of one to four capitalised words between ",", "and", "or", "&";
    none when the entity coordinates nothing or a part is not such a run ("Johnson & Johnson"
    gives two, the tagger decides)."""
    if not any(t.text in COORDINATORS or t.lower_ in COORDINATORS for t in toks):
        return []
    parts: list = [[]]
    for t in toks:
        if t.text in COORDINATORS or t.lower_ in COORDINATORS:
            if parts[-1]:
                parts.append([])
        else:
            parts[-1].append(t)
    parts = [p for p in parts if p]
    if len(parts) < 2 or not all(len(p) <= 4 and p[0].is_alpha and (p[0].is_title or p[0].is_upper) for p in parts):
        return []
    return parts


def _siblings(doc: Doc, first: int, last: int, starts: dict, ends: dict) -> list[tuple[int, int]]:
    """The candidate spans coordinated with the tokens ``first``..``last``: a candidate ending just
    before ", " / " and " / " or " / ", and " in front of it, or starting just after one behind it."""
    out = []
    i = first - 1
    if i >= 0 and doc[i].lower_ in COORDINATORS:
        j = i - 1 if not (doc[i].lower_ in ("and", "or") and i >= 1 and doc[i - 1].text == ",") else i - 2
        out += ends.get(j, [])
    i = last + 1
    if i < len(doc) and doc[i].lower_ in COORDINATORS:
        j = i + 1 if not (doc[i].text == "," and i + 1 < len(doc) and doc[i + 1].lower_ in ("and", "or")) else i + 2
        out += starts.get(j, [])
    return out


def _prior_best(w: str, classes: Optional[tuple] = None) -> Optional[dict]:
    cs = [c for c in candidates(w) if classes is None or c["feature_class"] in classes]
    return max(cs, key=lambda c: c.get("population") or 0) if cs else None


def features(doc: Doc, cands: dict[tuple[int, int], dict], actors: frozenset) -> list[tuple[tuple[int, int], list[float]]]:
    """(span, feature row) per candidate span."""
    text = text_of(doc)
    ents = ents_of(doc)
    person_words = people_words(ents)
    gpe_texts = {e.text for e in ents if e.label_ in ("GPE", "LOC")}
    headline: dict[int, bool] = {}
    sent_of = sentence_of(doc)
    tokspans = {}
    starts: dict = {}
    ends: dict = {}
    for (s, e) in cands:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and len(span):
            tokspans[(s, e)] = span
            starts.setdefault(span.start, []).append((s, e))
            ends.setdefault(span.end - 1, []).append((s, e))
    # the article's anchors: names spaCy or the rules call places that the gazetteer knows, with
    # the country and first-level division of their most populous feature
    # (GPE / LOC, a place rule's mention, or an entity or conjunct of another label whose text the
    # gazetteer has as a town or a division: "Kramatorsk" tagged PRODUCT supports "Druzhkivka")
    anchors: dict = {}
    for (s, e), how in cands.items():
        label = how.get("label") or how.get("conjunct")
        strong = how.get("label") in ("GPE", "LOC") or how.get("rule") == "place"
        if not strong and label not in ANCHOR_LABELS:
            continue
        w = text[s:e]
        if not strong and (w in person_words or not w[:1].isupper() or fold(w) in CALENDAR):
            continue
        best = _prior_best(w, None if strong else ("P", "A", "A2"))
        if best is not None:
            anchors[(s, e)] = (best.get("country"), best.get("admin1"), strong)
    rows = []
    for (s, e), how in cands.items():
        span = tokspans.get((s, e))
        if span is None:
            continue
        w = text[s:e]
        known, gaz, capital = _gazetteer_features(w)
        key = fold(w)
        first, last = span[0], span[-1]
        prev = doc[first.i - 1] if first.i > 0 else None
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        nxt2 = doc[last.i + 2] if last.i + 2 < len(doc) else None
        sent = sent_of[first.i]
        if sent.start not in headline:
            headline[sent.start] = title_case_line(sent, text)
        label = how.get("label")
        rule = how.get("rule")
        sibs = [sp for sp in _siblings(doc, first.i, last.i, starts, ends) if sp != (s, e)]
        sib_known = [_gazetteer_features(text[a:b])[0] for a, b in sibs]
        known_others = [v[:2] for k, v in anchors.items() if not (k[0] < e and s < k[1])]
        others = [v[:2] for k, v in anchors.items() if v[2] and not (k[0] < e and s < k[1])]
        cs = candidates(w) if known else []
        where = {(c.get("country"), c.get("admin1")) for c in cs if c["feature_class"] in ("P", "A", "A2")}
        rows.append(((s, e), [
            *(float(label == x) for x in LABELS), float(label is None),
            float(how.get("prefix") is not None), float(how.get("prefix") == "PERSON"),
            float(how.get("suffix") is not None),
            float(rule == "place"), float(rule == "demonym"), float(rule == "seat"),
            *gaz, float(known or bool(how.get("rule"))),
            float(not known and len(span) == 1 and len(w) >= 5 and w[0].isupper() and has_near_spelling(w)),
            capital,
            float(span.root.dep_ in ("nsubj", "nsubjpass") and span.root.head.lemma_.lower() in SPEECH_VERBS),
            min(len(span), 5) / 5.0, float(w.isupper() and len(w) > 2), float(all(t.is_title for t in span if t.is_alpha)),
            float(first.is_sent_start), float(first.i < 3), float(headline[sent.start]),
            float(prev is not None and prev.lower_ in LOCATIVE),
            float(prev is not None and prev.lower_.rstrip(".") in TITLES),
            float(prev is not None and prev.lower_ == "the"),
            float(nxt is not None and nxt.text == "," and nxt2 is not None and nxt2.ent_type_ == "GPE"),
            float(nxt is not None and nxt.lower_ in SEAT_AFTER),
            float(nxt is not None and nxt.lower_ in ("'s", "’s")),
            float(last.lower_.rstrip(".") in STREET_WORDS), float(any(t.lower_ in WATER_WORDS for t in span)),
            float(w in person_words), float(key in actors), float(key in CALENDAR),
            float(w in gpe_texts and label not in ("GPE", "LOC")),
            float(w.islower()), min(len(w), 30) / 30.0,
            float(how.get("conjunct") is not None),
            sum(sib_known) / len(sib_known) if sib_known else 0.0,
            float(any(cands[sp].get("label") in ("GPE", "LOC") or cands[sp].get("rule") == "place" for sp in sibs)),
            sum(1 for o in others if o[1] and o in where) / len(others) if others else 0.0,
            sum(1 for o in others if o[0] in {c for c, _ in where}) / len(others) if others else 0.0,
            float(len(span) == 1 and first.tag_ in ("NNS", "NNPS") and w.endswith("s")),
            float(bool(others)),    # 0 agreement with nothing to compare is not disagreement
            sum(1 for o in known_others if o[1] and o in where) / len(known_others) if known_others else 0.0,
            float(bool(known_others)),
        ]))
    return rows


@lookup_cache
def _gazetteer_features(w: str) -> tuple[bool, tuple[float, ...], float]:
    """Whether the gazetteer knows ``w`` (as written or as a division written with its type),
    the features ``gaz_exact`` to ``gaz_division_form`` of :data:`FEATURES`, and ``gaz_capital``."""
    from .geocoder import DIVISION_FORM

    cs = candidates(w)
    division = False
    if not cs:
        m = DIVISION_FORM.match(w)
        if m:
            cs = [c for c in candidates(m.group("a") or m.group("b")) if c["feature_class"] in ("A", "A2")]
            division = bool(cs)
    key = fold(w)
    pops = [c.get("population") or 0 for c in cs]
    return bool(cs), (
        float(bool(cs)), float(any(fold(c["name"]) == key for c in cs)), math.log1p(len(cs)) / 4.0,
        math.log10(max(pops) + 1) / 7.0 if pops else 0.0,
        float(any(c["feature_class"] == "A" and c.get("admin1") is None for c in cs)),
        float(any(c["feature_class"] == "A" and c.get("admin1") for c in cs)),
        float(any(c["feature_class"] == "A2" for c in cs)),
        float(any(c["feature_class"] == "P" for c in cs)),
        float(any(c["feature_class"] in ("L", "H", "T", "S") for c in cs)),
        float(division)), float(any(c.get("capital") and fold(c["name"]) == key for c in cs))


@functools.lru_cache(maxsize=1)
def load(path: Optional[str] = None) -> Optional[dict]:
    """The shipped tagger (trees and threshold), or None when absent or for another feature set."""
    p = Path(path) if path else WEIGHTS
    if not p.exists():
        return None
    model = json.loads(p.read_text(encoding="utf-8"))
    return model if tuple(model.get("features") or ()) == FEATURES else None


def score(row: list[float], model: dict) -> float:
    """The probability that a span is a toponym."""
    return tree_probability(row, model)


def scores(rows: list[list[float]], model: dict) -> list[float]:
    """:func:`score` of many spans at once."""
    return tree_probabilities(rows, model)


def choose(scored: list[tuple[tuple[int, int], float]], threshold: float) -> list[tuple[int, int]]:
    """Spans at or above the threshold; of two overlapping spans the higher-scoring one (the
    longer on a tie)."""
    kept: list[tuple[int, int]] = []
    for (s, e), p in sorted(scored, key=lambda x: (-x[1], -(x[0][1] - x[0][0]))):
        if p < threshold:
            break
        if not any(ks < e and s < ke for ks, ke in kept):
            kept.append((s, e))
    return sorted(kept)
