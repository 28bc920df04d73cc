"""Readers on real inputs: files written by the tests, pages and feeds served on 127.0.0.1."""
from __future__ import annotations

import io
import json

import pytest

from claimgraph.ingest import Article, Skip, read_inputs
from claimgraph.ingest.document import content_hash, normalize_text
from claimgraph.ingest.fetch import FetchPolicy
from claimgraph.ingest.readers import normalize_date

from helpers import PageServer

ARTICLE = (
    "Fictional test article. Kharkiv regional officials said on Tuesday that two drones struck "
    "a warehouse overnight. \"We saw the flash and then the fire,\" a night guard told the "
    "Example Courier. The regional governor said nobody was hurt.")

HTML = f"""<!doctype html><html><head><title>Drones hit warehouse - Example Courier</title>
<meta property="og:site_name" content="Example Courier">
<meta property="article:published_time" content="2023-03-14T08:00:00Z"></head>
<body><nav>Home | World | Sport</nav><article><h1>Drones hit warehouse in Kharkiv</h1>
<p>{ARTICLE}</p><p>The fire was put out by morning, the emergency service said in a statement
on its website, adding that an inspection of the damaged building would take several days.</p>
</article><footer>Copyright Example Courier</footer></body></html>"""


LOCAL = FetchPolicy(allow_private=True)     # the test server is on 127.0.0.1


def items(*inputs, policy=LOCAL):
    return list(read_inputs([str(i) for i in inputs], policy))


