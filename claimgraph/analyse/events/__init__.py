"""claimgraph_events: what happened, coded in PLOVER, each event as part of a claim by someone.

How an event is found and coded:

1. **Triggers.** A trigger lexicon written for claimgraph (``assets/plover/triggers.yaml``) lists,
   per PLOVER category, the verbs, nouns and lemma sequences that name such an event ("shell",
   "open fire", "n:airstrike", "call for"). A word may belong to several categories.
2. **Which triggers are events.** A trigger governed by another trigger through an open or
   clausal complement is part of that event, not a separate one: "threatened to attack" is one
   THREATEN event whose mode is ``assault``; "refused to withdraw" is REJECT. Reporting verbs
   ("said", "announced") are never events themselves.
3. **Category.** A logistic-regression classifier (``assets/plover/model.json``, trained by
   ``claimgraph train events`` on a fixed part of the PLOVER gold records plus claimgraph's own
   conflict snippets; see ``assets/plover/MODEL_CARD.md``) scores the sentence from its lemmas and
   from lexicon features of the trigger in focus. The lexicon is the feature that carries most
   weight and the fallback when the model is absent.
4. **Arguments.** Source actor: the trigger's subject (or the ``by`` agent of a passive); target:
   its object, the passive subject, or the object of "against/on/at/with/to". Canonical actor
   names are used when the actors component resolved the mention. Place and time: the Place /
   Time records of the sentence, preferring those inside the trigger's phrase.
5. **The claim.** The event carries the id of the Claim whose content holds the trigger, and
   that claim's certainty ("is said to have locked them in basements" -> ``possible``); a
   negation on the trigger or on a governing verb ("did not attack", "denied attacking") makes
   the event ``negated``.
6. **ACLED.** Ordered keyword rules and a per-category default (``assets/plover/acled.yaml``) give
   the ACLED event type and sub-event type where one exists.

The component only does dictionary look-ups and one sparse dot product per event, so it stays
a small fraction of the parse time.
"""
from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from typing import Iterable, Optional

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan, Token

from ...assets import ASSETS
from ...model import Event, Span, record_id
from ..extensions import doc_id, register

register()

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
#: categories whose announced future act would be a threat (CAMEO 13: "will extend the curfew",
#: "would arrest anyone who"; see derived_categories). On since the seventh round, with the wire
#: sentences: 3-seed CV 81.2 on against 80.7 off, wire dev file 86.1 against 85.5 (in the sixth
#: round, gold data only, 76.0 on against 76.3 off)
COERCIVE = {"COERCE", "ASSAULT", "SANCTION", "PROTEST", "MOBILIZE"}
INTENT_THREATS = True
#: lemma bigrams as features; off: 3-seed CV 75.4 with them against 76.3 without (and fewer weights)
BIGRAMS = False
#: a purpose clause ("to demand ...") is not the main event when another trigger is there (CV +0.9)
PURPOSE_SECONDARY = True
#: verbs that only start the event their object names ("launched an offensive")
LIGHT_VERBS = {"launch"}
#: participles modifying a noun ("the besieged city") are not triggers
SKIP_AMOD = True
ACTOR_DEPS_DROP = {"relcl", "acl", "appos", "punct", "advcl", "cc", "conj", "prep", "nummod", "quantmod", "predet"}


def current_name(name: Optional[str]) -> Optional[str]:
    """A PLOVER category in current naming (0.5-draft names mapped)."""
    if name is None:
        return None
    n = name.strip().upper()
    return DRAFT_NAMES.get(n, n)


