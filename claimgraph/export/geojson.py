"""GeoJSON export: a FeatureCollection of the located places and events.

Each place (grouped by GeoNames id, as in ``claimgraph places``) is a Point feature with
``kind: "place"`` and its name, admin1, country, mention and claim counts; each event placed at
a located place is a Point feature with ``kind: "event"``, its PLOVER category, ACLED types,
actors, date, certainty, polarity and the reporting claim's source chain. Coordinates are
``[longitude, latitude]`` (RFC 7946).
"""
from __future__ import annotations

import json
from pathlib import Path

PLACE_FIELDS = ("geonameid", "name", "admin1", "country", "mentions", "documents", "claims", "written_as",
                "ambiguous", "event_location")
EVENT_FIELDS = ("id", "doc_id", "outlet", "published", "event_date", "plover", "mode", "acled_event_type",
                "acled_sub_event_type", "trigger_text", "source_actor", "target_actor", "place", "place_name",
                "admin1", "country", "certainty", "polarity", "claim", "source_chain", "evidence", "sentence_text")


def features(corpus) -> list[dict]:
    from .. import core

    out = []
    for p in core.places(corpus, located=True, limit=None).rows:
        out.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
                    "properties": {"kind": "place", **{k: p.get(k) for k in PLACE_FIELDS}}})
    for e in core.events(corpus, located=True, limit=None).rows:
        out.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [e["lon"], e["lat"]]},
                    "properties": {"kind": "event", **{k: e.get(k) for k in EVENT_FIELDS}}})
    return out


def export_geojson(corpus, out: Path) -> int:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    feats = features(corpus)
    out.write_text(json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False, default=str),
                   encoding="utf-8")
    return len(feats)
