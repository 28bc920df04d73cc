"""The trigger lexicon (``assets/plover/triggers.yaml``): PLOVER categories, the words and
phrases that name an event of each, and which triggers in a sentence govern others."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Optional

import yaml
from spacy.tokens import Span as SpacySpan, Token

from ...assets import ASSETS


DATA = ASSETS / "plover"


#: current PLOVER categories
CATEGORIES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
              "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


#: 0.5-draft names (as in the PLOVER gold standard records) -> current PLOVER
DRAFT_NAMES = {"FIGHT": "ASSAULT", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE"}


REPORTING = {"say", "tell", "report", "announce", "state", "add", "claim", "quote", "write", "note", "declare",
             "confirm", "explain", "insist", "stress", "believe", "think", "know", "reveal", "show", "indicate",
             "suggest", "assert", "accord", "learn", "hear", "see", "tweet", "post", "publish", "release"}


NEGATING_GOVERNORS = {"deny", "refute", "dismiss"}


TARGET_PREPS = {"against", "on", "at", "with", "to", "into", "upon", "from", "toward", "towards", "in"}


def current_name(name: Optional[str]) -> Optional[str]:
    """A PLOVER category in current naming (0.5-draft names mapped)."""
    if name is None:
        return None
    n = name.strip().upper()
    return DRAFT_NAMES.get(n, n)


@dataclass(frozen=True)
class Entry:
    category: str
    mode: Optional[str]
    noun_only: bool


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    """``{"single": {lemma: [Entry]}, "multi": {first_lemma: [(tuple(lemmas), Entry)]}}``."""
    raw = yaml.safe_load((DATA / "triggers.yaml").read_text(encoding="utf-8"))
    single: dict[str, list[Entry]] = {}
    multi: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
    for cat, items in raw.items():
        for item in items:
            item = str(item)
            noun_only = item.startswith("n:")
            if noun_only:
                item = item[2:]
            words, _, mode = item.partition("=")
            entry = Entry(cat, mode or None, noun_only)
            lemmas = tuple(words.lower().split())
            if len(lemmas) == 1:
                single.setdefault(lemmas[0], []).append(entry)
            else:
                multi.setdefault(lemmas[0], []).append((lemmas, entry))
    for v in multi.values():
        v.sort(key=lambda x: -len(x[0]))
    return {"single": single, "multi": multi}


@dataclass
class Trigger:
    start: int            # token index (first token)
    end: int              # token index after the last token
    head: Token           # the token that carries the syntax (first token of a sequence)
    entries: tuple        # candidate Entry objects

    @property
    def categories(self) -> list[str]:
        seen = []
        for e in self.entries:
            if e.category not in seen:
                seen.append(e.category)
        return seen

    def mode_for(self, category: str) -> Optional[str]:
        return next((e.mode for e in self.entries if e.category == category and e.mode), None)


def _lemma(tok: Token) -> str:
    return (tok.lemma_ or tok.text).lower()


def _trigger_lemma(t: "Trigger") -> str:
    """The lemmas of a trigger's words ("call off")."""
    return " ".join(_lemma(t.head.doc[i]) for i in range(t.start, t.end))