# --------------------------------------------------------------------------- lexicon

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
        if tok.pos_ == "VERB":
            deps = [c for c in tok.children if c.dep_ in ("dobj", "prt", "nsubjpass")]
            deps += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
            # "sent thousands of soldiers", "exchanged the bodies ... and 150 prisoners"
            deps += [g for d in deps if d.dep_ == "dobj" for p in d.children if p.dep_ == "prep" and
                     p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
            deps += [c for d in deps if d.dep_ == "dobj" for c in d.children if c.dep_ == "conj"]
            hit = next(((ls, e) for ls, e in lex["multi"].get(lem, []) if len(ls) == 2 and
                        any(_lemma(d) == ls[1] or d.lower_ == ls[1] for d in deps)), None)
            if hit is not None:
                same = tuple(e for ls, e in lex["multi"].get(lem, []) if ls == hit[0])
                out.append(Trigger(tok.i, tok.i + 1, tok, same))
                taken.add(tok.i)
                continue
        # the lemma's entries and the word form's ("talks" is listed as a noun, "talk" as a verb)
        entries = lex["single"].get(lem, []) + (lex["single"].get(low, []) if low != lem else [])
        if tok.pos_ not in ("VERB", "NOUN", "PROPN", "ADJ", "AUX") and lem not in ("willing",):
            continue
        if tok.dep_ == "amod" and tok.pos_ in ("VERB", "ADJ") and SKIP_AMOD:
            continue    # "the besieged city", "the captured town", "detained men": a description, not an event
        entries = tuple(e for e in entries if is_noun or not e.noun_only)
        if is_noun:
            # a noun is an event only under the categories that list it as a noun ("n:attack");
            # "conscripts", "recruits", "arms" name participants, not events
            entries = tuple(e for e in entries if e.noun_only)
            if COMPOUND_PEOPLE and tok.dep_ == "compound" and _is_people(tok.head):
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


#: a crowd's act done by armed forces or with weapons is not a protest: "troops marched into the
#: town" occupies it (CAMEO 192, ASSAULT / occupy), "soldiers gathered at the border" is a build-up
#: (MOBILIZE / troops), "militants hurled grenades at a police post" an attack (ASSAULT)
ARMED_RECAST = True
ARMED_NOUNS = {"troop", "soldier", "army", "force", "militant", "fighter", "rebel", "insurgent", "militia",
               "militiaman", "gunman", "paratrooper", "marine", "battalion", "brigade", "regiment", "division",
               "tank", "convoy", "column", "mercenary", "guerrilla", "guerilla", "jihadist", "commando",
               "infantry", "unit", "detachment", "legionnaire", "military", "serviceman"}
ARMED_KINDS = {"armed_force", "armed_group", "military_unit"}
#: weapons thrown or hurled, and the ASSAULT mode they give
THROWN_WEAPONS = {"grenade": "explosives", "bomb": "explosives", "explosive": "explosives", "ied": "explosives",
                  "mine": "explosives", "dynamite": "explosives", "shell": "heavy-weapons", "mortar": "heavy-weapons",
                  "rocket": "heavy-weapons", "missile": "heavy-weapons"}
#: what a thrown "bomb" is made of when it is a rioter's ("petrol bombs", "fire bombs")
RIOT_MISSILES = {"petrol", "gasoline", "molotov", "fire", "paint", "smoke", "stink"}
ENTRY_PREPS = {"into", "on", "onto", "through", "across", "toward", "towards"}
#: the PROTEST modes of trigger words that name what a crowd does (march, gather, occupy, hurl)
CROWD_MODES = {"demonstrate", "obstruct", "riot"}


def _subject(tok: Token) -> Optional[Token]:
    """The subject of a verb, looking up through conjoined and complement verbs ("troops crossed
    the river and marched into ...")."""
    cur, hops = tok, 0
    while hops < 3:
        subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj
        if cur.dep_ not in ("conj", "xcomp") or cur.head.i == cur.i:
            return None
        cur, hops = cur.head, hops + 1
    return None


def _armed(tok: Optional[Token], mentions: Iterable = ()) -> bool:
    """An armed force: by the kind of the actor mention holding it or by the noun ("Russian troops",
    "hundreds of soldiers", "a column of tanks")."""
    if tok is not None and any(m.span.start <= tok.idx < m.span.end and m.kind in ARMED_KINDS for m in mentions):
        return True
    return _named(tok, ARMED_NOUNS)


def _named(tok: Optional[Token], nouns: set[str]) -> bool:
    """The actor phrase headed by ``tok`` (:func:`actor_head`: "hundreds of soldiers") is one of ``nouns``."""
    if tok is None:
        return False
    tok = actor_head(tok)
    return _lemma(tok) in nouns or tok.lower_ in nouns


#: civilians acting as a crowd: what they occupy they occupy in protest
CROWD_NOUNS = {"protester", "protestor", "demonstrator", "student", "worker", "activist", "resident", "villager",
               "farmer", "miner", "striker", "crowd", "youth", "supporter", "teacher", "employee", "mother",
               "relative", "family", "veteran", "pensioner", "trader", "union", "opposition", "mob"}


def armed_recast(trigger: Optional[Trigger], category: Optional[str], mode: Optional[str],
                 mentions: Iterable = ()) -> tuple[Optional[str], Optional[str]]:
    """(category, mode) of a PROTEST trigger done with weapons or by armed forces (:data:`ARMED_RECAST`);
    any other ``category`` is returned as it is. ``mentions``: the actors component's mentions
    (their ``kind``); without them the nouns alone decide."""
    if not ARMED_RECAST or trigger is None:
        return category, mode
    head = trigger.head
    crowd_mode = trigger.mode_for("PROTEST")
    if category == "ASSAULT" and _lemma(head) == "occupy" and "PROTEST" in trigger.categories and _named(_subject(head), CROWD_NOUNS):
        return "PROTEST", "obstruct"    # the other way round: "students occupied the university building"
    if category != "PROTEST" or crowd_mode not in CROWD_MODES:
        return category, mode       # the trigger word names no crowd's act ("fired on mourners")
    objs = [c for c in head.children if c.dep_ == "dobj"]
    objs += [c for o in objs for c in o.children if c.dep_ == "conj"]
    weapon = next((THROWN_WEAPONS[_lemma(o)] for o in objs if _lemma(o) in THROWN_WEAPONS and
                   not any(_lemma(c) in RIOT_MISSILES for c in o.children if c.dep_ in ("compound", "amod"))), None)
    if weapon is not None:
        return "ASSAULT", weapon
    if head.pos_ != "VERB" or not _armed(_subject(head), mentions):
        return category, mode
    if crowd_mode == "riot":
        return "COERCE", "destroy"      # "fighters ransacked the market"
    if _lemma(head) == "occupy":
        return "ASSAULT", "occupy"      # "occupied the airport"
    if crowd_mode == "obstruct":
        return category, mode           # "rebels blocked transport into Abidjan" (CAMEO codes it a protest)
    if any(c.dep_ == "prep" and c.lower_ in ENTRY_PREPS for c in head.children):
        return "ASSAULT", "occupy"      # "marched into the town"
    return "MOBILIZE", "troops"         # "gathered near the border", "massed at the crossing"


# --------------------------------------------------------------------------- classifier

def features(sent: SpacySpan, focus: Optional[Trigger], triggers: Iterable[Trigger] = ()) -> list[str]:
    """Sparse binary features of a sentence with one trigger in focus."""
    feats: set[str] = set()
    lemmas = [_lemma(t) for t in sent if t.is_alpha]
    for l in lemmas:
        feats.add("w=" + l)
    if BIGRAMS:
        for a, b in zip(lemmas, lemmas[1:]):
            feats.add(f"b={a}_{b}")
    for t in triggers:
        for c in t.categories:
            feats.add("lex=" + c)
    if focus is not None:
        feats.add("trig=" + _trigger_lemma(focus))
        cats = focus.categories + [c for c in derived_categories(focus, triggers) if c not in focus.categories]
        for c in cats:
            feats.add("main=" + c)
        if len(cats) == 1:
            feats.add("mainonly=" + cats[0])
        if any(c.dep_ == "neg" for c in focus.head.children):
            feats.add("neg")
            for c in cats:
                feats.add("negmain=" + c)
        # intent and conditionals ("will provide" is a pledge; "would withdraw unless" a threat)
        aux = {(_lemma(c)) for c in focus.head.children if c.dep_ in ("aux", "auxpass")}
        gov = focus.head.head
        aux |= {_lemma(c) for c in gov.children if c.dep_ == "aux"} if focus.head.dep_ == "xcomp" else set()
        for a in aux & {"will", "would", "may", "might", "could", "must", "should", "shall"}:
            feats.add("aux=" + a)
            for c in cats:
                feats.add(f"aux_main={a}_{c}")
        if focus.head.dep_ == "xcomp":
            feats.add("gov=" + _lemma(gov))
        if focus.head.pos_ in ("NOUN", "PROPN"):
            feats.add("mainnoun")
        # what the focus trigger governs
        for c in focus.head.children:
            if c.dep_ in ("dobj", "xcomp", "ccomp", "pobj", "prep"):
                feats.add(f"arg={c.dep_}:{_lemma(c)}")
    else:
        feats.add("notrigger")
    return sorted(feats)


#: verbs that end, lift or cut off the act their object names (CAMEO's yield and reduce-relations
#: codes): ending a cooperative act reduces relations ("ended its mediation", "halted aid
#: deliveries", "called off a visit": SANCTION); ending a coercive one yields ("lifted the curfew",
#: "ended the strike": CONCEDE; "lifted the blockade", "halted its attacks": RETREAT)
STOP_VERBS = {"end", "halt", "stop", "suspend", "cancel", "abandon", "lift", "ease", "relax", "drop", "scrap",
              "shorten", "call off", "break off", "cut off", "terminate", "discontinue", "cease", "revoke",
              "rescind", "withdraw", "quit", "freeze"}
REVERSAL = True
REVERSED = {"CONSULT": "SANCTION", "AID": "SANCTION", "COOPERATE": "SANCTION", "SUPPORT": "SANCTION",
            "COERCE": "CONCEDE", "PROTEST": "CONCEDE", "SANCTION": "CONCEDE", "THREATEN": "CONCEDE",
            "ASSAULT": "RETREAT", "MOBILIZE": "RETREAT"}
#: "would lift the emergency if calm returned" is a conditional pledge: an "if" makes a threat only
#: of a coercive act ("unless" always does)
CONDITIONAL_COERCIVE_ONLY = True


def _object_categories(focus: Trigger, triggers: Iterable[Trigger]) -> list[str]:
    """Lexicon categories of the event noun that the focus verb takes as its object ("lifted
    *the curfew*", passive "a planned *visit* was called off", "ended *its mediation*")."""
    by_head = {t.head.i: t for t in triggers}
    by_tok = {i: t for t in triggers for i in range(t.start, t.end)}
    objs = [c for c in focus.head.children if c.dep_ in ("dobj", "nsubjpass")]
    objs += [g for o in objs for p in o.children if p.dep_ == "prep" and p.lower_ == "of"
             for g in p.children if g.dep_ == "pobj"]   # "a state of emergency", "the delivery of aid"
    objs += [c for o in objs for c in o.children if c.dep_ == "compound"]   # "aid deliveries"
    for o in objs:
        t = by_head.get(o.i) or by_tok.get(o.i)
        if t is not None and t is not focus:
            return t.categories
    return []


def _is_stop_verb(tok: Token) -> bool:
    lem = _lemma(tok)
    prt = next((_lemma(c) for c in tok.children if c.dep_ == "prt"), None)
    return tok.pos_ in ("VERB", "AUX") and (lem in STOP_VERBS or f"{lem} {prt}" in STOP_VERBS)


def _coercive(focus: Trigger, derived: list[str]) -> bool:
    """The act is coercive: every category of the trigger word is, or a derived one is ("halt
    mediation" derives SANCTION)."""
    return set(focus.categories) <= COERCIVE or (bool(set(derived) & COERCIVE) and "CONCEDE" not in derived)


def derived_categories(focus: Trigger, triggers: Iterable[Trigger] = ()) -> list[str]:
    """Categories the grammar around a trigger adds, whatever the trigger word: "X must
    withdraw" is a REQUEST, "X will withdraw" a pledge (AGREE), "X will withdraw unless ..." a
    THREATEN, "X will not / failed to / refused to accept" a REJECT."""
    head = focus.head
    chain = [head]
    cur = head
    while cur.dep_ in ("xcomp", "conj") and cur.head.i != cur.i and len(chain) < 4:
        cur = cur.head
        chain.append(cur)
    aux = {_lemma(c) for t in chain for c in t.children if c.dep_ in ("aux", "auxpass")}
    aux |= {c.lower_ for t in chain for c in t.children if c.dep_ in ("aux",)}
    negated = any(c.dep_ == "neg" for t in chain for c in t.children)
    govs = {_lemma(t) for t in chain[1:]}
    out = []
    if REVERSAL:
        lem = _trigger_lemma(focus)
        reversed_cats = []
        if lem in STOP_VERBS or _lemma(head) in STOP_VERBS:      # "lifted the curfew"
            reversed_cats = _object_categories(focus, triggers)
        elif head.dep_ in ("dobj", "nsubjpass") and _is_stop_verb(head.head):
            reversed_cats = focus.categories                     # "ended its mediation" (no trigger on "end")
        for c in reversed_cats:
            r = REVERSED.get(c)
            if r and r not in out:
                out.append(r)
    if REVERSAL and _lemma(head) in ("order", "tell", "give") and any(
            c.dep_ == "xcomp" and _lemma(c) in ("leave", "depart", "quit") for c in head.children):
        out.append("SANCTION")   # "ordered the ambassador to leave the country": an expulsion
    if aux & {"must", "should"} or govs & {"have"} and any(c.lower_ == "to" for c in head.children):
        out.append("REQUEST")
    if negated or govs & {"fail", "refuse", "decline"}:
        out.append("REJECT")
    elif aux & {"will", "would", "'ll", "shall"} or govs & {"willing", "ready", "prepared", "plan", "intend",
                                                          "decide", "promise", "pledge", "vow", "offer"}:
        marks = {t.lower_ for t in head.sent if t.dep_ == "mark"}
        conditional = "unless" in marks or "if" in marks and (
            not CONDITIONAL_COERCIVE_ONLY or bool(set(focus.categories + out) & COERCIVE))
        # a promised coercive act is a threat ("would boycott", "will extend the curfew", "is
        # prepared to impose martial law"), a promised other act a pledge
        coercive = INTENT_THREATS and _coercive(focus, out)
        out.append("THREATEN" if conditional or coercive else "AGREE")
    elif INTENT_THREATS and aux & {"may", "might", "could"} and _coercive(focus, out) and \
            not any(c.dep_ == "nsubjpass" for c in head.children):
        out.append("THREATEN")
    return out


#: the category models, one per kind of text (see MODEL_CARD.md): ``news`` (PLOVER gold train part,
#: claimgraph's conflict snippets and wire sentences; the pipeline component and
#: ``classify-events``) and ``plover`` (the PLOVER gold train part and the wire sentences; ``eval
#: events`` on PLOVER-style records). The snippets, many of them ASSAULT, pull wire sentences
#: towards ASSAULT (sixth round: 3-seed CV 77.3 without them against 75.4 with them).
PROFILES = {"news": "model.json", "plover": "model_plover.json"}


@functools.lru_cache(maxsize=4)
def model(profile: str = "news") -> Optional[dict]:
    """The trained weights (``{"classes", "intercept", "weights": {feature: [w...]}}``) of a
    profile (:data:`PROFILES`; the ``news`` model when the profile's file is missing) or None."""
    p = DATA / PROFILES[profile]
    if not p.exists():
        return model("news") if profile != "news" else None
    return json.loads(p.read_text(encoding="utf-8"))


def predict_proba(feats: list[str], boost: Optional[float] = None, profile: str = "news") -> dict[str, float]:
    """Class probabilities; the lexicon alone when no model is shipped.

    The trigger lexicon also acts as a prior: the focus trigger's own categories get ``boost``
    (the model's ``lexicon_boost``, chosen by cross-validation on the training split) added to
    their score before normalising."""
    m = model(profile)
    if m is None:
        cats = [f.split("=", 1)[1] for f in feats if f.startswith("main=")]
        if not cats:
            return {}
        return {c: 1.0 / len(cats) for c in cats}
    scores = list(m["intercept"])
    w = m["weights"]
    for f in feats:
        row = w.get(f)
        if row is not None:
            for k, v in enumerate(row):
                scores[k] += v
    if boost is None:
        boost = m.get("lexicon_boost", 0.0)
    if boost:
        own = {f.split("=", 1)[1] for f in feats if f.startswith("main=")}
        scores = [s + (boost if c in own else 0.0) for c, s in zip(m["classes"], scores)]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    z = sum(exps)
    return {c: e / z for c, e in zip(m["classes"], exps)}


def focus_trigger(sent: SpacySpan, triggers: list[Trigger]) -> Optional[Trigger]:
    """The trigger nearest the main predicate (the sentence's main event)."""
    if not triggers:
        return None
    root = main_predicate(sent)
    by_token = {t.head.i: t for t in triggers}
    # prefer triggers that are not reporting-only and not governed by another trigger
    top = [t for t in triggers if governing_trigger(t, by_token) is None] or triggers

    def purpose(t: Trigger) -> bool:
        # "began a hunger strike to demand ...", "gathered to demand ...": the purpose clause is
        # what the event is for, not the event
        h = t.head
        return PURPOSE_SECONDARY and len(top) > 1 and h.dep_ in ("advcl", "xcomp") and \
            any(c.dep_ == "aux" and c.lower_ == "to" for c in h.children) and h.head.i not in by_token

    return min(top, key=lambda t: (_depth(t.head, root) + purpose(t), t.head.pos_ in ("NOUN", "PROPN"), t.start))


def classify_sentence(sent: SpacySpan) -> tuple[Optional[str], Optional[str], Optional[Trigger], dict]:
    """(category, mode, focus trigger, probabilities) of a sentence's main event."""
    triggers = find_triggers(sent)
    focus = focus_trigger(sent, triggers)
    probs = predict_proba(features(sent, focus, triggers))
    if not probs:
        return None, None, focus, probs
    cat = max(probs, key=probs.get)
    mode = focus.mode_for(cat) if focus is not None else None
    return cat, mode, focus, probs


# --------------------------------------------------------------------------- ACLED

@functools.lru_cache(maxsize=1)
def acled_rules() -> dict:
    raw = yaml.safe_load((DATA / "acled.yaml").read_text(encoding="utf-8"))
    rules = [(set(r["when"]), re.compile(r["pattern"], re.I), r["type"], r["sub"]) for r in raw["rules"]]
    return {"rules": rules, "default": {k: tuple(v) for k, v in raw["default"].items()}}


SUB_TO_MODE = {"Air/drone strike": "aerial", "Shelling/artillery/missile attack": "heavy-weapons",
               "Remote explosive/landmine/IED": "explosives", "Suicide bomb": "suicide-attack",
               "Grenade": "explosives", "Sexual violence": "sexual", "Abduction/forced disappearance": "abduct",
               "Armed clash": "firearms", "Chemical weapon": "cbrn", "Violent demonstration": "riot",
               "Peaceful protest": "demonstrate", "Protest with intervention": "demonstrate",
               "Excessive force against protesters": "demonstrate", "Arrests": "arrest",
               "Looting/property destruction": "destroy", "Mob violence": "beat", "Attack": None}


def acled_type(category: Optional[str], mode: Optional[str], text: str,
               force: bool = False) -> tuple[Optional[str], Optional[str]]:
    """ACLED (event type, sub-event type) for a PLOVER event in ``text``.

    ``force``: always answer (for conflict-event snippets, which all have an ACLED type): rules of
    other categories are tried next, then "Strategic developments / Other"."""
    r = acled_rules()
    for when, rx, typ, sub in r["rules"]:
        if category in when and rx.search(text):
            return typ, sub
    d = r["default"]
    hit = d.get(f"{category}={mode}") or d.get(category or "")
    if hit:
        return hit
    if not force:
        return None, None
    for when, rx, typ, sub in r["rules"]:
        if rx.pattern != "." and rx.search(text):
            return typ, sub
    return "Strategic developments", "Other"


#: categories ACLED does not code: a conflict snippet about them is "Strategic developments / Other"
NON_ACLED = {"ACCUSE", "REQUEST", "CONSULT", "REJECT", "SUPPORT", "THREATEN", "SANCTION", "AID"}
#: ACLED types a snippet keeps even when its main event is a statement ("accused X of a chlorine attack")
VIOLENT_SUBS = {"Chemical weapon", "Suicide bomb", "Air/drone strike", "Remote explosive/landmine/IED", "Grenade",
                "Shelling/artillery/missile attack", "Sexual violence", "Abduction/forced disappearance"}
#: statements about violence to come, denials and weapons as things ("will deliver F-16 jets", "asked for
#: permission to strike", "warned that any strike would draw a response") never become that violence
NOT_TURNED = {"AID", "SANCTION", "REQUEST", "THREATEN", "REJECT"}
#: a non-ACLED main event (ACCUSE, SANCTION ...) at least this probable is not overridden by violent keywords
STATEMENT_SURE = 0.9
#: the PLOVER category an ACLED sub-event type implies (ACLED's own definitions are one-sided)
SUB_TO_PLOVER = {"Armed clash": "ASSAULT", "Government regains territory": "ASSAULT",
                 "Non-state actor overtakes territory": "ASSAULT", "Air/drone strike": "ASSAULT",
                 "Shelling/artillery/missile attack": "ASSAULT", "Remote explosive/landmine/IED": "ASSAULT",
                 "Suicide bomb": "ASSAULT", "Grenade": "ASSAULT", "Chemical weapon": "ASSAULT", "Attack": "ASSAULT",
                 "Sexual violence": "ASSAULT", "Abduction/forced disappearance": "ASSAULT",
                 "Peaceful protest": "PROTEST", "Protest with intervention": "PROTEST",
                 "Excessive force against protesters": "PROTEST", "Violent demonstration": "PROTEST",
                 "Mob violence": "ASSAULT", "Arrests": "COERCE", "Looting/property destruction": "COERCE",
                 "Non-violent transfer of territory": "RETREAT"}
#: the PLOVER category of a snippet without a trigger whose ACLED rules found a strategic development
NO_TRIGGER_PLOVER = {"Change to group/activity": "MOBILIZE", "Headquarters or base established": "MOBILIZE",
                     "Non-violent transfer of territory": "RETREAT", "Agreement": "AGREE",
                     "Disrupted weapons use": "ASSAULT"}
#: how much a conflict snippet's main event is likely to be of a category (a prior over the
#: top-level events of the snippet, not a hard rule)
SALIENCE = {"ASSAULT": 1.0, "PROTEST": 0.9, "COERCE": 0.8, "MOBILIZE": 0.6, "RETREAT": 0.5, "AGREE": 0.5,
            "THREATEN": 0.5, "REQUEST": 0.5, "ACCUSE": 0.5, "REJECT": 0.5, "SANCTION": 0.5, "CONSULT": 0.4,
            "AID": 0.4, "CONCEDE": 0.4, "SUPPORT": 0.3, "COOPERATE": 0.3}


_TAG = re.compile(r"<[^<>]{0,200}>")


def clean_snippet(text: str) -> str:
    """A snippet as the parser reads it best: HTML tags dropped and entities decoded ("<p>Protesters
    <b>blocked</b> ..." -> "Protesters blocked ..."), an all-capital text ("RUSSIAN MISSILES HIT
    LVIV") in lower case with capitalised sentences, since the tagger reads capitals as names."""
    import html as _html

    if "<" in text and ">" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = _html.unescape(text)
    text = text.replace("\u00a0", " ")
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.8 * len(letters):
        low = text.lower()
        text = re.sub(r"(^|[.!?:]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), low)
    return text.strip()


#: prepositions that introduce the reason or occasion of an event, not a second event
REASON_PREPS = {"over", "after", "following", "for", "amid", "despite", "against"}
#: on: see classify_text (development batch 7: "imposed sanctions ... over air strikes")
REASONS_ARE_NOT_EVENTS = True


#: on: a noun naming people after an activity ("aid workers") is not an event
COMPOUND_PEOPLE = True
#: verbs whose object is a claim they deny: what the claim reports did not happen by their account
DENIAL_VERBS = {"deny", "dismiss", "reject", "refute", "rebuff"}


def _ancestors(tok: Token, n: int) -> list[Token]:
    out = []
    while tok.head.i != tok.i and len(out) < n:
        tok = tok.head
        out.append(tok)
    return out


def _is_reason_of(t: Trigger, main: Trigger) -> bool:
    """``t`` sits in a reason phrase of the main trigger ("imposed sanctions on three commanders
    *over drone strikes*"), or in what a denial denies ("dismissed a report that its troops were
    *fighting*")."""
    if _lemma(main.head) in DENIAL_VERBS and any(a.i == main.head.i for a in _ancestors(t.head, 6)):
        return True
    for tok in [t.head] + _ancestors(t.head, 3):
        if tok.dep_ == "pobj" and tok.head.lower_ in REASON_PREPS:
            return any(a.i == main.head.i for a in [tok.head.head] + _ancestors(tok.head.head, 3))
    return False


def classify_text(nlp: Language, text: str, embedding: bool = True) -> dict:
    """PLOVER category, mode and ACLED type of a short news snippet (its main event): the rules of
    :func:`classify_text_rules`, then (``embedding``, when the heads' encoder and the trained heads
    are there) the sentence-embedding heads of :mod:`claimgraph.encoders.snippet_heads` where they
    are sure. ``by`` in the result says which decided."""
    return classify_texts(nlp, [text], embedding=embedding)[0]


def classify_texts(nlp: Language, texts: list[str], embedding: bool = True) -> list[dict]:
    """:func:`classify_text` for many snippets (their vectors computed in one batch)."""
    from ...encoders import snippet_heads

    results = [classify_text_rules(nlp, t) for t in texts]
    heads = snippet_heads.load() if embedding and results else None
    if heads is None:
        return [dict(r, by="rules") for r in results]
    from ...encoders.sentence import embed

    vectors = embed([clean_snippet(t) for t in texts], encoder=heads["encoder"])
    return [snippet_heads.refine(r, v, heads) for r, v in zip(results, vectors)]


def classify_text_rules(nlp: Language, text: str) -> dict:
    """PLOVER category, mode and ACLED type of a short news snippet (its main event), by the
    trigger lexicon, the category model and the ACLED keyword rules alone.

    Each sentence's top-level triggers (not complements of another trigger) are candidates; the
    first sentence's main predicate is preferred, conflict categories slightly; the ACLED type
    comes from the keyword rules, and a sub-event type that implies a PLOVER category (ACLED's
    "Arrests" is COERCE, "Protest with intervention" PROTEST) settles the category. The text is
    cleaned first (:func:`clean_snippet`: HTML tags, entities, all-capital headlines)."""
    text = clean_snippet(text)
    doc = nlp(text)
    best = None
    for k, sent in enumerate(doc.sents):
        triggers = find_triggers(sent)
        by_token = {t.head.i: t for t in triggers}
        top = [t for t in triggers if governing_trigger(t, by_token) is None]
        main = focus_trigger(sent, triggers)
        if REASONS_ARE_NOT_EVENTS and main is not None:
            # "imposed sanctions on five generals over air strikes", "arrested after clashes": the
            # event named as the main event's reason or occasion is not the snippet's event
            top = [t for t in top if t is main or not _is_reason_of(t, main)] or top
        for t in top or [None]:
            probs = predict_proba(features(sent, t, triggers))
            if not probs:
                continue
            cat = max(probs, key=probs.get)
            score = probs[cat] * SALIENCE.get(cat, 0.5) + (0.3 if t is main else 0.0) - 0.2 * k
            if best is None or score > best[0]:
                best = (score, cat, t.mode_for(cat) if t is not None else None, t, probs[cat], triggers)
    _, cat, mode, focus, sure, sent_triggers = best if best else (0, None, None, None, 0.0, [])
    recast = armed_recast(focus, cat, mode)
    grammar = recast != (cat, mode)     # the grammar decided against the trigger word's category
    cat, mode = recast
    if cat == "REQUEST" and focus is not None and focus.head.tag_ == "VBG":
        # "Thousands march in Belgrade calling for ...", "staged a sit-in, demanding news of ...":
        # a crowd's demand is its protest (ACLED codes the gathering)
        protest = next((t for t in sent_triggers if "PROTEST" in t.categories), None)
        if protest is not None:
            cat, mode, focus = "PROTEST", protest.mode_for("PROTEST"), protest
    low = text.lower()
    if cat is None:
        # no model and no known trigger (with a model, a text without a trigger is scored from its
        # words: tried the rules alone for it, 91.3 % PLOVER on the train snippets against 95.7): the ACLED rules alone (any category, "150 combat engagements", "a
        # new battalion was formed"), else the commonest class
        typ, sub = next(((rtyp, rsub) for _, rx, rtyp, rsub in acled_rules()["rules"]
                         if rx.pattern != "." and rx.search(low)), (None, None))
        if typ is None:
            typ, sub = acled_type("ASSAULT", None, low, force=True)
        cat = SUB_TO_PLOVER.get(sub) or NO_TRIGGER_PLOVER.get(sub, "ASSAULT")
    elif cat in NON_ACLED:
        typ, sub = "Strategic developments", "Other"
        # a strategic development the category can be ("MONUSCO handed over its base to the army":
        # AID by its trigger, a non-violent transfer of territory by ACLED's definitions)
        typ, sub = next(((rtyp, rsub) for when, rx, rtyp, rsub in acled_rules()["rules"]
                         if cat in when and rtyp == "Strategic developments" and rx.search(low)), (typ, sub))
        for when, rx, rtyp, rsub in acled_rules()["rules"]:
            # a statement the model is sure of ("imposed sanctions on makers of drone parts")
            # stays a statement; an unsure one that names violence is read as the violence
            if sure < STATEMENT_SURE and cat not in NOT_TURNED and rsub in VIOLENT_SUBS and rx.search(low):
                typ, sub = rtyp, rsub
                cat, mode = "ASSAULT", None
                break
    else:
        typ, sub = acled_type(cat, mode, low, force=True)
        implied = SUB_TO_PLOVER.get(sub)
        if implied and implied != cat and not (cat == "COERCE" and sub == "Abduction/forced disappearance"):
            cat, mode = implied, None
    if mode is None and SUB_TO_PLOVER.get(sub) == cat:
        mode = SUB_TO_MODE.get(sub)
    return {"plover": cat, "mode": mode, "acled_event_type": typ, "acled_sub_event_type": sub,
            "trigger": doc[focus.start:focus.end].text if focus is not None else None, "by_grammar": grammar}


# --------------------------------------------------------------------------- arguments

#: heads that count or single out members of the actor the "of" phrase names ("thousands of Iraqi
#: Kurds", "a group of Chechen refugees", "members of the Association of African Jurists")
QUANTITY_HEADS = {"thousand", "hundred", "dozen", "million", "score", "group", "member", "some", "many",
                  "third", "half", "part", "number", "leader", "batch", "contingent", "unit",
                  "thousands", "hundreds", "dozens", "members"}
#: heads that name an organisation's people or machines rather than the organisation ("Red Cross
#: officials", "Hezbollah guerrillas", "U.N. helicopters"; "Palestinian officials" stay whole)
MEMBER_HEADS = {"official", "officer", "minister", "agent", "guerrilla", "guerilla", "fighter", "bomber",
                "tank", "jet", "helicopter", "bulldozer", "warship", "soldier", "spokesman", "representative",
                "delegate", "diplomat", "gunboat", "aircraft", "plane", "militiaman", "gunman"}
#: on: the three span rules above and "in PLACE" kept ("rebels in the Ivory Coast"), as the
#: PLOVER coders write actors (train part figures in MODEL_CARD.md)
ACTOR_SPAN_RULES = True


def actor_head(tok: Token) -> Token:
    """The token whose phrase is the actor: the "of" phrase under a quantity head."""
    if ACTOR_SPAN_RULES and _lemma(tok) in QUANTITY_HEADS:
        g = next((x for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                  for x in p.children if x.dep_ == "pobj"), None)
        if g is not None:
            return g
    return tok


def actor_span(tok: Token) -> tuple[int, int]:
    """Character range of the noun phrase headed by ``tok`` (no relative clauses, appositions,
    determiners)."""
    tok = actor_head(tok)
    toks = [tok]
    stack = [c for c in tok.children if c.dep_ not in ACTOR_DEPS_DROP or
             (c.dep_ == "prep" and c.lower_ == "of") or
             (ACTOR_SPAN_RULES and c.dep_ == "prep" and c.lower_ == "in" and
              any(g.dep_ == "pobj" and g.ent_type_ in ("GPE", "LOC") for g in c.children))]
    while stack:
        c = stack.pop()
        toks.append(c)
        stack.extend(x for x in c.children if x.dep_ not in ("relcl", "acl", "appos", "punct", "advcl"))
    toks.sort(key=lambda t: t.i)
    lo, hi = toks[0].i, toks[-1].i
    doc = tok.doc

    def past_determiners(lo: int) -> int:
        while lo < tok.i and (doc[lo].dep_ in ("det", "punct", "cc") or doc[lo].pos_ in ("DET", "PUNCT")):
            lo += 1
        return lo

    lo = past_determiners(lo)
    if TRIM_DESCRIPTIONS:
        # a name's lower-case describing words are not part of it: "war-torn Mozambique",
        # "neighboring Lebanon", "ousted president Jean-Bertrand Aristide", "elderly British nationals"
        while lo < tok.i and doc[lo + 1].text != "-" and \
                any(doc[k].text[:1].isupper() for k in range(lo + 1, tok.i + 1)):
            if _describing(doc[lo]):
                lo += 1
            elif doc[lo].text.islower() and doc[lo].dep_ == "poss" and doc[lo].pos_ == "NOUN" and \
                    lo + 2 < tok.i and doc[lo + 1].dep_ == "case":
                lo += 2          # "the party's leader Mahmoud Abbas" -> "Mahmoud Abbas"
            else:
                break
        lo = past_determiners(lo)
    # keep a contiguous range around the head
    while hi > tok.i and (doc[hi].pos_ in ("PUNCT", "SPACE") or doc[hi].is_space):
        hi -= 1
    while hi > tok.i and (doc[hi].dep_ == "case" or doc[hi].pos_ in ("PUNCT", "SPACE")):   # "Russia's" -> "Russia"
        hi -= 1
    if ACTOR_SPAN_RULES and hi == tok.i and _lemma(tok) in MEMBER_HEADS and tok.text.islower():
        # "Red Cross officials" -> "Red Cross": the named actor before its people or machines
        k = tok.i - 1
        while k >= lo and doc[k].text.islower() and (doc[k].pos_ == "ADJ" or _lemma(doc[k]) in ("suicide",)):
            k -= 1
        if k >= lo and doc[k].ent_type_ == "ORG" and doc[k].dep_ in ("compound", "amod", "nmod"):
            hi = k
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


#: on: actor spans drop lower-case describing words before a name (see actor_span)
TRIM_DESCRIPTIONS = True


def _describing(t: Token) -> bool:
    """A lower-case word that describes a name rather than belonging to it (not a number, not part
    of an entity: "former", "war-torn", "top", "president" before "Carlos Menem")."""
    return t.text.islower() and not t.ent_type_ and t.lower_ not in ("ethnic",) and t.pos_ in ("ADJ", "VERB", "NOUN", "ADV") and t.dep_ in (
        "amod", "compound", "nmod", "advmod", "npadvmod")


def _children(tok: Token, deps: tuple[str, ...]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


ACTOR_ENTS = {"GPE", "ORG", "NORP", "PERSON", "LOC", "FAC"}


def _is_time(t: Token) -> bool:
    return t.ent_type_ in ("DATE", "TIME") or t.lower_ in ("last", "today", "yesterday", "tonight")


POSSESSIVE_PRONOUNS = {"its", "their", "his", "her", "our", "my", "your"}
RECIPIENT_PREPS = {"for", "to", "in", "on", "against", "with"}
#: objects that are the content of an event, not its recipient (PLOVER codes no target for them)
NOT_RECIPIENTS = {"agreement", "accord", "deal", "treaty", "talk", "talks", "information", "intelligence", "evidence",
                  "expertise", "exercise", "game", "tie", "relation", "ceasefire", "truce", "plan", "proposal",
                  "formula", "memorandum", "statement", "decision", "negotiation", "meeting", "summit", "visit",
                  "resolution", "measure", "step", "reform", "law", "election", "vote", "referendum", "policy",
                  "cooperation", "consensus", "compromise", "protocol", "declaration", "communique",
                  "effort", "initiative", "program", "programme", "project", "mission", "pact"}


def _is_actorish(t: Token) -> bool:
    return t.ent_type_ in ACTOR_ENTS or t.pos_ == "PROPN"


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
#: off: a non-actor object ("25,000 tons of food aid") is not returned as the target (train part,
#: target exact 27.6 -> see MODEL_CARD.md)
THING_TARGETS = False


def _is_people(t: Token) -> bool:
    return _lemma(t) in PEOPLE_NOUNS or t.lower_ in PEOPLE_NOUNS


#: categories of acts done to things: their object is the target even when it is not an actor
#: ("shelled the city of Kharkiv", "struck Russian airfields", "blew up three power lines")
PHYSICAL = {"ASSAULT", "COERCE"}


#: what is fired, launched or imposed is the act's means, not its target ("fired shells at targets in
#: Jericho", "launched rocket fire against guerrilla camps", "imposed a curfew in the town of Cizre")
INSTRUMENTS = {"fire", "artillery", "shell", "bomb", "rocket", "missile", "mortar", "grenade", "gas", "weapon",
               "round", "bullet", "curfew", "barrage", "salvo", "rifle", "gun", "ammunition", "explosive", "munition"}
#: on: tokens of the trigger itself are never its target ("opened fire"), nor INSTRUMENTS
SKIP_INSTRUMENTS = True


def _target_of(verb: Token, depth: int = 0, physical: bool = False, skip: frozenset = frozenset()) -> Optional[Token]:
    """The recipient of a verb: a named object or prepositional object ("offered its troops to
    Lebanon's president" -> the president), else the object; looks into "agreed to [set up ...
    in Tokyo]"-type complements when the verb itself has none."""
    dobj = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and not _is_time(c)), None)
    # the act's means (part of the trigger, or a weapon): not the target itself, but what it is aimed
    # at, whose it is and where it is still count ("accepted demands from Shona rebels")
    means = SKIP_INSTRUMENTS and dobj is not None and (
        dobj.i in skip or not _is_actorish(dobj) and _lemma(dobj) in INSTRUMENTS)
    preps = [g for p in verb.children if p.dep_ in ("prep", "dative") and p.lower_ in TARGET_PREPS and p.lower_ != "in"
             for g in p.children if g.dep_ == "pobj" and not _is_time(g)]
    # the thing given / shared / signed is not the recipient: look at its owner ("support
    # Turkey's efforts" -> Turkey) and its recipients ("aid for Romania", "troops to Lebanon")
    inner = []
    if dobj is not None and physical and not _is_actorish(dobj) and not _is_time(dobj) and not means:
        return _place_of(dobj)
    if dobj is not None and not _is_actorish(dobj):
        inner = [c for c in dobj.children if c.dep_ == "poss" and c.lower_ not in POSSESSIVE_PRONOUNS]
        inner += [g for p in dobj.children if p.dep_ == "prep" and p.lower_ in RECIPIENT_PREPS
                  for g in p.children if g.dep_ == "pobj" and not _is_time(g)]
        if TARGET_MODIFIERS:
            # whose request / plan / homes: "rejected a U.S. request", "an Indian proposal",
            # "demolished Palestinian homes"; "demands from Shona rebels", "calls by Kofi Annan"
            inner += [c for c in dobj.children if c.dep_ in ("amod", "compound", "nmod") and
                      (c.ent_type_ in ("NORP", "GPE", "ORG") or c.pos_ == "PROPN")]
            inner += [g for p in dobj.children if p.dep_ in ("prep", "agent") and p.lower_ in ("from", "by")
                      for g in p.children if g.dep_ == "pobj" and not _is_time(g)]
    named = [t for t in ([dobj] if dobj is not None and not means else []) + preps + inner
             if _is_actorish(t) or (TARGET_MODIFIERS and t in inner and _is_people(t))]
    if named:
        return _place_of(named[0]) if TARGET_MODIFIERS else named[0]
    if means:
        # "instituted a curfew in Algiers"
        g = next((_place_of(x) for p in dobj.children if p.dep_ == "prep" and p.lower_ == "in"
                  for x in p.children if x.dep_ == "pobj" and not _is_time(x)), None)
        if g is not None and _is_place(g):
            return g
        dobj = None
    if dobj is not None:
        if not _is_actorish(dobj) and _lemma(dobj) in NOT_RECIPIENTS:
            return None      # "signed an agreement", "held talks", "shared information": no recipient
        if THING_TARGETS or _is_actorish(dobj) or _is_people(dobj):
            return dobj
        # a thing ("provide 25,000 tons of food aid", "lifted a state of emergency") is not the
        # target actor; a recipient of it may still be named ("... to refugees", "... in Tokyo")
        dobj = None
    if preps:
        return preps[0]
    if TARGET_MODIFIERS and _lemma(verb) in ADDRESSEE_CLAUSE_VERBS:
        # "demanded that the US cancel ...": who is to act
        subj = next((g for c in verb.children if c.dep_ == "ccomp" for g in c.children if g.dep_ == "nsubj"
                     and g.pos_ != "PRON"), None)
        if subj is not None:
            return subj
    if depth < 2:
        for c in verb.children:
            if c.dep_ in ("xcomp", "acomp") or (c.dep_ == "ccomp" and _lemma(verb) in ("agree", "decide")) or \
                    (means and c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)):
                # "opened fire to disperse the demonstrators": the purpose's object
                # "threatened to strike Russian airfields": the complement's act decides
                cats = {e.category for e in lexicon()["single"].get(_lemma(c), ()) if not e.noun_only}
                sub = physical or bool(cats) and cats <= PHYSICAL
                t = _target_of(c, depth + 1, sub)
                if t is not None:
                    return t
    if TARGET_PLACES and depth == 0:
        # no actor at all: where it happens ("imposed a curfew in the town of Cizre", "demonstrated
        # in Serbia", "remained on alert in the West Bank")
        heads = [verb] + [c for c in verb.children if c.dep_ == "dobj"][:1]
        for head in heads:
            for p in head.children:
                if p.dep_ == "prep" and p.lower_ == "in":
                    g = next((x for x in p.children if x.dep_ == "pobj"), None)
                    if g is not None and not _is_time(g):
                        g = _place_of(g)
                        if g.ent_type_ in ("GPE", "LOC", "FAC"):
                            return g
    return None


