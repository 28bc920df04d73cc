"""ACLED event and sub-event types for a PLOVER category: ordered keyword rules and a
per-category default (``assets/plover/acled.yaml``)."""
from __future__ import annotations

import functools
import re
from typing import Optional

import yaml

from .triggers import DATA


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
