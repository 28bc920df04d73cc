"""The category of an event: features of a sentence and its focus trigger, the sparse
logistic-regression models (``assets/plover/model.json``, ``model_plover.json``), and the grammar
that recasts a trigger word's category (armed actors, crowds, reversals)."""
from __future__ import annotations

import functools
import json
import math
from typing import Iterable, Optional

import numpy as np
from spacy.tokens import Span as SpacySpan, Token

from .arguments import actor_head
from .triggers import DATA, Trigger, _depth, _lemma, _trigger_lemma, governing_trigger, main_predicate


#: categories whose announced future act is a threat (CAMEO 13: "will extend the curfew",
#: "would arrest anyone who"; see derived_categories)
COERCIVE = {"COERCE", "ASSAULT", "SANCTION", "PROTEST", "MOBILIZE"}


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
    """(category, mode) of a PROTEST trigger done with weapons or by armed forces;
    any other ``category`` is returned as it is. ``mentions``: the actors component's mentions
    (their ``kind``); without them the nouns alone decide."""
    if trigger is None:
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


def sentence_features(sent: SpacySpan, triggers: Iterable[Trigger] = ()) -> frozenset[str]:
    """The features of :func:`features` that do not depend on the trigger in focus: the
    sentence's lemmas and its triggers' categories (the same for each of its triggers)."""
    feats: set[str] = set()
    for t in sent:
        if t.is_alpha:
            feats.add("w=" + _lemma(t))
    for t in triggers:
        for c in t.categories:
            feats.add("lex=" + c)
    return frozenset(feats)


def features(sent: SpacySpan, focus: Optional[Trigger], triggers: Iterable[Trigger] = (),
             sentence: Optional[frozenset[str]] = None) -> list[str]:
    """Sparse binary features of a sentence with one trigger in focus. ``sentence``: the
    sentence's :func:`sentence_features`, when the caller has them already."""
    feats: set[str] = set(sentence_features(sent, triggers) if sentence is None else sentence)
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
#: verbs that end, lift or cut off the act their object names (CAMEO's yield and reduce-relations
#: codes): ending a cooperative act reduces relations ("ended its mediation", "halted aid
#: deliveries", "called off a visit": SANCTION); ending a coercive one yields ("lifted the curfew",
#: "ended the strike": CONCEDE; "lifted the blockade", "halted its attacks": RETREAT)
STOP_VERBS = {"end", "halt", "stop", "suspend", "cancel", "abandon", "lift", "ease", "relax", "drop", "scrap",
              "shorten", "call off", "break off", "cut off", "terminate", "discontinue", "cease", "revoke",
              "rescind", "withdraw", "quit", "freeze"}


REVERSED = {"CONSULT": "SANCTION", "AID": "SANCTION", "COOPERATE": "SANCTION", "SUPPORT": "SANCTION",
            "COERCE": "CONCEDE", "PROTEST": "CONCEDE", "SANCTION": "CONCEDE", "THREATEN": "CONCEDE",
            "ASSAULT": "RETREAT", "MOBILIZE": "RETREAT"}


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
    if _lemma(head) in ("order", "tell", "give") and any(
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
            bool(set(focus.categories + out) & COERCIVE))
        # a promised coercive act is a threat ("would boycott", "will extend the curfew", "is
        # prepared to impose martial law"), a promised other act a pledge
        coercive = _coercive(focus, out)
        out.append("THREATEN" if conditional or coercive else "AGREE")
    elif aux & {"may", "might", "could"} and _coercive(focus, out) and \
            not any(c.dep_ == "nsubjpass" for c in head.children):
        out.append("THREATEN")
    return out


#: the category models, one per kind of text (see MODEL_CARD.md): ``news`` (PLOVER gold train part,
#: claimgraph's conflict snippets and wire sentences; the pipeline component and
#: ``classify-events``) and ``plover`` (the PLOVER gold train part and the wire sentences; ``eval
#: events`` on PLOVER-style records). The snippets, many of them ASSAULT, pull wire sentences
#: towards ASSAULT (3-seed CV on the gold train part: 77.3 without them against 75.4 with them).
PROFILES = {"news": "model.json", "plover": "model_plover.json"}


@functools.lru_cache(maxsize=4)
def model(profile: str = "news") -> Optional[dict]:
    """The trained weights (``{"classes", "intercept", "weights": {feature: [w...]}}``) of a
    profile (:data:`PROFILES`; the ``news`` model when the profile's file is missing) or None."""
    p = DATA / PROFILES[profile]
    if not p.exists():
        return model("news") if profile != "news" else None
    return json.loads(p.read_text(encoding="utf-8"))


def _weight_rows(m: dict) -> Optional[dict]:
    """A model's weight rows as numpy arrays (built once per model; None when a row's length
    is not the number of classes): one vector addition per feature instead of a Python loop
    over the classes, with the same sums."""
    if "_rows" not in m:
        n = len(m["intercept"])
        w = m["weights"]
        m["_rows"] = ({f: np.array(row, dtype=float) for f, row in w.items()}
                      if all(len(row) == n for row in w.values()) else None)
    return m["_rows"]


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
    rows = _weight_rows(m)
    if rows is not None:     # each class's score gets the features' weights added in order
        acc = np.array(m["intercept"], dtype=float)
        for f in feats:
            row = rows.get(f)
            if row is not None:
                acc += row
        scores = acc.tolist()
    else:
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
        return len(top) > 1 and h.dep_ in ("advcl", "xcomp") and \
            any(c.dep_ == "aux" and c.lower_ == "to" for c in h.children) and h.head.i not in by_token

    return min(top, key=lambda t: (_depth(t.head, root) + purpose(t), t.head.pos_ in ("NOUN", "PROPN"), t.start))

