"""Canonical sources across articles: one actor whatever its name.

The origin of a claim is resolved across articles by entity resolution over source names:
normalise (case, articles, possessives, punctuation), write demonyms and country names one way
("British", "UK", "Britain's", "United Kingdom" -> ``uk``), spell variants one way ("defense" ->
``defence``, "Ministry of Defence" / "defence ministry" / "MoD" -> ``ministry defence``), put a
unit under its parent ("Defence Intelligence" -> the UK ministry of defence) and a person with
their affiliation under their own name ("Pavel Chikov of Agora" -> ``chikov``). Two names are
one source when their canonical forms are equal, or when one's content words contain the
other's and they agree on country (a bare "the defence ministry" joins the one country's
ministry that a story already has, never two countries' ministries at once).

What is never an origin: pronouns, relative pronouns and possessives that were not resolved to
an antecedent (:func:`not_a_source`), and sentence fragments the attribution tagger took for a
source ("Russia on Saturday opened a criminal probe into a"). A description naming no one ("a
man", "sources", "officials") is an unnamed origin of its own article: it is never merged with
another article's by its wording.
"""
from __future__ import annotations

import functools

import re
from typing import Optional

PRONOUNS = frozenset("""i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
who whom whose which that this these those what whoever one someone somebody anyone everyone himself herself
itself themselves ourselves""".split())
#: country names and demonyms, one canonical word per country
COUNTRIES = {
    "uk": "british britain britain's uk u.k. united-kingdom england english",
    "us": "american america us u.s. usa u.s.a. united-states washington",
    "russia": "russian russia russia's russians kremlin moscow",
    "ukraine": "ukrainian ukraine ukraine's ukrainians kyiv kiev",
    "france": "french france", "germany": "german germany", "china": "chinese china beijing",
    "israel": "israeli israel", "iran": "iranian iran", "turkey": "turkish turkey", "poland": "polish poland",
    "belarus": "belarusian belarus", "nato": "nato", "eu": "eu european-union",
}
_COUNTRY = {w: c for c, ws in COUNTRIES.items() for w in ws.split()}
#: spelling variants, synonyms and acronyms of common source names
SYNONYMS = {"defense": "defence", "defence's": "defence", "mod": "ministry defence", "moD": "ministry defence",
            "ministry's": "ministry", "mfa": "ministry foreign", "sbu": "security service", "hur": "intelligence directorate",
            "gur": "intelligence directorate", "fsb": "federal security service", "dod": "department defence",
            "pentagon": "department defence", "un": "united nations", "idf": "defense forces",
            "intel": "intelligence", "govt": "government", "gov": "government", "dept": "department",
            "spokesperson": "spokesman", "lugansk": "luhansk", "kharkov": "kharkiv", "odessa": "odesa",
            "zaporozhye": "zaporizhzhia", "nikolaev": "mykolaiv", "russian-installed": "occupation",
            "russian-occupied": "occupation", "russian-appointed": "occupation", "occupied": "occupation", "spokeswoman": "spokesman", "organisation": "organization"}
#: units that speak for their parent ("Defence Intelligence" is the UK Ministry of Defence's)
UNITS = {("defence", "intelligence"): "defence ministry uk", ("intelligence", "uk"): "defence ministry uk"}
#: nouns for what happened, not for who speaks ("the strikes showed ...")
EVENT_NOUNS = frozenset("""strike strikes attack attacks shelling bombing bombings explosion explosions blast blasts fighting
war incident incidents situation fire fires raid raids offensive operation""".split())
_STOP = frozenset("the a an of and for in on at to by from with its his her their s 's said says according".split())
#: words that make a source name a clause, not a name
_VERBS = re.compile(r"\b(said|says|told|opened|reported|announced|claimed|added|wrote|stated|is|are|was|were|has|had|"
                    r"have|will|would|could|did|does|on (monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
                    re.I)
