"""The source and target actors of an event trigger, read from the dependency parse."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from .triggers import ACTOR_DEPS_DROP, REPORTING, TARGET_PREPS, Trigger, _is_people, _lemma, lexicon


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


def actor_head(tok: Token) -> Token:
    """The token whose phrase is the actor: the "of" phrase under a quantity head."""
    if _lemma(tok) in QUANTITY_HEADS:
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
             (c.dep_ == "prep" and c.lower_ == "in" and
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
    if hi == tok.i and _lemma(tok) in MEMBER_HEADS and tok.text.islower():
        # "Red Cross officials" -> "Red Cross": the named actor before its people or machines
        k = tok.i - 1
        while k >= lo and doc[k].text.islower() and (doc[k].pos_ == "ADJ" or _lemma(doc[k]) in ("suicide",)):
            k -= 1
        if k >= lo and doc[k].ent_type_ == "ORG" and doc[k].dep_ in ("compound", "amod", "nmod"):
            hi = k
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


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


#: categories of acts done to things: their object is the target even when it is not an actor
#: ("shelled the city of Kharkiv", "struck Russian airfields", "blew up three power lines")
PHYSICAL = {"ASSAULT", "COERCE"}


#: what is fired, launched or imposed is the act's means, not its target ("fired shells at targets in
#: Jericho", "launched rocket fire against guerrilla camps", "imposed a curfew in the town of Cizre")
INSTRUMENTS = {"fire", "artillery", "shell", "bomb", "rocket", "missile", "mortar", "grenade", "gas", "weapon",
               "round", "bullet", "curfew", "barrage", "salvo", "rifle", "gun", "ammunition", "explosive", "munition"}


def _target_of(verb: Token, depth: int = 0, physical: bool = False, skip: frozenset = frozenset()) -> Optional[Token]:
    """The recipient of a verb: a named object or prepositional object ("offered its troops to
    Lebanon's president" -> the president), else the object; looks into "agreed to [set up ...
    in Tokyo]"-type complements when the verb itself has none."""
    dobj = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and not _is_time(c)), None)
    # the act's means (part of the trigger, or a weapon): not the target itself, but what it is aimed
    # at, whose it is and where it is still count ("accepted demands from Shona rebels")
    means = dobj is not None and (
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
        # whose request / plan / homes: "rejected a U.S. request", "an Indian proposal",
        # "demolished Palestinian homes"; "demands from Shona rebels", "calls by Kofi Annan"
        inner += [c for c in dobj.children if c.dep_ in ("amod", "compound", "nmod") and
                  (c.ent_type_ in ("NORP", "GPE", "ORG") or c.pos_ == "PROPN")]
        inner += [g for p in dobj.children if p.dep_ in ("prep", "agent") and p.lower_ in ("from", "by")
                  for g in p.children if g.dep_ == "pobj" and not _is_time(g)]
    named = [t for t in ([dobj] if dobj is not None and not means else []) + preps + inner
             if _is_actorish(t) or (t in inner and _is_people(t))]
    if named:
        return _place_of(named[0])
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
        if _is_actorish(dobj) or _is_people(dobj):
            return dobj
        # a thing ("provide 25,000 tons of food aid", "lifted a state of emergency") is not the
        # target actor; a recipient of it may still be named ("... to refugees", "... in Tokyo")
        dobj = None
    if preps:
        return preps[0]
    if _lemma(verb) in ADDRESSEE_CLAUSE_VERBS:
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
    if depth == 0:
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
    src = tgt = None
    if head.pos_ in ("NOUN", "PROPN"):
        # "Russian shelling of Kharkiv", "a drone attack on a power station", "the army's offensive"
        poss = _children(head, ("poss",))
        amod = [c for c in head.children if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE", "ORG")
                and (c.pos_ == "PROPN" or c.ent_type_ == "NORP")]
        src = (poss or amod or [None])[0]
        if src is not None and src.lower_ in POSSESSIVE_PRONOUNS:
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
        if tgt is None:
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
    if verb.dep_ == "ccomp" and _lemma(verb.head) in REPORTING | ADDRESSEE_CLAUSE_VERBS and \
            any(c.dep_ == "aux" and _lemma(c) in ("must", "should") for c in verb.children):
        # "Russia said that Sudan must return the helicopter": Russia demands, Sudan is to act
        speaker = next((c for c in verb.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
        if speaker is not None and src is not None and speaker.i != src.i:
            src, tgt = speaker, src
    if tgt is not None and tgt.lower_ in ("who", "which", "that", "whom"):
        tgt = tgt.head.head if tgt.head.dep_ == "relcl" else None
    return src, tgt


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
