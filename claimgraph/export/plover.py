"""PLOVER JSON export: one event a line, in the shape of PLOVER event records.

Fields: ``id``, ``date`` (the event's Time value when resolved, else the document's publication
date), ``actor`` and ``recipient`` (text), ``event`` (current PLOVER category), ``mode``,
``context``, ``event_text`` (the trigger), ``text`` (the sentence), ``text_info`` (document id,
outlet, url and character offsets of the trigger and sentence in the stored document text),
``cite_info`` (the claim that reports the event: claim id, certainty, polarity, outlet stance,
attribution id, source chain outermost first, evidence type), ``acled_event_type``,
``acled_sub_event_type``, ``location`` (the Place record: name, country, coordinates).
"""
from __future__ import annotations

import json
from pathlib import Path

from ..analyse.attribution import source_chain

CONTEXT = {"ASSAULT": "military", "MOBILIZE": "military", "RETREAT": "military", "COERCE": "political",
           "PROTEST": "political", "SANCTION": "economic", "AID": "humanitarian", "CONSULT": "diplomatic",
           "AGREE": "diplomatic", "SUPPORT": "diplomatic", "COOPERATE": "diplomatic", "CONCEDE": "political",
           "REQUEST": "diplomatic", "ACCUSE": "political", "REJECT": "diplomatic", "THREATEN": "military"}


def plover_records(corpus):
    docs = {d.id: d for d in corpus.documents(with_text=False)}
    for ev in corpus.records("event"):
        doc = docs.get(ev.doc_id)
        claims = {c.id: c for c in corpus.records("claim", ev.doc_id)}
        attrs = {a.id: a for a in corpus.records("attribution", ev.doc_id)}
        places = {p.id: p for p in corpus.records("place", ev.doc_id)}
        times = {t.id: t for t in corpus.records("time", ev.doc_id)}
        claim = claims.get(ev.claim) if ev.claim else None
        attr = attrs.get(claim.attribution) if claim is not None and claim.attribution else None
        tm = times.get(ev.time) if ev.time else None
        place = places.get(ev.place) if ev.place else None
        yield {
            "id": ev.id,
            "date": (tm.value or tm.start) if tm is not None and (tm.value or tm.start) else (doc.published if doc else None),
            "actor": ev.source_actor,
            "recipient": ev.target_actor,
            "event": ev.type,
            "mode": ev.mode,
            "context": CONTEXT.get(ev.type),
            "event_text": ev.trigger.text,
            "text": ev.sentence.text if ev.sentence else None,
            "acled_event_type": ev.acled_event_type,
            "acled_sub_event_type": ev.acled_sub_event_type,
            "location": None if place is None else {"name": place.name or place.mention.text, "country": place.country,
                                                    "lat": place.lat, "lon": place.lon, "geonameid": place.geonameid},
            "text_info": {"doc_id": ev.doc_id, "outlet": doc.outlet if doc else None, "url": doc.url if doc else None,
                          "title": doc.title if doc else None, "published": doc.published if doc else None,
                          "event_start": ev.trigger.start, "event_end": ev.trigger.end,
                          "sentence_start": ev.sentence.start if ev.sentence else None,
                          "sentence_end": ev.sentence.end if ev.sentence else None},
            "cite_info": {"claim_id": ev.claim, "certainty": ev.certainty, "polarity": ev.polarity,
                          "outlet_stance": claim.outlet_stance if claim else None,
                          "attribution_id": attr.id if attr else None,
                          "source_chain": source_chain(attr, attrs) if attr else [],
                          "evidence": attr.evidence if attr else None,
                          "voice": "attributed" if attr else "outlet"},
        }


def export_plover(corpus, out: Path) -> int:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for rec in plover_records(corpus):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n
