"""Bounded fetching against a real HTTP server on 127.0.0.1.

Refusal of private, link-local and metadata addresses is checked at the decision step: the
address is resolved and refused before any connection; a guard makes any attempt to connect to
a non-loopback address fail the test, so no packet ever leaves the machine.
"""
from __future__ import annotations

import gzip
import socket
import time
import tracemalloc

import pytest

from claimgraph.ingest import Article, Skip, read_inputs
from claimgraph.ingest.decode import InputError
from claimgraph.ingest.fetch import FetchPolicy, address_refusal, fetch, resolve
from loopback_http import LoopbackServer, drip, endless, redirect, send

ARTICLE = ("<html><body><article><p>Fictional test article. The regional governor said on Monday that "
           "two drones struck a fuel depot overnight and that firefighters were still at work.</p>"
           "</article></body></html>").encode()
LOCAL = FetchPolicy(allow_private=True, total_timeout=3.0, read_timeout=2.0, max_bytes=1_000_000)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Any connection to an address outside 127.0.0.0/8 and ::1 fails the test."""
    real = socket.socket.connect

    def guarded(self, address):
        host = address[0]
        if not (host.startswith("127.") or host == "::1"):
            raise AssertionError(f"test tried to connect to {host}")
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


class Server(LoopbackServer):
    """Routes that misbehave: slow drip, endless body, gzip bomb, redirects."""

    def __init__(self):
        super().__init__()
        self.routes.update({
            "/article": lambda h: send(h, 200, "text/html; charset=utf-8", ARTICLE),
            "/image": lambda h: send(h, 200, "image/png", b"\x89PNG" + b"\0" * 100),
            "/drip": drip,
            "/endless": endless,
            "/bomb": bomb,
            "/loop": lambda h: redirect(h, "/loop"),
            "/to-article": lambda h: redirect(h, "/article"),
            "/to-metadata": lambda h: redirect(h, "http://169.254.169.254/latest/meta-data/"),
            "/to-v6-loopback": lambda h: redirect(h, f"http://[::1]:{self.port}/article"),
        })


BOMB = gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=9)     # 200 MB inflated, ~200 KB sent


def bomb(h):
    send(h, 200, "text/html", BOMB, extra=[("Content-Encoding", "gzip")])


@pytest.fixture
def server():
    with Server() as s:
        yield s


def test_a_page_is_fetched_and_the_final_url_recorded(server):
    got = fetch(f"{server.base}/to-article", LOCAL)
    assert got.body == ARTICLE and got.final_url == f"{server.base}/article"
    assert got.redirects == [f"{server.base}/to-article"]
    [art] = list(read_inputs([f"{server.base}/to-article"], LOCAL))
    assert isinstance(art, Article) and art.meta["final_url"] == f"{server.base}/article"


def test_a_slow_drip_is_stopped_by_the_total_timeout(server):
    t0 = time.monotonic()
    with pytest.raises(InputError, match="timed out"):
        fetch(f"{server.base}/drip", LOCAL)
    assert time.monotonic() - t0 < LOCAL.total_timeout + 5     # the drip would last 50 s


def test_an_endless_body_is_cut_at_the_size_cap(server):
    tracemalloc.start()
    with pytest.raises(InputError, match="too large"):
        fetch(f"{server.base}/endless", LOCAL)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * LOCAL.max_bytes


def test_a_gzip_bomb_is_cut_at_the_decompressed_cap(server):
    tracemalloc.start()
    with pytest.raises(InputError, match="too large.*decompressed"):
        fetch(f"{server.base}/bomb", LOCAL)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * LOCAL.max_bytes         # 200 MB would be inflated without the cap


def test_redirect_loops_and_non_text_content_are_refused(server):
    with pytest.raises(InputError, match="more than 5 redirects"):
        fetch(f"{server.base}/loop", LOCAL)
    with pytest.raises(InputError, match="content type image/png"):
        fetch(f"{server.base}/image", LOCAL)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "2130706433", "::1", "127.1"])
def test_loopback_in_any_spelling_is_refused_by_default(server, host):
    netloc = f"[{host}]" if ":" in host else host
    with pytest.raises(InputError, match="refused: .* loopback"):
        fetch(f"http://{netloc}:{server.port}/article")
    assert server.hits == []                    # refused before connecting


@pytest.mark.parametrize("ip,kind", [("169.254.169.254", "link-local"), ("10.0.0.8", "private"),
                                     ("192.168.1.1", "private"), ("fd00::1", "private"),
                                     ("100.64.0.1", "non-public"), ("0.0.0.0", "unspecified"),
                                     ("224.0.0.1", "multicast"), ("::ffff:169.254.169.254", "link-local")])
def test_private_link_local_and_metadata_addresses_are_refused_before_connecting(ip, kind):
    assert kind in address_refusal(ip)
    netloc = f"[{ip}]" if ":" in ip else ip
    with pytest.raises(InputError, match="refused"):
        fetch(f"http://{netloc}/latest/meta-data/")     # the guard fails the test on any connect


def test_public_addresses_pass_the_check_without_any_connection():
    assert address_refusal("93.184.215.14") is None
    assert address_refusal("2606:4700::1111") is None
    assert address_refusal("10.1.2.3", FetchPolicy(allow_private=True)) is None


def test_every_redirect_hop_is_checked(server):
    only_first = FetchPolicy(allowed_networks=("127.0.0.1/32",), total_timeout=3.0)
    assert fetch(f"{server.base}/to-article", only_first).body == ARTICLE
    with pytest.raises(InputError, match="169.254.169.254 is a link-local"):
        fetch(f"{server.base}/to-metadata", only_first)
    with pytest.raises(InputError, match="::1 is a loopback"):
        fetch(f"{server.base}/to-v6-loopback", only_first)
    assert "/article" not in server.hits[-1:]


def test_a_name_resolving_to_loopback_is_refused():
    with pytest.raises(InputError, match="localhost resolves to it"):
        resolve("localhost", 80)


@pytest.mark.parametrize("url,reason", [
    ("http://xn--/x", "invalid host"), ("http://[::1", "invalid URL"),
    ("http:///nohost", "no host"), ("http://exa mple.org/", "cannot resolve|invalid"),
])
def test_malformed_urls_are_skips_not_crashes(url, reason):
    [item] = list(read_inputs([url]))
    assert isinstance(item, Skip)
    assert __import__("re").search(reason, item.reason), item.reason


def test_feed_entries_are_fetched_under_the_same_policy(server, tmp_path):
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Example Courier</title>
<item><title>Depot hit</title><link>{server.base}/article</link></item>
<item><title>Internal</title><link>http://169.254.169.254/latest/</link></item>
<item><title>Broken</title><link>http://xn--/x</link></item></channel></rss>"""
    p = tmp_path / "feed.rss"
    p.write_text(feed)
    got = list(read_inputs([p]))          # default policy: the loopback article is refused too
    assert all(isinstance(g, Skip) for g in got) and len(got) == 3
    assert "refused" in got[0].reason and server.hits == []
    got = list(read_inputs([p], FetchPolicy(allowed_networks=("127.0.0.1/32",))))
    assert isinstance(got[0], Article) and "Depot hit" in got[0].title
    assert [type(g) for g in got[1:]] == [Skip, Skip]