#: verbs whose clause names who is to act ("demanded that X ...")
ADDRESSEE_CLAUSE_VERBS = {"demand", "insist", "urge", "ask", "request", "appeal", "press", "call"}
#: "the town of Cizre", "the province of Kosovo": the place is the name
PLACE_NOUNS = {"town", "city", "village", "province", "region", "district", "enclave", "capital", "port",
               "island", "state", "republic", "area", "territory", "county", "municipality", "camp"}
#: on: a thing's owner, maker or asker is the target ("a U.S. request", "demands from X"); off:
#: the sixth round's rules (see MODEL_CARD.md for the train-part figures)
TARGET_MODIFIERS = True
#: on: with no actor, the place "in" which it happens is the target (the gold's habit)
TARGET_PLACES = True


def _is_place(t: Token) -> bool:
    """A place name: tagged as one, or the name in "the town of X" ("the city of Donetsk", which
    the small model does not always tag)."""
    return t.ent_type_ in ("GPE", "LOC", "FAC") or (
        t.pos_ == "PROPN" and t.dep_ == "pobj" and t.head.lower_ == "of" and _lemma(t.head.head) in PLACE_NOUNS)


def _place_of(t: Token) -> Token:
    """"the town of Cizre" -> Cizre; other tokens unchanged."""
    if _lemma(t) in PLACE_NOUNS:
        g = next((x for p in t.children if p.dep_ == "prep" and p.lower_ == "of"
                  for x in p.children if x.dep_ == "pobj" and (x.ent_type_ in ("GPE", "LOC", "FAC") or x.pos_ == "PROPN")), None)
        if g is not None:
            return g
    return t


