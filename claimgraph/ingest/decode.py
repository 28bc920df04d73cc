"""Bytes to text: encoding detection and binary-file rejection."""
from __future__ import annotations

MAX_BYTES = 20 * 1024 * 1024   # larger inputs are refused (a news article is ~10-100 KB)


class InputError(ValueError):
    """An input that cannot be read; the message says why, for the user."""


def looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return True
    sample = data[:8192]
    if not sample:
        return False
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control / len(sample) > 0.05


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode text bytes; returns (text, encoding). Raises InputError for binary data."""
    if len(data) > MAX_BYTES:
        raise InputError(f"too large ({len(data) / 1e6:.1f} MB > {MAX_BYTES / 1e6:.0f} MB limit)")
    if looks_binary(data):
        raise InputError("binary data, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16"), "utf-16"
    for enc in filter(None, [declared, "utf-8"]):
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError("unknown text encoding")
    return str(best), best.encoding
