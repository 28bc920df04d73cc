"""HTML and SVG fragments the templates place: the highlighted article, the map, the figure
chart and the relay graph. Every piece of text from the corpus goes through :func:`esc`."""
from __future__ import annotations

import json
from collections import defaultdict
from html import escape
from urllib.parse import quote

from markupsafe import Markup

from .basemap import Projection, country_paths, view_box

#: highlight layers, innermost last (a hedge inside a content shows as a hedge)
LAYERS = ("content", "source", "cue", "hedge", "place", "time", "figure")
LABELS = {"content": "content", "source": "source", "cue": "cue", "hedge": "hedge", "place": "place",
          "time": "date", "figure": "figure"}


def esc(s) -> str:
    return escape("" if s is None else str(s), quote=True)


def spans_of(view: dict) -> list[tuple[str, int, int, str]]:
    """(layer, start, end, record id) for every highlighted span of a document view."""
    out = []
    for a in view["attributions"]:
        out += [("content", s["start"], s["end"], a["id"]) for s in a.get("contents") or []]
        out += [("source", s["start"], s["end"], a["id"]) for s in a.get("sources") or []]
        if a.get("cue"):
            out.append(("cue", a["cue"]["start"], a["cue"]["end"], a["id"]))
    for c in view["claims"]:
        out += [("hedge", h["start"], h["end"], c["id"]) for h in c.get("hedges") or []]
    for kind, key, field in (("place", "places", "mention"), ("time", "times", "mention"),
                             ("figure", "figures", "mention")):
        for r in view[key]:
            s = r.get(field)
            if s:
                out.append((kind, s["start"], s["end"], r["id"]))
    return [x for x in out if x[1] < x[2]]


def record_notes(view: dict) -> dict[str, dict]:
    """What a highlighted span shows on hover/focus, by record id (plain strings only)."""
    claims_of = defaultdict(list)
    for c in view["claims"]:
        if c.get("attribution"):
            claims_of[c["attribution"]].append(c)
    notes = {}
    for a in view["attributions"]:
        cs = claims_of.get(a["id"], [])
        notes[a["id"]] = {"kind": "attribution", "chain": " → ".join(a.get("source_chain") or []),
                          "evidence": a.get("evidence"), "quote": a.get("quote_type"),
                          "actor": a.get("source_actor"),
                          "certainty": ", ".join(sorted({c["certainty"] for c in cs})) or None,
                          "stance": ", ".join(sorted({c["outlet_stance"] for c in cs})) or None}
    for c in view["claims"]:
        notes[c["id"]] = {"kind": "claim (hedged)", "certainty": c.get("certainty"),
                          "hedges": ", ".join(h["text"] for h in c.get("hedges") or []),
                          "chain": " → ".join(c.get("chain") or []) or "the outlet itself",
                          "stance": c.get("outlet_stance")}
    for p in view["places"]:
        where = ", ".join(x for x in (p.get("name"), p.get("admin1"), p.get("country")) if x)
        notes[p["id"]] = {"kind": "place", "resolved": where or None, "geonames": p.get("geonameid"),
                          "coordinates": f"{p['lat']:.3f}, {p['lon']:.3f}" if p.get("lat") is not None else None,
                          "role": p.get("role")}
    for t in view["times"]:
        notes[t["id"]] = {"kind": "date", "value": t.get("value") or t.get("start"), "granularity": t.get("granularity")}
    for f in view["figures"]:
        value = f"{f['value']:g}" if f.get("value") is not None else (    # a vague quantity: its range
            f"{f['low']:g}–{f['high']:g}" if f.get("low") is not None and f.get("high") is not None else None)
        notes[f["id"]] = {"kind": "figure", "value": value, "counts": f.get("counts"),
                          "actor": f.get("actor"), "according to": f.get("source") or "the outlet"}
    return {k: {a: b for a, b in v.items() if b not in (None, "")} for k, v in notes.items()}


def highlighted_text(text: str, view: dict) -> Markup:
    """The article text cut at every span boundary; each piece a ``<span>`` with the classes of
    the layers covering it, ``data-r`` the records (innermost first). A piece where a record
    starts is focusable and carries the record id as an anchor (claims too, for links from the
    claims table)."""
    spans = spans_of(view)
    anchors = defaultdict(list)         # offset -> ids linked to (claims, attributions)
    for c in view["claims"]:
        if c.get("content") and c["content"]["start"] < len(text):
            anchors[c["content"]["start"]].append(c["id"])
    for a in view["attributions"]:
        if a.get("contents") and a["contents"][0]["start"] < len(text):
            anchors[a["contents"][0]["start"]].append(a["id"])
    cuts = sorted({0, len(text), *[s for _, s, _, _ in spans], *[e for _, _, e, _ in spans], *anchors})
    starts = defaultdict(list)
    for sp in spans:
        starts[sp[1]].append(sp)
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = esc(text[a:b])
        cover = [sp for sp in spans if sp[1] <= a and sp[2] >= b]
        anchor = "".join(f'<span id="{esc(i)}" class="anchor"></span>' for i in anchors.pop(a, []))
        if not cover:
            out.append(anchor + piece)
            continue
        cover.sort(key=lambda sp: (LAYERS.index(sp[0]), sp[1] - sp[2]))
        classes = " ".join(f"hl-{k}" for k in dict.fromkeys(sp[0] for sp in cover))
        recs = " ".join(dict.fromkeys(sp[3] for sp in reversed(cover)))
        first = [sp for sp in starts.get(a, []) if sp in cover]
        attrs = f' class="hl {classes}" data-r="{esc(recs)}"'
        if first:
            attrs += ' tabindex="0" aria-describedby="tip"'
        out.append(f"{anchor}<span{attrs}>{piece}</span>")
    return Markup("".join(out))


