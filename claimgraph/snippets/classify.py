"""Classify a short conflict-news snippet (``claimgraph classify-events``): its main event's
PLOVER category and mode and its ACLED event and sub-event type, by the event rules and, where
they are sure, the snippet heads (:mod:`claimgraph.snippets.heads`)."""
from __future__ import annotations

import re

from claimgraph.analyse.events.acled import NON_ACLED, NOT_TURNED, NO_TRIGGER_PLOVER, SALIENCE, STATEMENT_SURE, SUB_TO_MODE, SUB_TO_PLOVER, VIOLENT_SUBS, acled_rules, acled_type
from claimgraph.analyse.events.category import armed_recast, features, focus_trigger, predict_proba
from claimgraph.analyse.events.triggers import Trigger, _lemma, find_triggers, governing_trigger
from spacy.language import Language
from spacy.tokens import Token


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
    are there) the sentence-embedding heads of :mod:`claimgraph.snippets.heads` where they
    are sure. ``by`` in the result says which decided."""
    return classify_texts(nlp, [text], embedding=embedding)[0]


def classify_texts(nlp: Language, texts: list[str], embedding: bool = True) -> list[dict]:
    """:func:`classify_text` for many snippets (their vectors computed in one batch)."""
    from . import heads as snippet_heads

    results = [classify_text_rules(nlp, t) for t in texts]
    heads = snippet_heads.load() if embedding and results else None
    if heads is None:
        return [dict(r, by="rules") for r in results]
    from ..encoders.sentence import embed

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
        if main is not None:
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
