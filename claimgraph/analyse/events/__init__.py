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

Modules: :mod:`.triggers` (lexicon, governing triggers), :mod:`.category` (features,
sparse models, grammar recasts), :mod:`.arguments` (source and target actors), :mod:`.acled`
(ACLED types), :mod:`.component` (the pipeline component); :mod:`.plover_head` is the
sentence-embedding head of the ``plover`` profile.

The component only does dictionary look-ups and one sparse dot product per event, so it stays
a small fraction of the parse time.
"""
from .component import events_component, find_events
from .triggers import CATEGORIES, DATA, current_name


__all__ = ["CATEGORIES", "DATA", "current_name", "events_component", "find_events"]
