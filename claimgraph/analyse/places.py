"""claimgraph_places: toponyms resolved offline to GeoNames features.

First version (issue 6 deepens it). Mentions are spaCy's GPE/LOC entities and capitalised
words after a locative preposition ("held in a basement in Sayzewe"). Each is looked up in the
gazetteer (:mod:`claimgraph.analyse.gazetteer`) by its folded spelling and by its English
transliteration of German renderings (Swatowe -> Svatove), then fuzzily (Valuiki -> Valuyki).
Candidates are ranked by the article's countries (country names and "Ukrainian"/"Russian"
in the text, and "X, Russia" right after the mention) and then by population. When several
same-named places in the article's country stay plausible (three villages called Zaitseve),
the record keeps the ranked candidates and sets ``ambiguous`` rather than pinning a guess.
Role: ``event_location`` after in/at/near/outside, else ``mentioned``.
"""
from __future__ import annotations

import math
import re

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Place, Span, record_id
from .extensions import doc_id, register
from .gazetteer import candidates, fuzzy_candidates

register()

LOCATIVE = {"in", "at", "near", "outside", "to", "from", "into", "around", "towards", "toward", "of"}
EVENT_PREPS = {"in", "at", "near", "outside", "around"}
DEMONYMS = {"ukrain": "UA", "russia": "RU", "belarus": "BY", "poland": "PL", "polish": "PL", "moldova": "MD",
            "georgia": "GE", "kazakh": "KZ"}


def _mentions(doc: Doc) -> list[tuple[int, int]]:
    out = []
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC", "FAC"):
            s, e = ent.start_char, ent.end_char
            if ent[0].lower_ == "the":
                s = ent[1].idx if len(ent) > 1 else s
            out.append((s, e))
    for tok in doc:
        if (tok.is_title and not tok.is_sent_start and tok.i > 0 and doc[tok.i - 1].lower_ in LOCATIVE
                and tok.pos_ in ("PROPN", "NOUN") and (not tok.ent_type_ or tok.ent_iob_ == "B" and (tok.i + 1 >= len(doc) or doc[tok.i + 1].ent_iob_ != "I"))):
            out.append((tok.idx, tok.idx + len(tok)))
    out = sorted(set(out))
    # drop mentions inside longer ones
    return [m for m in out if not any(o != m and o[0] <= m[0] and m[1] <= o[1] for o in out)]


def _context_countries(doc: Doc) -> dict[str, int]:
    low = doc.text.lower()
    ctx: dict[str, int] = {}
    for stem, cc in DEMONYMS.items():
        n = low.count(stem)
        if n:
            ctx[cc] = ctx.get(cc, 0) + n
    return ctx


def resolve(doc: Doc) -> list[Place]:
    did = doc_id(doc)
    text = doc.text
    ctx = _context_countries(doc)
    out = []
    for s, e in _mentions(doc):
        name = text[s:e]
        if len(name) < 3:
            continue
        cands = candidates(name) or fuzzy_candidates(name)
        if not cands:
            continue
        after = text[e:e + 20]
        m = re.match(r",\s*(Russia|Ukraine|Belarus|Poland|Moldova)\b", after)
        local = {"Russia": "RU", "Ukraine": "UA", "Belarus": "BY", "Poland": "PL", "Moldova": "MD"}[m.group(1)] if m else None

        def score(c):
            sc = math.log10(1 + (c["population"] or 0))
            sc += 3.0 * min(ctx.get(c["country"], 0), 3)
            if local and c["country"] == local:
                sc += 20
            if c["feature_class"] == "A":
                sc += 5
            sc -= (100 - c.get("fuzzy", 100)) / 5
            return sc

        ranked = sorted(cands, key=score, reverse=True)
        best = ranked[0]
        same = [c for c in ranked[1:] if c["country"] == best["country"] and c["feature_class"] == best["feature_class"]
                and c["name"] == best["name"]]
        ambiguous = bool(same) and (best["population"] or 1) < 5 * max(1, same[0]["population"] or 1)
        prev = doc.char_span(s, e, alignment_mode="expand")
        prep = doc[prev.start - 1].lower_ if prev is not None and prev.start > 0 else ""
        role = "event_location" if prep in EVENT_PREPS else "mentioned"
        conf = 1.0 / (1 + len(same)) if ambiguous else (0.9 if "fuzzy" not in best else 0.6)
        out.append(Place(
            id=record_id(did, "place", s, e), doc_id=did, mention=Span(s, e, name),
            geonameid=best["geonameid"], name=best["name"], admin1=best["admin1"], country=best["country"],
            lat=best["lat"], lon=best["lon"], feature_class=best["feature_class"], role=role, ambiguous=ambiguous,
            candidates=[{k: c[k] for k in ("geonameid", "name", "admin1", "country", "lat", "lon", "population")}
                        for c in ranked[:5]] if ambiguous or len(ranked) > 1 else [],
            confidence=round(conf, 3)))
    return out


@Language.component("claimgraph_places")
def places_component(doc: Doc) -> Doc:
    doc._.places = resolve(doc)
    return doc