def _resolve_pronoun(src: Optional[Token], head: Token) -> Optional[Token]:
    """"The RUF announced it will return weapons": a pronoun subject inside what a reporting
    verb reports is that verb's subject when the numbers agree."""
    if src is None or src.lower_ not in ("it", "they", "he", "she"):
        return src
    cur, hops = head, 0
    while cur.head.i != cur.i and hops < 5:
        if cur.dep_ == "ccomp" and _lemma(cur.head) in REPORTING | {"announce", "warn", "promise", "vow"}:
            subj = next((c for c in cur.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
            if subj is not None and (src.lower_ in ("it", "he", "she")) == (subj.tag_ in ("NN", "NNP")):
                return subj
            return src
        cur, hops = cur.head, hops + 1
    return src


def arguments(trigger: Trigger) -> tuple[Optional[Token], Optional[Token]]:
    """(source, target) head tokens of a trigger."""
    head = trigger.head
    doc = head.doc
    src = tgt = None
    if head.pos_ in ("NOUN", "PROPN"):
        # "Russian shelling of Kharkiv", "a drone attack on a power station", "the army's offensive"
        poss = _children(head, ("poss",))
        amod = [c for c in head.children if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE", "ORG")
                and (c.pos_ == "PROPN" or c.ent_type_ == "NORP")]
        src = (poss or amod or [None])[0]
        if ACTOR_SPAN_RULES and src is not None and src.lower_ in POSSESSIVE_PRONOUNS:
            src = None   # "continued their hunger strike": whose is the subject's
        for p in _children(head, ("prep",)):
            if _lemma(head) in NOT_RECIPIENTS and p.lower_ in ("on", "of"):
                continue     # "an agreement on grain exports", "talks on a truce": a topic, not a target
            if p.lower_ in ("on", "against", "of", "at", "in") and p.lower_ != "in":
                tgt = next(iter(_children(p, ("pobj",))), None)
                if tgt is not None:
                    break
        # the verb the noun phrase hangs from ("launched a mediation effort", "arrived on a visit")
        cur, hops, verb = head, 0, None
        while cur.dep_ in ("compound", "dobj", "pobj", "prep", "attr", "amod") and hops < 4:
            cur, hops = cur.head, hops + 1
            if cur.pos_ in ("VERB", "AUX"):
                verb = cur
                break
        if src is None and verb is not None:
            src = next(iter(_children(verb, ("nsubj",))), None)
        if tgt is None and NOUN_TARGETS:
            tgt = _noun_target(trigger, head, verb)
        return _resolve_pronoun(src, head), tgt
    verb = head
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    subj = next(iter(_children(verb, ("nsubj",))), None)
    if subj is None and (verb.pos_ == "ADJ" or verb.dep_ == "acomp"):
        # "Norway is willing to send ...", "France is ready to contribute ..."
        subj = next(iter(_children(verb.head, ("nsubj",))), None) if verb.dep_ == "acomp" else None
    if passive:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        src = next(iter(_children(agent, ("pobj",))), None) if agent is not None else None
        tgt = next(iter(_children(verb, ("nsubjpass",))), None)
    else:
        # the subject, inherited through xcomp / conj chains ("agreed to withdraw", "shelled and hit")
        cur = verb
        while subj is None and cur.dep_ in ("xcomp", "conj", "advcl") and cur.head.i != cur.i:
            cur = cur.head
            # "the soldiers are said to have locked ..." raises the subject of a passive
            subj = next(iter(_children(cur, ("nsubj", "nsubjpass"))), None)
        src = subj
        tgt = _target_of(verb, physical=bool(trigger.categories) and set(trigger.categories) <= PHYSICAL,
                         skip=frozenset(range(trigger.start, trigger.end)))
    if src is not None and src.lower_ in ("who", "which", "that") and src.head.dep_ == "relcl":
        src = src.head.head      # "soldiers who refuse": the noun the relative clause modifies
    src = _resolve_pronoun(src, verb)
    if ACTOR_SPAN_RULES and verb.dep_ == "ccomp" and _lemma(verb.head) in REPORTING | ADDRESSEE_CLAUSE_VERBS and \
            any(c.dep_ == "aux" and _lemma(c) in ("must", "should") for c in verb.children):
        # "Russia said that Sudan must return the helicopter": Russia demands, Sudan is to act
        speaker = next((c for c in verb.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
        if speaker is not None and src is not None and speaker.i != src.i:
            src, tgt = speaker, src
    if tgt is not None and tgt.lower_ in ("who", "which", "that", "whom"):
        tgt = tgt.head.head if tgt.head.dep_ == "relcl" else None
    return src, tgt


#: on: a noun trigger with no "of / on / against" target takes one from around it (see _noun_target)
NOUN_TARGETS = True


def _noun_target(trigger: Trigger, head: Token, verb: Optional[Token]) -> Optional[Token]:
    """The target of a noun trigger that names none itself: "mediation between X and Y" -> X; a
    protest "against X" or "to demand the resignation of X" -> X; else what the verb it hangs from
    takes ("extended the curfew in Abidjan" -> Abidjan, "arrived in Amman on a visit" -> Amman)."""
    inside = range(trigger.start, trigger.end)
    for p in _children(head, ("prep",)):
        if p.lower_ == "between":
            g = next(iter(_children(p, ("pobj",))), None)
            if g is not None:
                return g
    if "PROTEST" in trigger.categories:
        scope = [head] + ([verb] if verb is not None else [])
        for h in scope:
            for d in h.subtree:
                if d.dep_ == "prep" and d.lower_ == "against":
                    g = next(iter(_children(d, ("pobj",))), None)
                    if g is not None and (_is_actorish(g) or _is_people(g)):
                        return g
                if _lemma(d) in ("demand", "call", "press", "seek") and d.pos_ == "VERB":
                    obj = next(iter(_children(d, ("dobj",))), None)
                    if obj is not None:
                        if _is_actorish(obj):
                            return obj
                        owner = next((g for pp in obj.children if pp.dep_ == "prep" and pp.lower_ in ("of", "from", "by")
                                      for g in pp.children if g.dep_ == "pobj" and (_is_actorish(g) or _is_people(g))), None)
                        if owner is not None:
                            return owner
    if verb is not None:
        t = _target_of(verb)
        if t is not None and t.i not in inside and (_is_actorish(t) and t.ent_type_ != "LOC" or _is_people(t)):
            return t
    return None


def _negated(trigger: Trigger) -> bool:
    cur, hops = trigger.head, 0
    while True:
        if any(c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ in ("neg", "advmod", "det")
               for c in cur.children):
            return True
        if _lemma(cur) in NEGATING_GOVERNORS and cur.i != trigger.head.i:
            return True
        if cur.head.i == cur.i or hops >= 4 or cur.dep_ not in ("xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "conj"):
            return False
        if cur.dep_ == "conj" and hops == 0:
            cur, hops = cur.head, hops + 1
            continue
        cur, hops = cur.head, hops + 1


# --------------------------------------------------------------------------- the component

def _in(span: Span, lo: int, hi: int) -> bool:
    return lo <= span.start < hi


def find_events(doc: Doc) -> list[Event]:
    did = doc_id(doc)
    text = doc.text
    claims = [c for c in (doc._.claims or []) if not c.boilerplate] + \
             [c for c in (doc._.claims or []) if c.boilerplate]
    # where an event happens: not a nationality adjective or an organisation's seat
    places = [p for p in doc._.places or [] if p.role not in ("nationality", "seat")]
    times = doc._.times or []
    mentions = doc._.actor_mentions or []
    out: list[Event] = []
    for sent in doc.sents:
        triggers = find_triggers(sent)
        if not triggers:
            continue
        by_token = {t.head.i: t for t in triggers}
        sent_feats_cache: dict[int, dict] = {}
        for t in triggers:
            if _lemma(t.head) in REPORTING and len(t.categories) == 0:
                continue
            gov = governing_trigger(t, by_token)
            if gov is not None:
                continue
            probs = predict_proba(features(sent, t, triggers))
            sent_feats_cache[t.start] = probs
            # the category: the likeliest of the trigger's own categories, unless the model is
            # sure of another one
            own = {c: probs.get(c, 0.0) for c in t.categories}
            cat = max(own, key=own.get)
            best = max(probs, key=probs.get) if probs else cat
            if best != cat and probs.get(best, 0) > 0.6:
                cat = best
            mode = t.mode_for(cat)
            cat, mode = armed_recast(t, cat, mode, mentions)
            # THREATEN's mode is what is threatened
            governed = [o for o in triggers if o is not t and governing_trigger(o, by_token) is t]
            if cat == "THREATEN" and governed:
                mode = governed[0].categories[0].lower()
            s_char = doc[t.start].idx
            e_char = doc[t.end - 1].idx + len(doc[t.end - 1])
            sub_lo, sub_hi = t.head.left_edge.idx, t.head.right_edge.idx + len(t.head.right_edge)
            typ, sub = acled_type(cat, mode, sent.text.lower())
            if mode is None and SUB_TO_PLOVER.get(sub) == cat:
                mode = SUB_TO_MODE.get(sub)
            src_tok, tgt_tok = arguments(t)
            if tgt_tok is None and governed:
                # "threatened to strike Russian airfields": the target of what is threatened
                tgt_tok = arguments(governed[0])[1]

            def actor_name(tok: Optional[Token]) -> Optional[str]:
                if tok is None:
                    return None
                lo, hi = actor_span(tok)
                m = next((m for m in mentions if m.span.start <= tok.idx < m.span.end), None)
                if m is not None and m.name:
                    return m.name
                return text[lo:hi]

            in_phrase = [p for p in places if _in(p.mention, sub_lo, sub_hi)]
            in_sent = [p for p in places if _in(p.mention, sent.start_char, sent.end_char)]
            place = (in_phrase or sorted(in_sent, key=lambda p: p.role != "event_location") or [None])[0]
            t_phrase = [x for x in times if _in(x.mention, sub_lo, sub_hi)]
            t_sent = [x for x in times if _in(x.mention, sent.start_char, sent.end_char)]
            tm = (t_phrase or t_sent or [None])[0]
            holding = [c for c in claims if c.content.start <= s_char < c.content.end]
            claim = min(holding, key=lambda c: c.content.end - c.content.start) if holding else None
            polarity = "negated" if _negated(t) else "asserted"
            out.append(Event(
                id=record_id(did, "event", s_char, e_char), doc_id=did,
                trigger=Span(s_char, e_char, text[s_char:e_char]), type=cat,
                acled_event_type=typ, acled_sub_event_type=sub, mode=mode,
                source_actor=actor_name(src_tok), target_actor=actor_name(tgt_tok),
                place=place.id if place else None, time=tm.id if tm else None,
                claim=claim.id if claim else None,
                certainty=claim.certainty if claim else "certain", polarity=polarity,
                sentence=Span(sent.start_char, sent.end_char, text[sent.start_char:sent.end_char])))
    return out


@Language.component("claimgraph_events")
def events_component(doc: Doc) -> Doc:
    doc._.events = find_events(doc)
    return doc
