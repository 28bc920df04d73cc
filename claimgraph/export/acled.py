"""ACLED-style CSV of events, to open next to ACLED's own files.

The first columns are ACLED's (``event_date, event_type, sub_event_type, actor1, actor2,
admin1, location, latitude, longitude, source, notes``) plus ``country`` (ISO 3166-1 alpha-2,
where ACLED writes the name); then what ACLED does not carry: who the claim reporting the event
is attributed to (``source_chain``, outermost first), its ``evidence``, ``certainty`` and
``polarity``, the PLOVER category and the ids to go back to the article.

``event_date`` is the event's resolved date when the text gives one, else the publication date;
``source`` is the outlet; ``notes`` the sentence that reports the event.
"""
from __future__ import annotations

import csv
from pathlib import Path

COLUMNS = ("event_date", "event_type", "sub_event_type", "actor1", "actor2", "admin1", "location",
           "latitude", "longitude", "source", "notes", "country", "source_chain", "evidence", "certainty",
           "polarity", "plover", "event_id", "doc_id", "claim_id")


def acled_rows(corpus):
    from .. import core

    for e in core.events(corpus, limit=None).rows:
        yield {"event_date": (e["event_date"] or "")[:10] or None, "event_type": e["acled_event_type"],
               "sub_event_type": e["acled_sub_event_type"], "actor1": e["source_actor"], "actor2": e["target_actor"],
               "admin1": e["admin1"], "location": e["place_name"], "latitude": e["lat"], "longitude": e["lon"],
               "source": e["outlet"], "notes": " ".join((e["sentence_text"] or "").split()), "country": e["country"],
               "source_chain": e["source_chain"], "evidence": e["evidence"], "certainty": e["certainty"],
               "polarity": e["polarity"], "plover": e["plover"], "event_id": e["id"], "doc_id": e["doc_id"],
               "claim_id": e["claim"]}


def export_acled(corpus, out: Path) -> int:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        for row in acled_rows(corpus):
            w.writerow(row)
            n += 1
    return n