def attribution_tree(view: dict) -> list[dict]:
    """Attributions in text order, each with the attributions it relays nested under it."""
    attrs = view["attributions"]
    ids = {a["id"] for a in attrs}
    children = defaultdict(list)
    for a in attrs:
        children[a.get("parent") if a.get("parent") in ids else None].append(a)

    def node(a, seen):
        seen = seen | {a["id"]}
        return {"a": a, "children": [node(c, seen) for c in children.get(a["id"], []) if c["id"] not in seen]}

    return [node(a, set()) for a in children.get(None, [])]


def notes_json(notes: dict) -> Markup:
    """JSON for a ``<script type="application/json">`` block (``<`` escaped, so no tag can close it)."""
    return Markup(json.dumps(notes, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
                  .replace("&", "\\u0026"))


# -- map ----------------------------------------------------------------------------------------
def map_svg(places: list[dict], events: list[dict], width: int = 900) -> Markup:
    """Country outlines around the located places; a circle a place (size: mentions), a diamond
    a place where events happened (``events``: rows of :func:`claimgraph.core.event_sites`)."""
    # frame the towns and sites; a country's centroid (feature class A) only when nothing else is located
    local = [p for p in places if p.get("lat") is not None and p.get("feature_class") != "A"]
    framed = local or [p for p in places if p.get("lat") is not None]
    box = view_box([(p["lon"], p["lat"]) for p in framed])
    proj = Projection(*box, width=width)
    parts = [f'<svg class="map" viewBox="0 0 {proj.width} {proj.height}" role="img" '
             f'aria-labelledby="map-title" xmlns="http://www.w3.org/2000/svg">',
             '<title id="map-title">Places and events on country outlines (Natural Earth)</title>',
             f'<rect width="{proj.width}" height="{proj.height}" class="sea"/>']
    for name, d in country_paths(proj, box):
        parts.append(f'<path class="land" d="{d}"><title>{esc(name)}</title></path>')
    for p in places:
        if p.get("lat") is None:
            continue
        x, y = proj(p["lon"], p["lat"])
        r = min(4 + p.get("mentions", 1), 14)
        label = f"{p.get('name')} ({p.get('country') or '?'}): {p.get('mentions')} mention(s), {p.get('claims')} claim(s)"
        parts.append(f'<a href="/claims?place={esc(quote(p.get("name") or ""))}" class="marker place-marker">'
                     f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}"><title>{esc(label)}</title></circle></a>')
    for e in events:
        x, y = proj(e["lon"], e["lat"])
        label = f"{e['events']} event(s) at {e.get('place_name')}: " + ", ".join(e.get("types") or [])
        parts.append(f'<a href="/events?place={esc(quote(e.get("place_name") or ""))}" class="marker event-marker">'
                     f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" transform="rotate(45 {x:.1f} {y:.1f})">'
                     f'<title>{esc(label)}</title></rect></a>')
    for p in places:
        if p.get("lat") is not None and p.get("mentions", 0) >= 1:
            x, y = proj(p["lon"], p["lat"])
            parts.append(f'<text x="{x + 8:.1f}" y="{y - 6:.1f}" class="map-label">{esc(p.get("name"))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


# -- figures chart --------------------------------------------------------------------------------
PALETTE = ("#0b6e99", "#c0392b", "#2e7d32", "#8e44ad", "#d35400", "#34495e", "#b7950b", "#16a085")


def figure_chart(rows: list[dict], width: int = 900, height: int = 320) -> Markup:
    """One measure over time (publication date), one line per source through the largest value it
    gave each day; every value a dot."""
    from datetime import date as Date

    pts = [r for r in rows if r.get("published")]
    if not pts:
        return Markup('<p class="empty">No dated figures for this measure.</p>')

    def day(r):
        try:
            return Date.fromisoformat(r["published"][:10]).toordinal()
        except ValueError:
            return None

    pts = [r for r in pts if day(r) is not None]
    if not pts:
        return Markup('<p class="empty">No dated figures for this measure.</p>')
    first, last = min(map(day, pts)), max(map(day, pts))
    vmax = max(r["value"] for r in pts) or 1
    left, right, top, bottom = 70, 260, 20, 40
    iw, ih = width - left - right, height - top - bottom

    def x_of(d):
        return left + 24 + (iw - 48) * ((d - first) / (last - first) if last > first else 0.5)

    def y_of(v):
        return top + ih - ih * v / vmax

    by_source = defaultdict(list)
    for r in pts:
        by_source[r["source"]].append(r)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title" '
             f'xmlns="http://www.w3.org/2000/svg"><title id="chart-title">Values by publication date, one line per source</title>',
             f'<line x1="{left}" y1="{top + ih}" x2="{left + iw}" y2="{top + ih}" class="axis"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ih}" class="axis"/>']
    for i in range(5):
        v = vmax * i / 4
        parts.append(f'<text x="{left - 6}" y="{y_of(v) + 4:.1f}" class="tick" text-anchor="end">{v:,.0f}</text>')
    for d in sorted({day(r) for r in pts}):
        label = Date.fromordinal(d).isoformat()
        parts.append(f'<text x="{x_of(d):.1f}" y="{top + ih + 18}" class="tick" text-anchor="middle">{label}</text>')
    for k, (source, rs) in enumerate(sorted(by_source.items())):
        colour = PALETTE[k % len(PALETTE)]
        best: dict = {}
        for r in rs:
            best[day(r)] = max(best.get(day(r), 0), r["value"])
        line = [(x_of(d), y_of(v)) for d, v in sorted(best.items())]
        if len(line) > 1:
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="'
                         + " ".join(f"{x:.1f},{y:.1f}" for x, y in line) + '"/>')
        for r in rs:
            parts.append(f'<circle cx="{x_of(day(r)):.1f}" cy="{y_of(r["value"]):.1f}" r="4.5" fill="{colour}"><title>'
                         f'{esc(source)}: {r["value"]:,g} ({esc(r["outlet"])}, {esc(r["published"])})</title></circle>')
        ly = top + 14 + 18 * k
        parts.append(f'<rect x="{left + iw + 16}" y="{ly - 9}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{left + iw + 34}" y="{ly + 1}" class="legend">{esc(source[:36])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


# -- relay graph ----------------------------------------------------------------------------------
def relay_svg(graph: dict, width: int = 900) -> Markup:
    """Columns outlet → relays → origin, edges weighted by the number of claims."""
    nodes = graph["nodes"]
    if not nodes:
        return Markup("")
    depth = {n["id"]: 0 if n["kind"] == "outlet" else None for n in nodes}
    for _ in range(len(nodes)):
        for e in graph["edges"]:
            if depth.get(e["from"]) is not None:
                d = depth[e["from"]] + 1
                if depth.get(e["to"]) is None or (nodes_kind(nodes, e["to"]) != "origin" and d > depth[e["to"]]):
                    depth[e["to"]] = d
    origin_col = max([d for n, d in depth.items() if d is not None and nodes_kind(nodes, n) != "origin"] + [0]) + 1
    for n in nodes:
        if n["kind"] == "origin":
            depth[n["id"]] = origin_col
        elif depth[n["id"]] is None:
            depth[n["id"]] = 1
    cols = defaultdict(list)
    for n in nodes:
        cols[depth[n["id"]]].append(n)
    ncols = max(cols) + 1
    row_h, box_w = 34, 210
    height = max(len(v) for v in cols.values()) * row_h + 30
    gap = (width - box_w - 20) / max(ncols - 1, 1)
    pos = {}
    for c, ns in cols.items():
        for i, n in enumerate(ns):
            pos[n["id"]] = (10 + c * gap, 15 + i * row_h)
    parts = [f'<svg class="relays" viewBox="0 0 {width} {height}" role="img" aria-labelledby="relay-title" '
             f'xmlns="http://www.w3.org/2000/svg"><title id="relay-title">Who relays whom: outlets (left), '
             f'relays, origins (right)</title>']
    for e in graph["edges"]:
        (x1, y1), (x2, y2) = pos[e["from"]], pos[e["to"]]
        a, b = x1 + box_w, x2
        if depth[e["to"]] - depth[e["from"]] > 1:       # skips a column: bend below its boxes
            d = (f"M{a:.0f},{y1 + 12} C{a + gap / 2:.0f},{y1 + 12 + row_h * 0.7:.0f} "
                 f"{b - gap / 2:.0f},{y2 + 12 + row_h * 0.7:.0f} {b:.0f},{y2 + 12}")
        else:
            d = f"M{a:.0f},{y1 + 12} L{b:.0f},{y2 + 12}"
        parts.append(f'<path d="{d}" fill="none" stroke-width="{min(1 + e["claims"], 6)}" class="edge">'
                     f'<title>{e["claims"]} claim(s)</title></path>')
    for n in nodes:
        x, y = pos[n["id"]]
        parts.append(f'<g class="node node-{esc(n["kind"])}"><rect x="{x:.0f}" y="{y}" width="{box_w}" height="24" rx="4"/>'
                     f'<text x="{x + 6:.0f}" y="{y + 16}">{esc(n["label"][:30])}</text><title>{esc(n["kind"])}: '
                     f'{esc(n["label"])}</title></g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def nodes_kind(nodes, node_id):
    for n in nodes:
        if n["id"] == node_id:
            return n["kind"]
    return None
