"""When an article's events happened, and where that date came from.

In order of trust:

* ``published``: the publication date the input gave, or the one ingest read from the page's
  HTML metadata;
* ``dateline``: a date in the article's first lines ("May 03, 2013", "KYIV, 3 May 2024 (Reuters) -",
  "2024-05-03");
* ``text``: the absolute dates the text itself gives (day precision, the most frequent; relative
  dates such as "on Tuesday" count only when ingest could anchor them to a publication date).

With none of these an article is undated; linking then relies on what the text says (who,
where, the numbers), never on topic alone.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Optional

_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
       r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_MDY = re.compile(_MON + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r",?\s+(\d{4})\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
#: first characters of an article where a dateline stands
DATELINE_CHARS = 400


def _date(y: int, m: int, d: int) -> Optional[str]:
    try:
        day = dt.date(y, m, d)
    except ValueError:
        return None
    return day.isoformat() if 1900 <= y <= 2100 else None


def absolute_dates(text: str) -> list[tuple[int, str]]:
    """(offset, ISO day) of every date written out in full in ``text``."""
    out = []
    for m in _MDY.finditer(text or ""):
        d = _date(int(m.group(3)), _MONTHS[m.group(1).casefold().rstrip(".")[:3]], int(m.group(2)))
        if d:
            out.append((m.start(), d))
    for m in _DMY.finditer(text or ""):
        d = _date(int(m.group(3)), _MONTHS[m.group(2).casefold().rstrip(".")[:3]], int(m.group(1)))
        if d:
            out.append((m.start(), d))
    for m in _ISO.finditer(text or ""):
        d = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            out.append((m.start(), d))
    return sorted(out)


def find_date(published: Optional[str], text: str, times=()) -> tuple[Optional[str], Optional[str]]:
    """``(ISO day, source)`` for an article: its publication date, else a dateline, else the most
    frequent absolute date of its text (``times``: its stored Time records), else ``(None, None)``."""
    if published and re.match(r"^\d{4}-\d{2}-\d{2}", published) and _date(*map(int, published[:10].split("-"))):
        return published[:10], "published"
    written = absolute_dates(text or "")
    early = [d for off, d in written if off < DATELINE_CHARS]
    if early:
        return early[0], "dateline"
    days = [d for _, d in written]
    days += [t.value[:10] for t in times if t.granularity == "day" and t.anchor is None and t.value
             and re.match(r"^\d{4}-\d{2}-\d{2}$", t.value)]
    if days:
        return Counter(days).most_common(1)[0][0], "text"
    return None, None
