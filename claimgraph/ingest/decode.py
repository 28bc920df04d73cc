"""Bytes to text, honestly: byte-order marks honoured, repairs recorded, binary refused.

:func:`decode_bytes` returns the text with the encoding used and a list of notes saying what
was repaired (invalid UTF-8 bytes shown as U+FFFD, a guessed legacy encoding); nothing is
changed without a note. :func:`scrub` removes characters no article contains and no store or
terminal should receive (NUL and other control characters, lone surrogates), again with notes.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

MAX_BYTES = 20 * 1024 * 1024   # larger inputs are refused (a news article is ~10-100 KB)

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls but tab/newline/CR (vertical tab and form feed become newlines), DEL, C1 controls
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class InputError(ValueError):
    """An input that cannot be read; the message says why, for the user."""


@dataclass
class Decoded:
    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control / len(sample) > 0.05


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit in every other byte of mostly-ASCII text."""
    if len(sample) < 16:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _with_replacements(data: bytes, encoding: str, notes: list[str]) -> str:
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")
    if bad:
        notes.append(f"{bad} invalid {encoding.upper()} byte sequence(s) shown as U+FFFD")
    return text


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode text bytes. Raises :class:`InputError` for oversized or binary data."""
    if len(data) > MAX_BYTES:
        raise InputError(f"too large ({len(data) / 1e6:.1f} MB > {MAX_BYTES / 1e6:.0f} MB limit)")
    notes: list[str] = []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return Decoded(_with_replacements(data[len(bom):], enc, notes), enc + " (BOM)", notes)
    guessed16 = _utf16_without_bom(data[:8192])
    if guessed16:
        notes.append(f"no byte-order mark; read as {guessed16.upper()}")
        return Decoded(_with_replacements(data, guessed16, notes), guessed16, notes)
    if looks_binary(data):
        raise InputError("binary data, not text")
    if declared:
        try:
            return Decoded(data.decode(declared), declared.lower(), notes)
        except LookupError:
            notes.append(f"unknown declared charset {declared!r} ignored")
        except UnicodeDecodeError:
            notes.append(f"not valid {declared} as declared")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", notes)
    except UnicodeDecodeError:
        pass
    valid = data.decode("utf-8", errors="ignore")
    invalid = len(data) - len(valid.encode("utf-8"))
    if sum(ord(ch) > 127 for ch in valid) >= invalid:
        # as many well-formed multi-byte characters as bad bytes: UTF-8 with damage, not a
        # legacy encoding (whose non-ASCII bytes are almost never well-formed UTF-8)
        return Decoded(_with_replacements(data, "utf-8", notes), "utf-8", notes)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"not UTF-8 ({invalid} invalid bytes) and no other text encoding fits")
    notes.append(f"not UTF-8 ({invalid} invalid bytes); decoded as {best.encoding} (detected)")
    return Decoded(str(best), best.encoding, notes)


def scrub(text: str) -> tuple[str, list[str]]:
    """``text`` without control characters and lone surrogates, and a note for each kind
    removed. Vertical tabs and form feeds become newlines."""
    notes = []
    text = text.replace("\x0b", "\n").replace("\x0c", "\n")
    n_sur = len(_SURROGATE.findall(text))
    if n_sur:
        text = _SURROGATE.sub("", text)
        notes.append(f"removed {n_sur} lone surrogate(s)")
    nul = text.count("\x00")
    n_ctl = len(_CONTROL.findall(text))
    if n_ctl:
        text = _CONTROL.sub("", text)
        if nul:
            notes.append(f"removed {nul} NUL character(s)")
        if n_ctl - nul:
            notes.append(f"removed {n_ctl - nul} control character(s)")
    return text, notes


def clean(value):
    """A metadata value made safe to store and print (None stays None)."""
    if value is None:
        return None
    return scrub(str(value))[0]
