"""Readers for each input format, and the dispatcher that picks one per input.

Supported: ``.txt`` files and directories of files; HTML files and URLs (main text extracted
with trafilatura); RSS/Atom feeds (files or URLs; each entry's page is fetched and
extracted, falling back to the entry's own content); JSONL (one article a line: ``text`` or
``html`` plus optional ``url``, ``title``, ``outlet``, ``published``, ``language``; a UTF-8
file is read a line at a time, so it may be of any size); WARC files (each HTML response record).
"""
from __future__ import annotations

import codecs
import datetime as dt
import gzip
import json
import re
import stat
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union
from urllib.parse import urlparse

from .decode import MAX_BYTES, InputError, _utf16_without_bom, decode_bytes, looks_binary
from .fetch import DEFAULT_POLICY, FetchPolicy, fetch

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

    try:
        d = dateparser.parse(s[:200], settings={"PREFER_DAY_OF_MONTH": "first",
                                                "RETURN_AS_TIMEZONE_AWARE": False})
    except (ValueError, TypeError, OverflowError, RecursionError):
        return None
    return d.date().isoformat() if d else None


def outlet_from_url(url: Optional[str]) -> Optional[str]:
    if not url or not isinstance(url, str):
        return None
    try:
        host = urlparse(url).hostname or ""
    except ValueError:
        return None
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
def read_url(url: str, policy: FetchPolicy = DEFAULT_POLICY) -> Iterator[Item]:
    try:
        got = fetch(url, policy)
        dec = decode_bytes(got.body, _charset(got.content_type))
    except InputError as exc:
        yield Skip(url, str(exc))
        return
    text, ctype, final = dec.text, got.content_type, got.final_url
    if _looks_like_feed(text):
        items = read_feed_text(text, url, policy)
    elif "html" in ctype or _looks_like_html(text):
        items = iter([extract_html(text, url, url=final)])
    else:
        items = _text_article(text, url, url=final)
    for item in items:
        if isinstance(item, Article):
            _note(item, dec.notes)
            if final != url:
                item.meta["final_url"] = final
        yield item


def _charset(ctype: str) -> Optional[str]:
    m = re.search(r"charset=([\w-]+)", ctype or "", re.I)
    return m.group(1) if m else None


# -- feeds ----------------------------------------------------------------------------------
def read_feed_text(text: str, source: str, policy: FetchPolicy = DEFAULT_POLICY) -> Iterator[Item]:
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
        link = entry.get("link") if isinstance(entry.get("link"), str) else None
        where = f"{source}#entry{i + 1}" + (f" ({link})" if link else "")
        published = normalize_date(entry.get("published") or entry.get("updated"))
        item: Optional[Item] = None
        if link and is_url(link):
            for got in read_url(link, policy):
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
    return read_jsonl_lines(text.splitlines(), source)


def read_jsonl_lines(lines: Iterable[str], source: str) -> Iterator[Item]:
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skip(where, f"invalid JSON: {exc.msg}")
            continue
        except RecursionError:
            yield Skip(where, "invalid JSON: nested too deeply")
            continue
        if not isinstance(obj, dict):
            yield Skip(where, "line is not a JSON object")
            continue
        bad = [k for k in ("text", "html") if k in obj and obj[k] is not None and not isinstance(obj[k], str)]
        if bad:
            yield Skip(where, f"'{bad[0]}' must be a string, not {_json_kind(obj[bad[0]])}")
            continue
        meta = {k: obj.get(k) for k in ("url", "title", "outlet", "published", "language")}
        ignored = [k for k, v in meta.items() if v is not None and not isinstance(v, str)]
        meta = {k: (None if k in ignored else v) for k, v in meta.items()}
        if obj.get("text"):
            art: Item = Article(text=obj["text"], source=where)
        elif obj.get("html"):
            art = extract_html(obj["html"], where, url=meta["url"])
        else:
            yield Skip(where, "no 'text' or 'html' field")
            continue
        if isinstance(art, Article):
            if ignored:
                _note(art, [f"ignored non-string {', '.join(repr(k) for k in ignored)}"])
            art.url = meta["url"] or art.url
            art.title = meta["title"] or art.title
            art.outlet = meta["outlet"] or art.outlet or outlet_from_url(art.url)
            art.published = normalize_date(meta["published"]) or art.published
            if meta["published"] and not normalize_date(meta["published"]):
                _note(art, [f"'published' {meta['published'][:40]!r} is not a date; ignored"])
            art.language = meta["language"] or art.language
            extra = {k: v for k, v in obj.items()
                     if k not in {"text", "html", "url", "title", "outlet", "published", "language"}}
            if extra:
                art.meta["jsonl"] = extra
        yield art


