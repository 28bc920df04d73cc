"""Toponym resolution in the context of a whole article.

Given the place names an article mentions, choose a gazetteer feature for each, jointly:

1. candidates per name (exact and transliterated names, then fuzzy ones);
2. a prior: population (log scale), and a bonus for countries and first-level divisions whose
   name is exactly the one written ("Georgia" is first the state or the country, not a village);
3. context, from the other names of the same article: the country most of them point to, the
   states/oblasts they name or lie in, and the article's centre (the median of the other names'
   best guesses): a candidate in that country, that state, or near that centre gains.

The second pass re-scores each name with the context of the others' first-pass choices, so the
order of mention does not matter. Each result keeps the ranked candidates and a margin, so a
caller can flag an ambiguous name instead of pinning a guess.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import Optional

from .gazetteer import candidates, fold, fuzzy_candidates

NEAR_KM = 150.0
#: national capitals are named in the news far more often than their population says
CAPITAL_BONUS = 0.8
#: the article's region: a candidate within this distance of most of the others' choices gains
REGION_KM = 1500.0
REGION_BONUS = 0.8


def _distances():
    """:func:`haversine_km` between two features, remembered for the features' lifetime in one
    resolution (its rounds ask for the same pairs again)."""
    memo: dict[tuple[int, int], tuple] = {}

    def km(a: dict, b: dict) -> float:
        k = (id(a), id(b))
        hit = memo.get(k)
        if hit is None:     # the pair is kept with its distance, so neither id is reused meanwhile
            hit = memo[k] = (haversine_km(a["lat"], a["lon"], b["lat"], b["lon"]), a, b)
        return hit[0]
    return km


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


#: a division written with its type: "Republic of Crimea", "Kharkiv Oblast", "the Belgorod region"
DIVISION_FORM = re.compile(r"^(?:(?:autonomous\s+)?republic\s+of\s+(?P<a>.+)|(?P<b>.+?)\s+(?:oblast|region|province|"
                           r"krai|kray|governorate|republic|autonomous\s+republic|raion|rayon|district))$", re.I)


#: abbreviations news writes in place names, and what they stand for
ABBREVIATIONS = ((r"\bMt\.?(?=\s)", "Mount"), (r"\bSt\.?(?=\s)", "Saint"), (r"\bFt\.?(?=\s)", "Fort"),
                 (r"\bPt\.?(?=\s)", "Point"), (r"\s+Co\.?$", " County"), (r"\s+Twp\.?$", " Township"),
                 (r"\s+Hts\.?$", " Heights"))
_DIVISION_WORD = re.compile(r"\b(county|parish|borough|township|district|oblast|region|province|state)$", re.I)


def _cands(name: str) -> list[dict]:
    """Candidates of a name as written, with its abbreviations spelt out ("Mt. Pleasant",
    "Loudon Co."), and the counties or parishes a bare name may stand for ("Clay and Becker
    counties"); else a division written with its type; else near spellings."""
    name = re.sub(r"^(the)\s+", "", name.strip(), flags=re.I)
    out = candidates(name)
    full = name
    for pattern, repl in ABBREVIATIONS:
        full = re.sub(pattern, repl, full)
    if full != name:
        seen = {(c["name"], c["lat"], c["lon"], c["feature_class"]) for c in out}
        out += [c for c in candidates(full) if (c["name"], c["lat"], c["lon"], c["feature_class"]) not in seen]
    if out and not _DIVISION_WORD.search(full) and len(full.split()) <= 3:
        seen = {(c["name"], c.get("admin1"), c["country"]) for c in out}
        for word in ("County", "Parish"):
            out += [c for c in candidates(f"{full} {word}") if c["feature_class"] == "A2"
                    and (c["name"], c.get("admin1"), c["country"]) not in seen]
    if not out:
        m = DIVISION_FORM.match(name)
        if m:           # the division itself, never a town that shares its core name
            out = [c for c in candidates(m.group("a") or m.group("b")) if c["feature_class"] in ("A", "A2")]
    if not out and len(name.split()) <= 2:
        out = fuzzy_candidates(name)
    return [c for c in out if c.get("lat") is not None]


def _prior(name: str, c: dict) -> float:
    s = math.log10((c.get("population") or 0) + 10) / 4.0
    exact = fold(c["name"]) == fold(name) or fold(name) in ("us", "u s", "usa", "uk", "u k", "america", "britain")
    if c["feature_class"] in ("L", "H", "T", "S"):                 # a continent, region, sea, landmark
        s += 2.0 if exact else 0.0
    elif c["feature_class"] == "A" and c.get("admin1") is None:    # a country
        s += 2.0 if exact or len(fold(name)) <= 4 else 1.0
    elif c["feature_class"] == "A":                                # a state / oblast
        s += 0.5 if exact else 0.2
    elif c.get("capital"):                                         # a national capital
        s += CAPITAL_BONUS
    elif c["feature_class"] == "A2":                               # a county
        s += 1.2 if re.search(r"\b(county|parish|borough)\b", name, re.I) else 0.0
    return s


def _heuristic(names: list[str], rounds: int, countries: Optional[dict[str, int]],
               hints: list[Optional[str]]) -> tuple[list[list[dict]], list[Optional[dict]], list[set]]:
    """Candidates per name, and per name the result of the hand-weighted score after ``rounds``
    rounds (round 0 chooses by the prior alone; each further round re-chooses every name with
    the others' current choices as context)."""
    looked: dict[str, list[dict]] = {}
    for n in names:
        if n not in looked:
            looked[n] = _cands(n)
    cands = [looked[n] for n in names]
    within = _containment(names, cands)
    choice = []
    for n, cs, h in zip(names, cands, hints):
        ranked = sorted(cs, key=lambda c: -(_prior(n, c) + (HINT_BONUS if h and c["country"] == h else 0.0)))
        choice.append(ranked[0] if ranked else None)
    out: list[Optional[dict]] = [None] * len(names)
    km = _distances()
    for _ in range(rounds):
        memo: dict[tuple[str, Optional[str]], Optional[dict]] = {}
        for i in range(len(names)):       # a name repeated in the article is resolved once per round
            k = (names[i], hints[i])
            if k not in memo:
                memo[k] = _resolve_one(i, names, cands, choice, countries or {}, hints[i], within[i], km)
            out[i] = memo[k]
        choice = [r["ranked"][0] if r else None for r in out]
    return cands, out, within


#: candidates the learned ranker looks at per name (the best by the hand-weighted score)
RANKER_POOL = 40


#: rounds of the hand-weighted score whose choices are the learned ranker's first context (each
#: round can pull a name further toward a wrong neighbour's state: two cross-validate better
#: on LGL's choose part than three, by article and by outlet); without the ranker, three
RANKER_ROUNDS = 2
HEURISTIC_ROUNDS = 3


def candidate_rows(names: list[str], rounds: int = RANKER_ROUNDS, countries: Optional[dict[str, int]] = None,
                   hints: Optional[list[Optional[str]]] = None) -> list[tuple[list[dict], list[list[float]]]]:
    """Per name, its candidates (at most :data:`RANKER_POOL`) and their ranker feature rows
    (:func:`claimgraph.analyse.places.ranker.features`), the context being the other names'
    choices by the hand-weighted score. Used both to rank and to train the ranker."""
    hints = hints or [None] * len(names)
    cands, heur, within = _heuristic(names, rounds, countries, hints)
    return _rows(names, heur, within, [r["best"] if r else None for r in heur], countries, hints)


def _name_context(names: list[str], heur: list[Optional[dict]]) -> dict:
    """:func:`ranker.name_context` of the article: per distinct name, its ranker pool and its
    best candidate by the prior alone (no context, so no choice of another name sways it)."""
    from . import ranker

    pools = {}
    for n, h in zip(names, heur):
        key = fold(n)
        if h is not None and key not in pools:
            cs = [c for _, c in h["all"][:RANKER_POOL]]
            pools[key] = (key, cs, max(cs, key=lambda c: _prior(n, c)))
    return ranker.name_context(list(pools.values()))


def _rows(names, heur, within, choice, countries, hints, nctx=None) -> list[tuple[list[dict], list[list[float]]]]:
    from . import ranker

    out = []
    memo: dict[tuple[str, Optional[str]], tuple] = {}
    if nctx is None:
        nctx = _name_context(names, heur)
    for i, n in enumerate(names):
        k = (n, hints[i])
        if k not in memo:
            if heur[i] is None:
                memo[k] = ([], [])
            else:
                pool = heur[i]["all"][:RANKER_POOL]
                cs = [c for _, c in pool]
                others = [b for j, b in enumerate(choice) if b is not None and fold(names[j]) != fold(n)]
                rows = ranker.features(n, cs, ranker.context(others), [sc for sc, _ in pool], within[i],
                                       countries or {}, hints[i], nctx)
                memo[k] = (cs, rows)
        out.append(memo[k])
    return out


def resolve_names(names: list[str], rounds: Optional[int] = None, countries: Optional[dict[str, int]] = None,
                  hints: Optional[list[Optional[str]]] = None) -> list[Optional[dict]]:
    """For each name: ``{"best": candidate, "ranked": [...], "scores": [...], "margin": float}``
    or None (no candidate).

    ``countries``: how often the article names each country other than as a toponym (e.g. the
    adjectives "Ukrainian", "Russian": country code -> count); ``hints``: per name, a country
    code the text pins it to ("Valuiki, Russia"). Candidates are ranked by the shipped learned
    ranker (:mod:`.ranker`; scores are probabilities) over the context of the other names'
    choices by the hand-weighted score; without weights, by that score itself."""
    from . import ranker

    hints = hints or [None] * len(names)
    model = ranker.load()
    if model is None:
        return [dict((k, v) for k, v in r.items() if k != "all") if r else None
                for r in _heuristic(names, HEURISTIC_ROUNDS if rounds is None else rounds, countries, hints)[1]]
    cands, heur, within = _heuristic(names, RANKER_ROUNDS if rounds is None else rounds, countries, hints)
    choice = [r["best"] if r else None for r in heur]
    nctx = _name_context(names, heur)
    for _ in range(RANKER_PASSES):
        out, choice_local = _rank(_rows(names, heur, within, choice, countries, hints, nctx), model)
        choice = [r["best"] if r else None for r in out]
    for r in out:        # a county is placed where the article's places in its state are
        if r and r["best"]["feature_class"] == "A2":
            r["best"] = _locate_county(r["best"], choice_local)
    located = [r["best"] for r in out if r and r["best"].get("lat") is not None]
    for i, r in enumerate(out):
        if r is None:
            out[i] = _unknown(names[i], choice_local, located)
    return out


#: ranking passes: the first over the context of the hand-weighted choices, each further one over
#: the previous pass's choices
RANKER_PASSES = 2


def _rank(rows_per_name, model) -> tuple[list[Optional[dict]], list[dict]]:
    from . import ranker

    out: list[Optional[dict]] = []
    choice_local = []
    # one call for the article's rows (each row's probability is its own): per-call overhead
    # is paid once, not once per name
    stacked = ranker.probabilities([row for cs, rows in rows_per_name if cs for row in rows], model)
    at = 0
    for (cs, rows) in rows_per_name:
        if not cs:
            out.append(None)
            continue
        probs = stacked[at:at + len(rows)]
        at += len(rows)
        scored = sorted(zip(probs, range(len(cs))), key=lambda x: -x[0])
        ranked = [cs[k] for _, k in scored]
        margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 99.0
        out.append({"best": ranked[0], "ranked": ranked[:5], "scores": [round(p, 3) for p, _ in scored[:5]],
                    "margin": round(margin, 3)})
        if ranked[0]["feature_class"] == "P":
            choice_local.append(ranked[0])
    return out, choice_local


#: the generic word a feature's name may end in ("Neches River", "Readington Township")
GENERIC = re.compile(r"^(?P<core>.+?)\s+(river|lake|creek|valley|township|twp\.?|island|islands|mountains?|hills?|"
                     r"heights|bay|park|station|springs|falls|beach|harbou?r|dam|forest|district)$", re.I)


def _unknown(name: str, local: list[dict], located: Optional[list[dict]] = None) -> Optional[dict]:
    """A name the gazetteer lacks. A natural or administrative feature named after a place
    ("Neches River", "Readington Township") is put at that place, the one the article's other
    places are nearest to; any other name (a street, a neighbourhood, a farm) at the centre of the
    article's populated places, where local news' unknown names mostly lie; in an article that
    names no populated place, at the centre of the divisions it names, else of its countries
    (``located``: the article's resolved places). None when the article names no place at all."""
    m = GENERIC.match(name.strip())
    if m:
        cs = [c for c in candidates(m.group("core")) if c.get("lat") is not None and c["feature_class"] in ("P", "A2")]
        if cs:
            def closeness(c):
                return -min((haversine_km(c["lat"], c["lon"], b["lat"], b["lon"]) for b in local), default=0.0)
            best = max(cs, key=lambda c: (closeness(c), c.get("population") or 0))
            return {"best": dict(best, located_by="named_after"), "ranked": [best], "scores": [], "margin": 0.0}
    if not local:
        located = [b for b in located or () if b.get("feature_class") not in ("L", None)]
        local = [b for b in located if not (b["feature_class"] == "A" and b.get("admin1") is None)] or located
    if not local:
        return None
    lats = sorted(b["lat"] for b in local)
    lons = sorted(b["lon"] for b in local)
    centre = {"geonameid": None, "name": None, "admin1": None, "country": None, "lat": lats[len(lats) // 2],
              "lon": lons[len(lons) // 2], "population": 0, "feature_class": None, "located_by": "context"}
    return {"best": centre, "ranked": [centre], "scores": [], "margin": 0.0}


def _locate_county(best: dict, local: list[dict]) -> dict:
    """A county has no coordinates of its own here: where the article's places in the same
    state are is the best estimate of where it is."""
    same = [b for b in local if b.get("admin1") == best.get("admin1") and b["feature_class"] == "P"]
    if not same:
        return best
    lats = sorted(b["lat"] for b in same)
    lons = sorted(b["lon"] for b in same)
    return dict(best, lat=lats[len(lats) // 2], lon=lons[len(lons) // 2], located_by="context")


HINT_BONUS = 5.0
CONTAINMENT_BONUS = 2.5


def _containment(names: list[str], cands: list[list[dict]]) -> list[set]:
    """Per name, the ids (positions in its candidate list) of candidates that contain, or lie
    in, a candidate of another name of the article: Huntsville in Walker County, Texas, when
    the article also names "Walker County". Counties and districts are matched to the places
    the gazetteer knows lie in them."""
    def key(country, admin1, name):
        return country, admin1, re.sub(r"\s+(county|parish|borough|district)$", "", fold(name or ""))

    inside = [{key(c["country"], c.get("admin1"), c.get("admin2")) for c in cs if c.get("admin2")} for cs in cands]
    counties = [{key(c["country"], c.get("admin1"), c["name"]) for c in cs if c["feature_class"] == "A2"} for cs in cands]
    out = []
    for i, cs in enumerate(cands):
        other_inside = set().union(*(inside[j] for j in range(len(names)) if fold(names[j]) != fold(names[i])))
        other_counties = set().union(*(counties[j] for j in range(len(names)) if fold(names[j]) != fold(names[i])))
        hits = set()
        for k, c in enumerate(cs):
            if c["feature_class"] == "A2" and key(c["country"], c.get("admin1"), c["name"]) in other_inside:
                hits.add(k)
            elif c.get("admin2") and key(c["country"], c.get("admin1"), c["admin2"]) in other_counties:
                hits.add(k)
        out.append({id(cs[k]) for k in hits})
    return out


def _resolve_one(i: int, names: list[str], cands: list[list[dict]], current: list[Optional[dict]],
                 doc_countries: Optional[dict[str, int]] = None, hint: Optional[str] = None,
                 within: Optional[set] = None, km=None) -> Optional[dict]:
    """Name ``i`` re-chosen with the other names' current choices as its context; ``km``: the
    distance between two features (:func:`_distances`)."""
    km = km or _distances()
    n, cs = names[i], cands[i]
    if not cs:
        return None
    doc_countries = doc_countries or {}
    others = [b for j, b in enumerate(current) if j != i and b is not None and fold(names[j]) != fold(n)]
    countries = Counter(b["country"] for b in others)
    top_country = countries.most_common(1)[0][0] if countries else None
    admin1s = Counter(b.get("admin1") for b in others if b.get("admin1"))
    local = [b for b in others if b["feature_class"] in ("P", "A2")]
    centre = None
    if local:
        lats = sorted(b["lat"] for b in local)
        lons = sorted(b["lon"] for b in local)
        centre = (lats[len(lats) // 2], lons[len(lons) // 2])

    spread = [b for b in others if b["feature_class"] != "L" and b.get("lat") is not None]

    def score(c: dict) -> float:
        s = _prior(n, c)
        if spread:
            near = sum(km(c, b) < REGION_KM for b in spread)
            s += REGION_BONUS * near / len(spread)
        if top_country and c["country"] == top_country:
            s += 0.6
        if doc_countries.get(c["country"]):
            s += 0.3 * min(doc_countries[c["country"]], 3)
        if hint and c["country"] == hint:
            s += HINT_BONUS
        if within and id(c) in within:
            s += CONTAINMENT_BONUS
        if c.get("admin1") and admin1s.get(c["admin1"]):
            s += 1.0 + 0.2 * min(admin1s[c["admin1"]], 3)
        if centre is not None and c["feature_class"] not in ("A", "L"):
            d = haversine_km(c["lat"], c["lon"], *centre)
            if d < NEAR_KM:
                s += 1.0 * (1 - d / NEAR_KM) + 0.5
        return s

    scored = sorted(((score(c), c) for c in cs), key=lambda x: -x[0])
    ranked = [c for _, c in scored]
    scores = [round(v, 3) for v, _ in scored[:5]]
    margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 99.0
    best = ranked[0]
    if best["feature_class"] == "A2":
        best = _locate_county(best, local)
    return {"best": best, "ranked": ranked[:5], "scores": scores, "margin": round(margin, 3), "all": scored}
