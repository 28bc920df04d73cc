"""Country outlines for the offline map, drawn as SVG paths.

The outlines come from the ``world-atlas`` package (Natural Earth 1:50m, TopoJSON), vendored
with its licence under ``static/vendor/world-atlas/``; nothing is fetched at run time. The map
uses an equirectangular projection with the latitude scaled by cos(centre latitude), which keeps
shapes recognisable at the regional scale news is about.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

ATLAS = Path(__file__).resolve().parent / "static" / "vendor" / "world-atlas" / "countries-50m.json"


@lru_cache(maxsize=1)
def countries() -> list[tuple[str, list[list[tuple[float, float]]], tuple[float, float, float, float]]]:
    """(name, rings of (lon, lat), bbox) for every country."""
    topo = json.loads(ATLAS.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indexes):
        pts: list = []
        for i in indexes:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a[1:] if pts else a)
        return pts

    out = []
    for g in topo["objects"]["countries"]["geometries"]:
        polys = g.get("arcs") or []
        if g["type"] == "Polygon":
            polys = [polys]
        rings = [_unwrap(ring(r)) for poly in polys for r in poly]
        lons = [p[0] for r in rings for p in r]
        lats = [p[1] for r in rings for p in r]
        if lons:
            out.append(((g.get("properties") or {}).get("name", ""), rings,
                        (min(lons), min(lats), max(lons), max(lats))))
    return out


def _unwrap(ring: list) -> list:
    """A ring that crosses the antimeridian (Chukotka, Fiji) continued past 180° east."""
    if any(lon < -150 for lon, _ in ring) and any(lon > 150 for lon, _ in ring):
        return [(lon + 360 if lon < 0 else lon, lat) for lon, lat in ring]
    return ring


class Projection:
    """lon/lat -> SVG x/y for a bounding box drawn ``width`` pixels wide (equal boxes and widths
    make equal projections, so the outlines drawn for one are cached)."""

    def __init__(self, west: float, south: float, east: float, north: float, width: int = 900):
        self.k = math.cos(math.radians((south + north) / 2))
        self.west, self.north = west, north
        self.scale = width / max((east - west) * self.k, 1e-6)
        self.width = width
        self.height = int((north - south) * self.scale) or 1

    def _key(self):
        return (self.west, self.north, self.scale, self.k)

    def __eq__(self, other):
        return isinstance(other, Projection) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.k * self.scale, (self.north - lat) * self.scale


def view_box(points: list[tuple[float, float]], pad: float = 0.25, min_span: float = 6.0):
    """(west, south, east, north) around the points, at least ``min_span`` degrees wide."""
    if not points:
        return -170.0, -58.0, 190.0, 78.0
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    w, e, s, n = min(lons), max(lons), min(lats), max(lats)
    span = max(e - w, (n - s) * 1.6, min_span)
    cx, cy = (w + e) / 2, (s + n) / 2
    half = span * (1 + pad) / 2
    return cx - half, max(cy - half / 1.6, -85.0), cx + half, min(cy + half / 1.6, 85.0)


@lru_cache(maxsize=32)
def country_paths(proj: Projection, box) -> list[tuple[str, str]]:
    """(country name, SVG path data) for the countries inside the box, to the nearest pixel."""
    west, south, east, north = box
    out = []
    for name, rings, (bw, bs, be, bn) in countries():
        if be < west or bw > east or bn < south or bs > north:
            continue
        parts = []
        for r in rings:
            pts = []
            last = None
            for lon, lat in r:
                x, y = proj(lon, lat)
                p = (round(x), round(y))
                if p != last:
                    pts.append(p)
                    last = p
            if len(pts) > 2:
                parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in pts) + "Z")
        if parts:
            out.append((name, "".join(parts)))
    return out