def test_text_file_and_directory(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    sub = tmp_path / "more"
    sub.mkdir()
    (sub / "b.txt").write_text(ARTICLE.replace("Tuesday", "Wednesday"), encoding="utf-8")
    (sub / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    got = items(tmp_path)
    arts = [i for i in got if isinstance(i, Article)]
    skips = [i for i in got if isinstance(i, Skip)]
    assert len(arts) == 2
    assert any("Wednesday" in a.text for a in arts)
    assert [s.reason for s in skips] == ["unsupported file type .png"]


def test_html_file_main_text_and_metadata(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    [art] = items(p)
    assert isinstance(art, Article)
    assert "night guard told" in art.text
    assert "Home | World" not in art.text and "Copyright" not in art.text
    assert art.outlet == "Example Courier"
    assert art.published == "2023-03-14"
    assert art.title.startswith("Drones hit warehouse")


def test_jsonl_lines_with_metadata_and_a_bad_line(tmp_path):
    p = tmp_path / "batch.jsonl"
    lines = [json.dumps({"text": ARTICLE, "outlet": "Example Courier", "published": "14 March 2023",
                         "url": "https://example.org/a", "title": "T"}),
             "{not json",
             json.dumps({"html": HTML, "url": "https://example.org/b"}),
             json.dumps({"title": "no body"})]
    p.write_text("\n".join(lines), encoding="utf-8")
    got = items(p)
    assert isinstance(got[0], Article) and got[0].published == "2023-03-14" and got[0].outlet == "Example Courier"
    assert isinstance(got[1], Skip) and "invalid JSON" in got[1].reason and got[1].source.endswith(":2")
    assert isinstance(got[2], Article) and "night guard" in got[2].text and got[2].url == "https://example.org/b"
    assert isinstance(got[3], Skip) and "no 'text' or 'html'" in got[3].reason


@pytest.mark.parametrize("name, data", [
    ("crlf_bom.jsonl", b"\xef\xbb\xbf" + "\r\n".join(
        [json.dumps({"text": ARTICLE, "title": "Kyiv \u2014 night"}, ensure_ascii=False), "",
         "[1, 2]", json.dumps({"text": ARTICLE + " Second copy."})]).encode("utf-8")),
    # a raw line separator (U+2028) inside a JSON string breaks the line, as str.splitlines does
    ("separator.jsonl", ("{\"text\": \"" + ARTICLE + "\u2028more\"}\n" + json.dumps({"text": ARTICLE})
                         + "\n").encode("utf-8")),
    ("cp1251.jsonl", json.dumps({"text": "\u0412\u0456\u0439\u043d\u0430 " * 40}, ensure_ascii=False)
     .encode("cp1251")),
])
def test_jsonl_read_line_by_line_equals_reading_it_whole(tmp_path, name, data):
    from claimgraph.ingest.decode import decode_bytes
    from claimgraph.ingest.readers import read_jsonl_text

    p = tmp_path / name
    p.write_bytes(data)
    whole = list(read_jsonl_text(decode_bytes(data).text, str(p)))
    got = items(p)
    assert [(type(x).__name__, x.source, getattr(x, "text", None) or getattr(x, "reason", None)) for x in got] == \
        [(type(x).__name__, x.source, getattr(x, "text", None) or getattr(x, "reason", None)) for x in whole]


def test_jsonl_larger_than_the_file_size_limit_is_read_a_line_at_a_time(tmp_path):
    from claimgraph.ingest.decode import MAX_BYTES

    line = json.dumps({"text": ARTICLE + " " + "x" * 20000}) + "\n"
    n = MAX_BYTES // len(line) + 10
    p = tmp_path / "big.jsonl"
    with open(p, "w", encoding="utf-8") as fh:
        for _ in range(n):
            fh.write(line)
    assert p.stat().st_size > MAX_BYTES
    got = read_inputs([str(p)])
    first = next(got)
    assert isinstance(first, Article) and first.source.endswith(":1")
    assert sum(1 for _ in got) + 1 == n


def test_warc_html_records(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    p = tmp_path / "crawl.warc.gz"
    with open(p, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for uri, body, ctype in (("https://example.org/story", HTML.encode(), "text/html; charset=utf-8"),
                                 ("https://example.org/logo.png", b"\x89PNG", "image/png")):
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    [art] = items(p)
    assert isinstance(art, Article)
    assert art.url == "https://example.org/story"
    assert "night guard told" in art.text


def test_damaged_warc_is_a_skip(tmp_path):
    p = tmp_path / "broken.warc.gz"
    p.write_bytes(b"\x1f\x8b\x08\x00garbage-not-really-gzip" * 3)
    got = items(p)
    assert got and all(isinstance(i, Skip) for i in got)


def test_url_feed_and_pages_over_http(tmp_path):
    feed = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example Courier</title>
<item><title>Drones hit warehouse</title><link>{base}/story1</link><pubDate>Tue, 14 Mar 2023 08:00:00 GMT</pubDate></item>
<item><title>Gone</title><link>{base}/gone</link><description>short</description></item>
</channel></rss>"""
    pages = {"/story1": (200, "text/html; charset=utf-8", HTML.encode())}
    with PageServer(pages) as srv:
        pages["/feed.xml"] = (200, "application/rss+xml", feed.format(base=srv.base).encode())
        got = items(f"{srv.base}/feed.xml", f"{srv.base}/story1", f"{srv.base}/missing-feed.xml")
    arts = [g for g in got if isinstance(g, Article)]
    skips = [g for g in got if isinstance(g, Skip)]
    assert len(arts) == 2
    assert arts[0].title.startswith("Drones hit warehouse") and arts[0].published == "2023-03-14"
    assert arts[0].outlet == "Example Courier"
    reasons = " | ".join(s.reason for s in skips)
    assert "HTTP 404" in reasons
    assert len(skips) == 2  # the dead entry link (no usable content) and the missing feed


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"   \n\n  ", "empty file"),
    ("binary.txt", bytes(range(256)) * 4, "binary data"),
    ("short.txt", b"Hi.", "too short"),
])
def test_bad_files_are_skipped_with_a_reason(tmp_path, name, data, reason):
    p = tmp_path / name
    p.write_bytes(data)
    [item] = items(p)
    assert isinstance(item, Skip)
    assert reason in item.reason


def test_cp1251_and_invalid_utf8_are_decoded(tmp_path):
    ru = "Министерство обороны сообщило, что ночью были сбиты двенадцать беспилотников над областью."
    p = tmp_path / "ru.txt"
    p.write_bytes(ru.encode("cp1251"))
    [art] = items(p)
    assert isinstance(art, Article) and art.text == ru and art.meta["encoding"].lower().replace("-", "") in ("cp1251", "windows1251")
    q = tmp_path / "mixed.txt"
    q.write_bytes(ARTICLE.encode("utf-8") + b" caf\xe9 \xff end of the text")
    [art2] = items(q)
    assert isinstance(art2, Article) and "night guard" in art2.text


def test_malformed_html_still_yields_text(tmp_path):
    p = tmp_path / "broken.html"
    p.write_text("<html><body><p>" + ARTICLE + "<p><div><b>unclosed <i>tags " + ARTICLE, encoding="utf-8")
    [art] = items(p)
    assert isinstance(art, Article) and "night guard told" in art.text


def test_html_without_text_is_a_skip(tmp_path):
    p = tmp_path / "empty.html"
    p.write_text("<html><head><script>var x=1;</script></head><body><img src=a.png></body></html>")
    [item] = items(p)
    assert isinstance(item, Skip) and "no article text" in item.reason


def test_normalization_and_hash_identity():
    a = "Line one.\r\n\r\n\r\n\r\nLine   two.\u00a0 "
    assert normalize_text(a) == "Line one.\n\nLine two."
    assert content_hash(a) == content_hash("line one.\n\nline two.")
    assert content_hash(a) != content_hash("Line one. Line three.")


def test_normalize_date_formats():
    assert normalize_date("2022-11-20T10:00:00+01:00") == "2022-11-20"
    assert normalize_date("Sun, 20 Nov 2022 10:00:00 GMT") == "2022-11-20"
    assert normalize_date("20 November 2022") == "2022-11-20"
    assert normalize_date("") is None and normalize_date("not a date at all xyz") is None
