"""Readers for each input format, and the dispatcher that picks one per input.

Supported: ``.txt`` files and directories of files; HTML files and URLs (main text extracted
with trafilatura); RSS/Atom feeds (files or URLs; each entry's page is fetched and
extracted, falling back to the entry's own content); JSONL (one article a line: ``text`` or
``html`` plus optional ``url``, ``title``, ``outlet``, ``published``, ``language``); WARC
files (each HTML response record).
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union
from urllib.parse import urlparse

from .decode import InputError, decode_bytes

USER_AGENT = "claimgraph/0.1 (+news attribution analysis)"
TIMEOUT = 20.0
MIN_CHARS = 20          # less extracted text than this is not an article


@dataclass
class Article:
    """Text read from an input, with whatever metadata the input carried."""
    text: str
    source: str
    url: Optional[str] = None
    outlet: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    language: Optional[str] = None
    meta: dict = field(default_factory=dict)


@dataclass
class Skip:
    """An input (or part of one) that was not ingested, and why."""
    source: str
    reason: str


Item = Union[Article, Skip]


# -- helpers --------------------------------------------------------------------------------
def normalize_date(value) -> Optional[str]:
    """An ISO date (YYYY-MM-DD) from a date-like value, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    s = str(value).strip()
    try:
        return dt.date.fromisoformat(s[:10]).isoformat()
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser

    d = dateparser.parse(s, settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False})
    return d.date().isoformat() if d else None


def outlet_from_url(url: Optional[str]) -> Optional[str]:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    host = re.sub(r"^(www|m|amp)\.", "", host)
    return host or None


def is_url(s: str) -> bool:
    return s.startswith(("http://", "https://"))


def _looks_like_feed(text: str) -> bool:
    head = text[:2000].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def _looks_like_html(text: str) -> bool:
    head = text[:4000].lower()
    return "<html" in head or "<body" in head or "<p>" in head or "<!doctype html" in head or "<article" in head


# -- HTML -----------------------------------------------------------------------------------
def extract_html(html: str, source: str, url: Optional[str] = None) -> Item:
    """Main text and metadata of an HTML page (trafilatura, with a plain-text fallback)."""
    import trafilatura

    text = title = outlet = published = None
    try:
        d = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                        include_tables=False)
    except Exception:  # trafilatura on badly broken markup
        d = None
    if d is not None:
        text = getattr(d, "text", None)
        title = getattr(d, "title", None)
        outlet = getattr(d, "sitename", None)
        published = getattr(d, "date", None)
        # trafilatura repeats the title as the first line; keep it (offsets stay honest) unless
        # it is exactly the title
    if not text or len(text.strip()) < MIN_CHARS:
        text = _fallback_html_text(html)
    if not text or len(text.strip()) < MIN_CHARS:
        return Skip(source, "no article text found in the HTML page")
    return Article(text=text, source=source, url=url, outlet=outlet or outlet_from_url(url),
                   title=title, published=normalize_date(published))


def _fallback_html_text(html: str) -> str:
    try:
        import lxml.html

        root = lxml.html.fromstring(html)
    except Exception:
        return re.sub(r"<[^>]+>", " ", html)
    for bad in root.xpath("//script|//style|//nav|//footer|//header|//noscript"):
        bad.drop_tree()
    paras = [p.text_content().strip() for p in root.xpath("//p|//h1|//h2|//li")]
    paras = [p for p in paras if p]
    if paras:
        return "\n\n".join(paras)
    return root.text_content()


# -- network --------------------------------------------------------------------------------
def fetch(url: str) -> tuple[bytes, str]:
    """GET a URL; returns (body, content-type). Raises InputError with a readable reason."""
    import httpx

    try:
        r = httpx.get(url, timeout=TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT})
    except httpx.HTTPError as exc:
        raise InputError(f"could not fetch: {exc.__class__.__name__}: {exc}") from exc
    if r.status_code >= 400:
        raise InputError(f"HTTP {r.status_code} {r.reason_phrase}")
    return r.content, r.headers.get("content-type", "")


def read_url(url: str) -> Iterator[Item]:
    try:
        body, ctype = fetch(url)
        text, _ = decode_bytes(body, _charset(ctype))
    except InputError as exc:
        yield Skip(url, str(exc))
        return
    if "xml" in ctype and _looks_like_feed(text) or _looks_like_feed(text):
        yield from read_feed_text(text, url)
    elif "html" in ctype or _looks_like_html(text):
        yield extract_html(text, url, url=url)
    else:
        yield from _text_article(text, url, url=url)


def _charset(ctype: str) -> Optional[str]:
    m = re.search(r"charset=([\w-]+)", ctype or "", re.I)
    return m.group(1) if m else None