def _json_kind(v) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list",
            dict: "an object"}.get(type(v), type(v).__name__)


def _note(item: Article, notes: list[str]) -> None:
    if notes:
        item.meta.setdefault("notes", []).extend(notes)


# -- WARC -----------------------------------------------------------------------------------
def _read_capped(stream, limit: int) -> bytes:
    """At most ``limit`` bytes from a stream; InputError past that (decompression bombs)."""
    out = bytearray()
    while True:
        chunk = stream.read(min(65536, limit + 1 - len(out)))
        if not chunk:
            return bytes(out)
        out += chunk
        if len(out) > limit:
            raise InputError(f"too large: record over {limit / 1e6:.0f} MB (decompressed)")


def _gzip_problem(path: Path, limit: int = 1 << 34) -> Optional[str]:
    """Why a gzip file is incomplete or damaged, or None. Reads it through in bounded memory."""
    z = zlib.decompressobj(16 + zlib.MAX_WBITS)
    total, in_member = 0, False
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 16):
            while chunk:
                try:
                    total += len(z.decompress(chunk, 1 << 20))
                    while z.unconsumed_tail and not z.eof:
                        total += len(z.decompress(z.unconsumed_tail, 1 << 20))
                except zlib.error as exc:
                    return f"damaged gzip data: {exc}"
                if total > limit:
                    return f"over {limit / 1e9:.0f} GB decompressed"
                in_member = not z.eof
                chunk = z.unused_data if z.eof else b""
                if z.eof:
                    z = zlib.decompressobj(16 + zlib.MAX_WBITS)
    return "truncated gzip stream: the last record(s) are cut off" if in_member else None


def read_warc(path: Path) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    try:
        with open(path, "rb") as fh:
            it = ArchiveIterator(fh)
            for record in it:
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
                    body = _read_capped(record.content_stream(), MAX_BYTES)
                    it.read_to_end(record)
                    if record.raw_stream.limit:
                        raise InputError(f"truncated record: {record.raw_stream.limit} of "
                                         f"{record.length} bytes missing")
                    dec = decode_bytes(body, _charset(ctype))
                except InputError as exc:
                    yield Skip(where, str(exc))
                    continue
                item = extract_html(dec.text, where, url=uri)
                if isinstance(item, Article):
                    _note(item, dec.notes)
                yield item
    except ArchiveLoadFailed as exc:
        yield Skip(str(path), f"not a readable WARC file: {exc}")
        return
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile, ValueError) as exc:
        yield Skip(str(path), f"WARC file is damaged after {n} HTML record(s): {exc}")
        return
    if _suffix(path) == ".warc.gz" or _is_gzip(path):
        why = _gzip_problem(path)
        if why:
            yield Skip(str(path), f"WARC file is damaged after {n} HTML record(s): {why}")
            return
    if n == 0:
        yield Skip(str(path), "WARC file has no HTML response records")


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


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


_CHUNK = 1 << 20