def find_triggers(sent: SpacySpan) -> list[Trigger]:
    """Trigger words and sequences of a sentence (longest sequence first, no overlaps)."""
    lex = lexicon()
    out: list[Trigger] = []
    taken: set[int] = set()
    toks = list(sent)
    for k, tok in enumerate(toks):
        if tok.i in taken or not tok.is_alpha or tok.ent_type_ not in ("", "EVENT"):
            continue
        lem = _lemma(tok)
        low = tok.lower_
        is_noun = tok.pos_ in ("NOUN", "PROPN")
        for lemmas, entry in lex["multi"].get(lem, []) + (lex["multi"].get(low, []) if low != lem else []):
            n = len(lemmas)
            window = toks[k:k + n]
            if len(window) == n and all(_lemma(t) == l or t.lower_ == l for t, l in zip(window, lemmas)):
                if entry.noun_only and not any(t.pos_ in ("NOUN", "PROPN") for t in window):
                    continue
                same = [e for ls, e in lex["multi"].get(lem, ()) if ls == lemmas]
                inner = [w for w in window if not (tok.i <= w.head.i < tok.i + n) or w.head.i == w.i]
                out.append(Trigger(tok.i, tok.i + n, inner[0] if inner else tok, tuple(same)))
                taken.update(range(tok.i, tok.i + n))
                break
        if tok.i in taken:
            continue
        # a two-word trigger whose second word is the verb's object or particle, not adjacent:
        # "declared a unilateral ceasefire", "granted political asylum", "imposed a curfew"
        pairs = [(ls, e) for ls, e in lex["multi"].get(lem, ()) if len(ls) == 2] if tok.pos_ == "VERB" else ()
        if pairs:       # the verb's dependents are looked at only when it has a two-word entry
            deps = [c for c in tok.children if c.dep_ in ("dobj", "prt", "nsubjpass")]
            deps += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
            # "sent thousands of soldiers", "exchanged the bodies ... and 150 prisoners"
            deps += [g for d in deps if d.dep_ == "dobj" for p in d.children if p.dep_ == "prep" and
                     p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
            deps += [c for d in deps if d.dep_ == "dobj" for c in d.children if c.dep_ == "conj"]
            hit = next(((ls, e) for ls, e in pairs if any(_lemma(d) == ls[1] or d.lower_ == ls[1] for d in deps)), None)
            if hit is not None:
                same = tuple(e for ls, e in lex["multi"].get(lem, []) if ls == hit[0])
                out.append(Trigger(tok.i, tok.i + 1, tok, same))
                taken.add(tok.i)
                continue
        # the lemma's entries and the word form's ("talks" is listed as a noun, "talk" as a verb)
        entries = lex["single"].get(lem, []) + (lex["single"].get(low, []) if low != lem else [])
        if tok.pos_ not in ("VERB", "NOUN", "PROPN", "ADJ", "AUX") and lem not in ("willing",):
            continue
        if tok.dep_ == "amod" and tok.pos_ in ("VERB", "ADJ"):
            continue    # "the besieged city", "the captured town", "detained men": a description, not an event
        entries = tuple(e for e in entries if is_noun or not e.noun_only)
        if is_noun:
            # a noun is an event only under the categories that list it as a noun ("n:attack");
            # "conscripts", "recruits", "arms" name participants, not events
            entries = tuple(e for e in entries if e.noun_only)
            if tok.dep_ == "compound" and _is_people(tok.head):
                entries = ()     # "aid workers", "protest leaders": people named after an activity
        if entries:
            out.append(Trigger(tok.i, tok.i + 1, tok, entries))
            taken.add(tok.i)
    # a light verb whose object is an event noun is not an event of its own: "launched a mediation
    # effort" is the mediation, "launched ten days of war games" the exercise
    nouns = {t.head.i for t in out if t.head.pos_ in ("NOUN", "PROPN")}
    if nouns:
        def light(t: Trigger) -> bool:
            if _lemma(t.head) not in LIGHT_VERBS or t.end - t.start != 1:
                return False
            objs = [c for c in t.head.children if c.dep_ == "dobj"]
            objs += [g for o in objs for p in o.children if p.dep_ == "prep" and p.lower_ == "of"
                     for g in p.children if g.dep_ == "pobj"]
            return any(o.i in nouns or any(c.i in nouns for c in o.children if c.dep_ == "compound") for o in objs)
        out = [t for t in out if not light(t)]
    return out


def main_predicate(sent: SpacySpan) -> Token:
    """The sentence's main predicate, looking through a reporting verb ("X said Y attacked")."""
    root = sent.root
    seen = 0
    while _lemma(root) in REPORTING and seen < 3:
        comp = next((c for c in root.children if c.dep_ in ("ccomp", "xcomp")), None)
        if comp is None:
            break
        root, seen = comp, seen + 1
    return root


def _depth(tok: Token, root: Token) -> int:
    """Dependency distance from ``root`` down to ``tok`` (large when not below it)."""
    d, cur = 0, tok
    while cur.i != root.i:
        if cur.head.i == cur.i:
            return 50 + d
        cur, d = cur.head, d + 1
    return d


def governing_trigger(t: Trigger, by_token: dict[int, Trigger]) -> Optional[Trigger]:
    """A trigger this one is a complement of ("threatened to [attack]", "called for [talks]")."""
    cur, hops = t.head, 0
    while cur.head.i != cur.i and hops < 4:
        dep = cur.dep_
        cur, hops = cur.head, hops + 1
        if cur.i in by_token and dep in ("xcomp", "ccomp", "dobj", "pobj", "pcomp", "acomp", "advcl", "prep",
                                         "nsubjpass", "compound", "amod", "attr", "nsubj"):
            if dep in ("nsubj", "nsubjpass") and by_token[cur.i].head.pos_ != "VERB":
                return None
            if _lemma(cur) in NEGATING_GOVERNORS:
                return None   # "denied that its troops attacked": the attack stays, negated
            return by_token[cur.i]
        if dep not in ("xcomp", "ccomp", "dobj", "pobj", "pcomp", "prep", "aux", "acomp", "compound", "amod"):
            return None
    return None


#: verbs that only start the event their object names ("launched an offensive")
LIGHT_VERBS = {"launch"}


ACTOR_DEPS_DROP = {"relcl", "acl", "appos", "punct", "advcl", "cc", "conj", "prep", "nummod", "quantmod", "predet"}


#: common nouns that name people, groups or institutions (can be an event's target actor)
PEOPLE_NOUNS = {
    "refugee", "rebel", "soldier", "troop", "civilian", "protester", "protestor", "demonstrator", "prisoner",
    "hostage", "detainee", "government", "police", "policeman", "army", "force", "official", "worker",
    "student", "militant", "guerrilla", "guerilla", "fighter", "insurgent", "resident", "villager", "people",
    "citizen", "national", "diplomat", "journalist", "reporter", "activist", "leader", "minister", "president",
    "member", "party", "opposition", "group", "militia", "community", "population", "settler", "immigrant",
    "migrant", "family", "victim", "wounded", "observer", "inspector", "peacekeeper", "monitor", "delegation",
    "envoy", "authority", "regime", "junta", "state", "country", "nation", "neighbour", "neighbor", "ally",
    "union", "court", "parliament", "council", "agency", "organization", "organisation", "ministry", "cabinet",
    "administration", "commander", "general", "officer", "man", "woman", "child", "youth", "crowd", "mob",
    "supporter", "dissident", "critic", "separatist", "extremist", "gunman", "attacker", "suspect", "convict",
    "defendant", "candidate", "voter", "farmer", "miner", "teacher", "doctor", "nurse", "priest", "monk",
    "tribe", "clan", "faction", "movement", "front", "coalition", "alliance", "bloc", "partner",
    "side", "mission", "embassy", "consulate", "company", "firm", "bank", "pilgrim", "tourist", "sailor",
    "crew", "passenger", "staff", "personnel", "employee", "contingent", "unit", "battalion", "brigade",
    "division", "navy", "military", "squad", "mayor", "governor", "king", "queen", "prince", "emir",
    "chancellor", "premier", "ambassador", "spokesman", "lawmaker", "legislator", "deputy", "senator",
    "mp", "chief", "head", "delegate", "negotiator", "mediator", "minority", "majority", "ethnic", "muslim",
    "moslem", "christian", "jew", "arab", "kurd", "serb", "albanian", "palestinian", "israeli",
}


def _is_people(t: Token) -> bool:
    return _lemma(t) in PEOPLE_NOUNS or t.lower_ in PEOPLE_NOUNS
