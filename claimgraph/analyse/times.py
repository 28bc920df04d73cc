"""claimgraph_times: date expressions normalized against the publication date.

Month names ("In September", "since February"), explicit
dates ("20 November 2022", "November 20"), weekdays ("on Tuesday"), "today", "yesterday",
"last week/month/year", and durations ("three days", "nine months now"). The publication date
(``doc._.meta["published"]``) is the anchor: a month is placed in the most recent year at or
before publication; without an anchor the year stays unknown (never guessed), while the month
is still recorded. Durations get granularity ``duration`` and, when anchored and counted back
("for nine months now"), a start..end range.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Span, Time, record_id
from .attribution.lexicon import doc_text
from .extensions import doc_id, meta, register

register()

MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"])}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1, "several": None,
                "few": None}
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}

_MONTH_RX = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
#: Each pattern checks, right after its ``\b``, that the next character can start one of its
#: words (``(?=[JFMASOND])`` for a month name): the regex engine then leaves most word starts at
#: once instead of trying every alternative there. The class holds every first letter of the
#: alternatives (``\d`` for numbers), under the same flags, so the matches are the same.
PATTERNS = [
    ("date_dmy", re.compile(rf"\b(?=\d)(\d{{1,2}})\s+({_MONTH_RX})\s+(\d{{4}})\b")),
    ("date_mdy", re.compile(rf"\b(?=[JFMASOND])({_MONTH_RX})\s+(\d{{1,2}}),?\s+(\d{{4}})\b")),
    ("date_md", re.compile(rf"\b(?=[JFMASOND])({_MONTH_RX})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}})")),
    ("month_year", re.compile(rf"\b(?=[JFMASOND])({_MONTH_RX})\s+(\d{{4}})\b")),
    ("month", re.compile(rf"\b(?=[abdefijlmnosu])(?:(in|since|from|until|by|last|early|late|mid-?)\s+)?({_MONTH_RX})\b"
                         rf"(?!\s+\d)", re.I)),
    ("weekday", re.compile(r"\b(?=[olMTWFS])(?:on\s+|last\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")),
    ("relative_day", re.compile(r"\b(?=[tyl])(today|yesterday|tonight|this morning|last night)\b", re.I)),
    ("relative_period", re.compile(r"\b(?=[ltn])(last|this|next)\s+(week|month|year)\b", re.I)),
    ("duration", re.compile(r"\b(?=[\dotfsena])(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                            r"a few|several)\s+(day|week|month|year)s?(\s+now|\s+ago)?\b", re.I)),
]


def _anchor(doc: Doc) -> Optional[dt.date]:
    p = meta(doc).get("published")
    try:
        return dt.date.fromisoformat(p[:10]) if p else None
    except ValueError:
        return None


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS[key] if key in MONTHS else MONTHS[key[:3]]


def normalize(kind: str, m: re.Match, anchor: Optional[dt.date]) -> dict:
    a = anchor.isoformat() if anchor else None
    if kind == "date_dmy":
        d = dt.date(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
        return dict(value=d.isoformat(), granularity="day", year=d.year, month=d.month, day=d.day, anchor=None)
    if kind == "date_mdy":
        d = dt.date(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
        return dict(value=d.isoformat(), granularity="day", year=d.year, month=d.month, day=d.day, anchor=None)
    if kind == "month_year":
        y, mo = int(m.group(2)), _month(m.group(1))
        return dict(value=f"{y:04d}-{mo:02d}", granularity="month", year=y, month=mo, anchor=None)
    if kind in ("date_md", "month"):
        mo = _month(m.group(1) if kind == "date_md" else m.group(2))
        day = int(m.group(2)) if kind == "date_md" else None
        out = dict(granularity="day" if day else "month", month=mo, day=day, anchor=a)
        if anchor:
            y = anchor.year if (mo, day or 1) <= (anchor.month, anchor.day) else anchor.year - 1
            out["year"] = y
            out["value"] = f"{y:04d}-{mo:02d}" + (f"-{day:02d}" if day else "")
            if kind == "month" and (m.group(1) or "").lower() == "since":
                out["start"], out["end"] = f"{y:04d}-{mo:02d}-01", anchor.isoformat()
        return out
    if kind == "weekday":
        wd = WEEKDAYS.index(m.group(1).lower())
        if not anchor:
            return dict(granularity="day", anchor=None)
        delta = (anchor.weekday() - wd) % 7
        d = anchor - dt.timedelta(days=delta)
        return dict(value=d.isoformat(), granularity="day", year=d.year, month=d.month, day=d.day, anchor=a)
    if kind == "relative_day":
        if not anchor:
            return dict(granularity="day", anchor=None)
        w = m.group(1).lower()
        d = anchor - dt.timedelta(days=1 if w in ("yesterday", "last night") else 0)
        return dict(value=d.isoformat(), granularity="day", year=d.year, month=d.month, day=d.day, anchor=a)
    if kind == "relative_period":
        if not anchor:
            return dict(granularity=m.group(2).lower(), anchor=None)
        rel, unit = m.group(1).lower(), m.group(2).lower()
        shift = {"last": -1, "this": 0, "next": 1}[rel]
        if unit == "week":
            monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=shift)
            return dict(start=monday.isoformat(), end=(monday + dt.timedelta(days=6)).isoformat(),
                        granularity="week", anchor=a)
        if unit == "month":
            y, mo = anchor.year, anchor.month + shift
            y, mo = (y - 1, 12) if mo == 0 else ((y + 1, 1) if mo == 13 else (y, mo))
            return dict(value=f"{y:04d}-{mo:02d}", granularity="month", year=y, month=mo, anchor=a)
        y = anchor.year + shift
        return dict(value=f"{y:04d}", granularity="year", year=y, anchor=a)
    # duration
    n = m.group(1).lower()
    count = int(n) if n.isdigit() else NUMBER_WORDS.get(n.split()[-1])
    out = dict(granularity="duration", anchor=a)
    tail = (m.group(3) or "").strip().lower()
    if anchor and count and tail in ("now", "ago"):
        start = anchor - dt.timedelta(days=count * UNIT_DAYS[m.group(2).lower()])
        if tail == "now":
            out.update(start=start.isoformat(), end=anchor.isoformat())
        else:
            out.update(value=start.isoformat(), granularity=m.group(2).lower())
    return out


def find_times(doc: Doc) -> list[Time]:
    text = doc_text(doc)
    anchor = _anchor(doc)
    did = doc_id(doc)
    taken: list[tuple[int, int]] = []
    out = []
    for kind, rx in PATTERNS:
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            if any(a < e and s < b for a, b in taken):
                continue
            if kind == "month" and m.group(2).lower() in ("may", "mar", "jan", "jun", "jul", "aug", "oct", "nov", "dec",
                                                          "sep", "apr", "feb") and not m.group(1) and m.group(2)[0].islower():
                continue  # "may" the modal, not the month
            if kind == "month" and m.group(2) == "May" and not m.group(1):
                continue
            try:
                fields = normalize(kind, m, anchor)
            except (ValueError, KeyError):
                continue
            taken.append((s, e))
            out.append(Time(id=record_id(did, "time", s, e), doc_id=did, mention=Span(s, e, text[s:e]),
                            **{k: v for k, v in fields.items() if k in
                               ("value", "start", "end", "granularity", "anchor", "year", "month", "day")}))
    return sorted(out, key=lambda t: t.mention.start)


def times_component(doc: Doc) -> Doc:
    doc._.times = find_times(doc)
    return doc


@Language.factory("claimgraph_times", default_config={})
def make_times(nlp: Language, name: str):
    """The times component (no settings: dates are anchored on each document's ``published``)."""
    return times_component
