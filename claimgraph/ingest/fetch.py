"""Bounded HTTP fetching, the one path by which claimgraph reads anything over the network.

Every fetch has connect, read and total time limits, a cap on the decompressed body, a limit on
redirects and a check of the content type. Before each connection (the first and after every
redirect) the host is resolved and every address it resolves to is checked: loopback, private,
link-local, multicast, reserved and other non-global addresses are refused unless the policy
allows them (``claimgraph ingest --allow-private``). The connection then goes to the address
that was checked (the host name is kept for the Host header and TLS), so a second DNS answer
cannot redirect it. The URL the body finally came from is returned with it.
"""
from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urljoin, urlsplit, urlunsplit

from .decode import MAX_BYTES, InputError

USER_AGENT = "claimgraph/0.1 (+news attribution analysis)"
# Content types read as text; an empty or missing type is sniffed by the caller.
TEXT_TYPES = ("text/", "application/xhtml", "application/xml", "application/rss", "application/atom",
              "application/rdf", "application/json", "application/ld+json", "application/x-ndjson",
              "application/feed+json")


@dataclass(frozen=True)
class FetchPolicy:
    """Limits of one fetch. ``allow_private`` lifts the address check entirely;
    ``allowed_networks`` lifts it for the listed networks only."""
    allow_private: bool = False
    allowed_networks: tuple = ()
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = MAX_BYTES
    max_redirects: int = 5


DEFAULT_POLICY = FetchPolicy()


@dataclass
class Fetched:
    url: str                    # as requested
    final_url: str              # where the body came from, after redirects
    body: bytes
    content_type: str
    redirects: list[str] = field(default_factory=list)


def address_refusal(ip: str, policy: FetchPolicy = DEFAULT_POLICY) -> Optional[str]:
    """Why connecting to ``ip`` is refused under ``policy``, or None when it is allowed."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if getattr(addr, "ipv4_mapped", None):
        addr = addr.ipv4_mapped
    if policy.allow_private or any(addr in ipaddress.ip_network(n) for n in policy.allowed_networks):
        return None
    if addr.is_global and not addr.is_multicast:
        return None
    kind = ("loopback" if addr.is_loopback else "unspecified" if addr.is_unspecified
            else "link-local" if addr.is_link_local else "private" if addr.is_private else "multicast" if addr.is_multicast
            else "reserved" if addr.is_reserved else "non-public")
    return f"refused: {addr} is a {kind} address (use --allow-private to fetch from it)"


def resolve(host: str, port: int, policy: FetchPolicy = DEFAULT_POLICY) -> str:
    """The address to connect to for ``host``, after checking every address it resolves to.
    Raises InputError when the name does not resolve or any address is refused."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise InputError(f"cannot resolve host {host!r}: {exc}") from None
    addrs = list(dict.fromkeys(info[4][0] for info in infos))
    if not addrs:
        raise InputError(f"host {host!r} has no address")
    for a in addrs:
        why = address_refusal(a, policy)
        if why:
            raise InputError(why + (f" ({host} resolves to it)" if host.strip("[]") != a else ""))
    return addrs[0]


def _split(url: str) -> tuple[str, str, int]:
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise InputError(f"invalid URL: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise InputError(f"unsupported URL scheme {parts.scheme!r} (http and https only)")
    if not host:
        raise InputError("invalid URL: no host")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
        if host.startswith("xn--") or ".xn--" in host:
            host.encode("ascii").decode("idna")
    except UnicodeError as exc:
        raise InputError(f"invalid host name {host!r}: {exc}") from None
    return parts.scheme, host, port or (443 if parts.scheme == "https" else 80)


def _host_header(host: str, scheme: str, port: int) -> str:
    h = f"[{host}]" if ":" in host else host
    return h if port == (443 if scheme == "https" else 80) else f"{h}:{port}"


def _pinned(url: str, host: str, ip: str) -> str:
    """``url`` with its host replaced by the checked address."""
    parts = urlsplit(url)
    netloc = f"[{ip}]" if ":" in ip else ip
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))


