"""The ``claimgraph_events`` component: events of a document, each part of a claim."""
from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Token

from ...model import Event, Span, record_id
from ..attribution.lexicon import doc_text
from ..extensions import doc_id, register
from .acled import SUB_TO_MODE, SUB_TO_PLOVER, acled_type
from .arguments import actor_span, arguments
from .category import PROFILES, armed_recast, features, predict_proba, sentence_features
from .triggers import NEGATING_GOVERNORS, REPORTING, Trigger, _lemma, find_triggers, governing_trigger


register()


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


def _in(span: Span, lo: int, hi: int) -> bool:
    return lo <= span.start < hi


def find_events(doc: Doc, profile: str = "news", override_p: float = 0.6) -> list[Event]:
    """The events of an analysed document, categorised by the ``profile`` model (see
    :data:`.category.PROFILES`); the model's likeliest category replaces the trigger's own
    ones when its probability is over ``override_p``."""
    did = doc_id(doc)
    text = doc_text(doc)
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
        sent_feats: Optional[frozenset] = None     # the features every trigger of the sentence shares
        sent_low: Optional[str] = None
        acled: dict = {}        # (category, mode) -> ACLED types in this sentence
        for t in triggers:
            if _lemma(t.head) in REPORTING and len(t.categories) == 0:
                continue
            gov = governing_trigger(t, by_token)
            if gov is not None:
                continue
            if sent_feats is None:
                sent_feats = sentence_features(sent, triggers)
            probs = predict_proba(features(sent, t, triggers, sent_feats), profile=profile)
            sent_feats_cache[t.start] = probs
            # the category: the likeliest of the trigger's own categories, unless the model is
            # sure of another one
            own = {c: probs.get(c, 0.0) for c in t.categories}
            cat = max(own, key=own.get)
            best = max(probs, key=probs.get) if probs else cat
            if best != cat and probs.get(best, 0) > override_p:
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
            if (cat, mode) not in acled:
                if sent_low is None:
                    sent_low = text[sent.start_char:sent.end_char].lower()
                acled[(cat, mode)] = acled_type(cat, mode, sent_low)
            typ, sub = acled[(cat, mode)]
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


#: the events component's settings: the category model (``news``: trained with claimgraph's
#: conflict snippets, ``plover``: on PLOVER records) and the probability over which the model's
#: category replaces the trigger's own
DEFAULT_CONFIG = {"profile": "news", "override_p": 0.6}


class EventsComponent:
    """Adds ``doc._.events`` (see :func:`find_events`)."""

    def __init__(self, profile: str = "news", override_p: float = 0.6):
        if profile not in PROFILES:
            raise ValueError(f"events profile must be one of {', '.join(PROFILES)}, not {profile!r}")
        self.profile, self.override_p = profile, override_p

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = find_events(doc, self.profile, self.override_p)
        return doc


@Language.factory("claimgraph_events", default_config=DEFAULT_CONFIG)
def make_events(nlp: Language, name: str, profile: str, override_p: float) -> EventsComponent:
    return EventsComponent(profile, override_p)


def events_component(doc: Doc) -> Doc:
    """The events component with its default settings."""
    return EventsComponent()(doc)