def _streams_as_utf8(path: Path) -> bool:
    """Whether a file can be read line by line as UTF-8 with the same result as decoding it
    whole: it is valid UTF-8 throughout and :func:`decode_bytes` would read it as UTF-8 (no
    UTF-16/32 byte-order mark, not UTF-16 without one, not binary)."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
        if not head.startswith(codecs.BOM_UTF8):
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or \
                    _utf16_without_bom(head) or looks_binary(head):
                return False
        fh.seek(0)
        check = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := fh.read(_CHUNK):
                check.decode(chunk)
            check.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _utf8_lines(path: Path) -> Iterator[str]:
    """The lines of a UTF-8 file as ``str.splitlines`` gives them, read in bounded memory (a
    line over the size limit ends the reading with InputError)."""
    with open(path, "rb") as fh:
        first = True
        while raw := fh.readline(MAX_BYTES + 1):
            if len(raw) > MAX_BYTES:
                raise InputError(f"line too large (over {MAX_BYTES / 1e6:.0f} MB)")
            if first and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            first = False
            yield from raw.decode("utf-8").splitlines()


def read_jsonl_file(path: Path) -> Iterator[Item]:
    """A JSON-lines file of any size, one line at a time (memory does not grow with the file)."""
    source = str(path)
    empty = True
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            if chunk.strip():
                empty = False
                break
    if empty:
        yield Skip(source, "empty file")
        return
    yield from read_jsonl_lines(_utf8_lines(path), source)


def read_file(path: Path, policy: FetchPolicy = DEFAULT_POLICY) -> Iterator[Item]:
    source = str(path)
    suffix = _suffix(path)
    if suffix in (".warc", ".warc.gz"):
        yield from read_warc(path)
        return
    try:
        if suffix in JSONL_SUFFIXES and _streams_as_utf8(path):
            yield from read_jsonl_file(path)
            return
    except OSError as exc:
        yield Skip(source, f"cannot read file: {exc.strerror or exc}")
        return
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield Skip(source, f"too large ({size / 1e6:.1f} MB > {MAX_BYTES / 1e6:.0f} MB limit)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skip(source, f"cannot read file: {exc.strerror or exc}")
        return
    if not data.strip():
        yield Skip(source, "empty file")
        return
    try:
        dec = decode_bytes(data)
    except InputError as exc:
        yield Skip(source, str(exc))
        return
    text = dec.text
    if suffix in JSONL_SUFFIXES:
        items: Iterable[Item] = read_jsonl_text(text, source)
    elif suffix in FEED_SUFFIXES or (suffix not in HTML_SUFFIXES and _looks_like_feed(text)):
        items = read_feed_text(text, source, policy)
    elif suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_html(text)):
        items = [extract_html(text, source)]
    else:
        items = _text_article(text, source)
    for item in items:
        if isinstance(item, Article):
            if not dec.encoding.startswith("utf-8"):
                item.meta["encoding"] = dec.encoding
            _note(item, dec.notes)
        yield item


KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | JSONL_SUFFIXES | {".warc", ".warc.gz"}


def _not_a_file(path: Path) -> Optional[str]:
    """Why an existing path that is not a regular file or directory cannot be read."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "broken symbolic link" if path.is_symlink() else None
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    for test, what in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return f"{what}, not a regular file"
    return None


def _read_one(raw: str, policy: FetchPolicy) -> Iterator[Item]:
    if is_url(raw):
        yield from read_url(raw, policy)
        return
    path = Path(raw).expanduser()
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if not p.is_dir() and not p.name.startswith("."))
        known = [p for p in files if _suffix(p) in KNOWN_SUFFIXES]
        for p in files:
            if p not in known:
                yield Skip(str(p), f"unsupported file type {_suffix(p) or '(none)'}")
        for p in known:
            yield from _guarded(str(p), _file_items(p, policy))
    else:
        yield from _file_items(path, policy, raw)


def _file_items(path: Path, policy: FetchPolicy, raw: Optional[str] = None) -> Iterator[Item]:
    why = _not_a_file(path)
    if why:
        yield Skip(raw or str(path), why)
    elif path.is_file():
        yield from read_file(path, policy)
    elif raw is not None and "://" in raw:
        yield Skip(raw, f"unsupported URL scheme {raw.split('://', 1)[0]!r} (http and https only)")
    else:
        yield Skip(raw or str(path), "no such file, directory or URL")


def _guarded(source: str, items: Iterator[Item]) -> Iterator[Item]:
    """Items of one input; an unexpected error in its reader becomes a Skip of that input."""
    try:
        yield from items
    except Exception as exc:  # noqa: BLE001 - one bad input never stops the batch
        yield Skip(source, f"could not be read: {exc.__class__.__name__}: {str(exc)[:200]}")


def read_inputs(inputs: Iterable[str], policy: FetchPolicy = DEFAULT_POLICY) -> Iterator[Item]:
    """Every article (or skip) from a list of paths, directories, URLs and feeds."""
    for raw in inputs:
        raw = str(raw)
        yield from _guarded(raw, _read_one(raw, policy))