class _Decoder:
    """Content-Encoding decoding that never produces more than ``limit`` bytes."""

    def __init__(self, encoding: str):
        enc = (encoding or "identity").lower().strip()
        if enc in ("", "identity"):
            self.z = None
        elif enc in ("gzip", "x-gzip"):
            self.z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self.z = zlib.decompressobj()
        else:
            raise InputError(f"unsupported Content-Encoding {encoding!r}")

    def feed(self, chunk: bytes, limit: int) -> bytes:
        if self.z is None:
            return chunk[:limit + 1]
        out = self.z.decompress(chunk, limit + 1)
        return out


def fetch(url: str, policy: FetchPolicy = DEFAULT_POLICY) -> Fetched:
    """GET ``url`` within ``policy``; raises InputError with a one-line reason."""
    import httpx

    deadline = time.monotonic() + policy.total_timeout
    redirects: list[str] = []
    current = url
    with httpx.Client(http2=False, follow_redirects=False, trust_env=False) as client:
        while True:
            scheme, host, port = _split(current)
            ip = resolve(host, port, policy)
            left = deadline - time.monotonic()
            if left <= 0:
                raise InputError(f"timed out: over {policy.total_timeout:.0f} s in total")
            timeout = httpx.Timeout(connect=min(policy.connect_timeout, left),
                                    read=min(policy.read_timeout, left), write=10.0, pool=5.0)
            headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate",
                       "Host": _host_header(host, scheme, port)}
            extensions = {"sni_hostname": host} if scheme == "https" else {}
            try:
                req = client.build_request("GET", _pinned(current, host, ip), headers=headers,
                                           timeout=timeout, extensions=extensions)
                resp = client.send(req, stream=True)
            except httpx.TimeoutException:
                raise InputError("timed out connecting") from None
            except (httpx.HTTPError, httpx.InvalidURL, UnicodeError, ValueError) as exc:
                raise InputError(f"could not fetch: {exc.__class__.__name__}: {exc}") from None
            try:
                if resp.status_code in (301, 302, 303, 307, 308) and resp.headers.get("location"):
                    if len(redirects) >= policy.max_redirects:
                        raise InputError(f"more than {policy.max_redirects} redirects")
                    redirects.append(current)
                    current = urljoin(current, resp.headers["location"])
                    continue
                if resp.status_code >= 400:
                    raise InputError(f"HTTP {resp.status_code} {resp.reason_phrase}")
                ctype = resp.headers.get("content-type", "")
                base = ctype.split(";")[0].strip().lower()
                if base and not base.startswith(TEXT_TYPES) and not base.endswith(("+xml", "+json")):
                    raise InputError(f"content type {base} is not text, HTML, a feed or JSON")
                length = resp.headers.get("content-length", "")
                if length.isdigit() and int(length) > policy.max_bytes and \
                        resp.headers.get("content-encoding", "identity") == "identity":
                    raise InputError(f"too large: {int(length) / 1e6:.1f} MB declared "
                                     f"(limit {policy.max_bytes / 1e6:.0f} MB)")
                body = _read_body(resp, policy, deadline)
                return Fetched(url=url, final_url=current, body=body, content_type=ctype,
                               redirects=redirects)
            finally:
                resp.close()


def _read_body(resp, policy: FetchPolicy, deadline: float) -> bytes:
    import httpx

    decoder = _Decoder(resp.headers.get("content-encoding", ""))
    out = bytearray()
    try:
        for chunk in resp.iter_raw():
            data = decoder.feed(chunk, policy.max_bytes - len(out))
            out += data
            while decoder.z is not None and decoder.z.unconsumed_tail and len(out) <= policy.max_bytes:
                out += decoder.z.decompress(decoder.z.unconsumed_tail, policy.max_bytes - len(out) + 1)
            if len(out) > policy.max_bytes:
                raise InputError(f"too large: body over {policy.max_bytes / 1e6:.0f} MB (decompressed)")
            if time.monotonic() > deadline:
                raise InputError(f"timed out: over {policy.total_timeout:.0f} s in total")
    except httpx.TimeoutException:
        raise InputError(f"timed out: no data for {policy.read_timeout:.0f} s") from None
    except httpx.HTTPError as exc:
        raise InputError(f"connection failed while reading: {exc.__class__.__name__}: {exc}") from None
    except zlib.error as exc:
        raise InputError(f"damaged compressed body: {exc}") from None
    return bytes(out)