_FUNCTION_END = re.compile(r"\b(a|an|the|of|into|to|in|on|at|by|for|with|and|or|that|which|who)$", re.I)
#: descriptions that name no one
UNNAMED = re.compile(r"^(the |a |an |some |several |many |two |three |local |senior |western |unnamed |anonymous )*"
                     r"(man|woman|men|women|person|people|source|sources|official|officials|witness|witnesses|"
                     r"resident|residents|expert|experts|analyst|analysts|observer|observers|diplomat|diplomats|"
                     r"insider|insiders|authorities|someone|soldier|soldiers|relative|relatives|local|locals)\b"
                     r"(?!.*\b[A-Z])", re.I)


def not_a_source(name: Optional[str]) -> bool:
    """A pronoun, relative pronoun, possessive phrase ("his account", "their statement") or
    sentence fragment: never an origin by itself."""
    if not name or not name.strip():
        return True
    t = " ".join(name.split())
    words = t.casefold().split()
    if all(w.strip(".,;:'\"") in PRONOUNS for w in words):
        return True
    if words[-1] in EVENT_NOUNS and len(words) <= 3:
        return True
    if words[0] in {"his", "her", "its", "their", "our", "my", "your", "whose"}:
        return True
    if len(words) >= 4 and (_VERBS.search(t) or _FUNCTION_END.search(t)):
        return True
    return len(words) > 10


def is_unnamed(name: Optional[str]) -> bool:
    """"a man", "sources", "senior officials", "two residents": a description naming no one."""
    if not name:
        return False
    words = [w for w in name.split() if re.sub(r"'s$", "", w.casefold()) not in _COUNTRY]
    return bool(words) and bool(UNNAMED.match(" ".join(words))) and not any(
        w[:1].isupper() for w in words[1:] if w.casefold() not in _STOP)


def _tokens(name: str) -> list[str]:
    t = re.sub(r"[’`]", "'", name or "").casefold()
    t = re.sub(r"\bu\.s\.a?\.?", "us", t)
    t = re.sub(r"\bu\.k\.?", "uk", t)
    t = re.sub(r"\bunited (kingdom|states)\b", lambda m: "united-" + m.group(1), t)
    t = re.sub(r"\beuropean union\b", "european-union", t)
    t = re.sub(r"'s\b", "", t)
    out = []
    for w in re.findall(r"[\w\-]+", t):
        w = _COUNTRY.get(w, w)
        out.extend(SYNONYMS.get(w, w).split())
    return [w for w in out if w not in _STOP]


@functools.lru_cache(maxsize=65536)
def canonical(name: Optional[str]) -> Optional[str]:
    """The canonical form of a source name, or None when it is not a source (remembered per
    name: a story's origins are compared pairwise every time an article joins it)."""
    if not_a_source(name):
        return None
    toks = _tokens(name)
    key = tuple(toks)
    for unit, parent in UNITS.items():
        if set(unit) <= set(toks) and len(set(toks) - {"update", "military", "latest", "daily"}) <= len(unit):
            return parent
    if not toks:
        return None
    # a person with affiliation ("Pavel Chikov of Agora", "Agora's Pavel Chikov"): the person
    if re.search(r"^[A-Z][a-z]+ [A-Z][a-z]+ (of|from) [A-Z]", name or ""):
        toks = _tokens(name.split(" of ")[0].split(" from ")[0])
    # ministry words in any order ("defence ministry" / "ministry of defence")
    return " ".join(sorted(set(toks))) if len(key) < 6 else " ".join(toks)


def country_of(canon: str) -> Optional[str]:
    found = [w for w in canon.split() if w in COUNTRIES]
    return found[0] if found else None


def same_source(a: Optional[str], b: Optional[str]) -> bool:
    """Two canonical names are one source: equal, or one's words contained in the other's with
    no disagreement on country ("ministry defence" ~ "ministry defence uk"; a surname ~ the full
    name)."""
    if not a or not b:
        return False
    if a == b:
        return True
    wa, wb = set(a.split()), set(b.split())
    ca, cb = country_of(a), country_of(b)
    if ca and cb and ca != cb:
        return False
    small, big = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if small <= big:
        rest = small - set(COUNTRIES)
        return bool(rest)
    # a unit with its parent's words ("intelligence" of "uk ministry defence")
    return False