# -- feeds ----------------------------------------------------------------------------------
def read_feed_text(text: str, source: str) -> Iterator[Item]:
    import feedparser

    parsed = feedparser.parse(text)
    if not parsed.entries:
        reason = "feed has no entries"
        if parsed.bozo:
            reason = f"malformed feed: {parsed.get('bozo_exception')}"
        yield Skip(source, reason)
        return
    feed_title = parsed.feed.get("title")
    for i, entry in enumerate(parsed.entries):
        link = entry.get("link")
        where = f"{source}#entry{i + 1}" + (f" ({link})" if link else "")
        published = normalize_date(entry.get("published") or entry.get("updated"))
        item: Optional[Item] = None
        if link and is_url(link):
            for got in read_url(link):
                item = got
                break
        if not isinstance(item, Article):
            # fall back to the entry's own content when the page cannot be had
            html = ""
            if entry.get("content"):
                html = entry["content"][0].get("value", "")
            html = html or entry.get("summary", "")
            if html and len(re.sub(r"<[^>]+>", "", html).strip()) >= MIN_CHARS:
                fallback = extract_html(f"<html><body>{html}</body></html>", where, url=link)
                if isinstance(fallback, Article):
                    fallback.meta["note"] = f"page not fetched ({item.reason if item else 'no link'}); used feed content"
                item = fallback
        if item is None:
            item = Skip(where, "entry has no link and no content")
        if isinstance(item, Article):
            item.source = where
            item.title = item.title or entry.get("title")
            item.published = item.published or published
            item.outlet = item.outlet or feed_title or outlet_from_url(link)
            item.url = item.url or link
        yield item


# -- JSONL ----------------------------------------------------------------------------------
def read_jsonl_text(text: str, source: str) -> Iterator[Item]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skip(where, f"invalid JSON: {exc.msg}")
            continue
        if not isinstance(obj, dict):
            yield Skip(where, "line is not a JSON object")
            continue
        if obj.get("text"):
            art: Item = Article(text=str(obj["text"]), source=where)
        elif obj.get("html"):
            art = extract_html(str(obj["html"]), where, url=obj.get("url"))
        else:
            yield Skip(where, "no 'text' or 'html' field")
            continue
        if isinstance(art, Article):
            art.url = obj.get("url") or art.url
            art.title = obj.get("title") or art.title
            art.outlet = obj.get("outlet") or art.outlet or outlet_from_url(art.url)
            art.published = normalize_date(obj.get("published")) or art.published
            art.language = obj.get("language") or art.language
            extra = {k: v for k, v in obj.items()
                     if k not in {"text", "html", "url", "title", "outlet", "published", "language"}}
            if extra:
                art.meta["jsonl"] = extra
        yield art


# -- WARC -----------------------------------------------------------------------------------
def read_warc(path: Path) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    try:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                ctype = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
                status = record.http_headers.get_statuscode() if record.http_headers else "200"
                where = f"{path}#{uri}"
                if "html" not in ctype.lower():
                    continue
                n += 1
                if status and not str(status).startswith("2"):
                    yield Skip(where, f"archived response has HTTP status {status}")
                    continue
                try:
                    text, _ = decode_bytes(record.content_stream().read(), _charset(ctype))
                except InputError as exc:
                    yield Skip(where, str(exc))
                    continue
                yield extract_html(text, where, url=uri)
    except ArchiveLoadFailed as exc:
        yield Skip(str(path), f"not a readable WARC file: {exc}")
        return
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Skip(str(path), f"WARC file is damaged: {exc}")
        return
    if n == 0:
        yield Skip(str(path), "WARC file has no HTML response records")


# -- files ----------------------------------------------------------------------------------
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for s in (".warc.gz", ".warc"):
        if name.endswith(s):
            return s
    return path.suffix.lower()


def _text_article(text: str, source: str, url: Optional[str] = None) -> Iterator[Item]:
    if not text.strip():
        yield Skip(source, "empty: no text")
    elif len(text.strip()) < MIN_CHARS:
        yield Skip(source, f"too short to be an article ({len(text.strip())} characters)")
    else:
        yield Article(text=text, source=source, url=url, outlet=outlet_from_url(url))


def read_file(path: Path) -> Iterator[Item]:
    source = str(path)
    suffix = _suffix(path)
    if suffix in (".warc", ".warc.gz"):
        yield from read_warc(path)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Skip(source, f"cannot read file: {exc.strerror or exc}")
        return
    if not data.strip():
        yield Skip(source, "empty file")
        return
    try:
        text, encoding = decode_bytes(data)
    except InputError as exc:
        yield Skip(source, str(exc))
        return
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl_text(text, source)
    elif suffix in FEED_SUFFIXES or (suffix not in HTML_SUFFIXES and _looks_like_feed(text)):
        yield from read_feed_text(text, source)
    elif suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_html(text)):
        item = extract_html(text, source)
        if isinstance(item, Article) and encoding not in ("utf-8", "utf-8-sig"):
            item.meta["encoding"] = encoding
        yield item
    else:
        for item in _text_article(text, source):
            if isinstance(item, Article) and encoding not in ("utf-8", "utf-8-sig"):
                item.meta["encoding"] = encoding
            yield item


KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | JSONL_SUFFIXES | {".warc", ".warc.gz"}


def read_inputs(inputs: Iterable[str]) -> Iterator[Item]:
    """Every article (or skip) from a list of paths, directories, URLs and feeds."""
    for raw in inputs:
        raw = str(raw)
        if is_url(raw):
            yield from read_url(raw)
            continue
        path = Path(raw).expanduser()
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            known = [p for p in files if _suffix(p) in KNOWN_SUFFIXES]
            for p in files:
                if p not in known:
                    yield Skip(str(p), f"unsupported file type {_suffix(p) or '(none)'}")
            for p in known:
                yield from read_file(p)
        elif path.is_file():
            yield from read_file(path)
        else:
            yield Skip(raw, "no such file, directory or URL")
