"""The attribution lexicon (``claimgraph/assets/lexicons/attribution.yaml``), quotation marks in a
text, and a document's text as the rules and taggers read it."""
from __future__ import annotations

import functools

import numpy as np
import yaml
from spacy.tokens import Doc

from ...assets import ASSETS
from ..memo import LastValue


LEXICON_PATH = ASSETS / "lexicons" / "attribution.yaml"


OPEN_QUOTES = "\"“„«"


CLOSE_QUOTES = "\"”“»"


#: verbs of saying whose subject and clausal complement make an attribution whatever the tagger
#: thinks ("Russia's investigative committee said it had 'initiated a criminal case'")
PLAIN_SPEECH = {"say", "tell", "state", "announce", "write", "add", "claim"}
#: verbs that make an item or a work public, whose subject (or agent) is its publisher
RELEASE_VERBS = {"release", "publish", "post", "share", "distribute", "broadcast", "air", "circulate", "leak",
                 "obtain", "intercept", "record", "film", "issue", "provide"}


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    with open(LEXICON_PATH, encoding="utf-8") as fh:
        lex = yaml.safe_load(fh)
    lex["cue_verbs"] = set(lex["cue_verbs"])
    lex["object_content_verbs"] = set(lex["object_content_verbs"])
    lex["descriptions"] = set(lex["descriptions"])
    lex["pronouns"] = set(lex["pronouns"])
    lex["intention_verbs"] = set(lex["intention_verbs"])
    return lex


_QUOTES = LastValue()


def find_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of the inside of each quotation, by pairing quotation marks (computed once
    for the text the pipeline passes around; callers must not change the list)."""
    return _QUOTES.get(text, lambda: _find_quotes(text))


def _find_quotes(text: str) -> list[tuple[int, int]]:
    out = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in OPEN_QUOTES and (ch != "\"" or i == 0 or not text[i - 1].isalnum()):
            closers = "”" if ch == "“" else ("»" if ch == "«" else "\"“”")
            j = i + 1
            while j < n and text[j] not in closers and text[j] != "\n":
                j += 1
            if j < n and text[j] in closers and j > i + 1:
                out.append((i + 1, j))
                i = j + 1
                continue
        i += 1
    return out


_TEXT = LastValue()


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per doc (spaCy joins every token on each access)."""
    return _TEXT.get(doc, lambda: doc.text)


_STRINGS: dict[int, tuple[Doc, np.ndarray, list[str]]] = {}


def doc_strings(doc: Doc, attr) -> list[str]:
    """The string of a token attribute (``spacy.attrs`` ORTH, LOWER, LEMMA, POS, TAG, DEP,
    ENT_TYPE) for every token, read from one array (each ``Token`` attribute access builds a
    ``Token``). The components after the attribution one ask for the same columns of the same
    doc: the last doc's list is kept per attribute and given again while the doc's array of that
    attribute is unchanged (callers must not change the list)."""
    hashes = doc.to_array(attr)
    last = _STRINGS.get(attr)
    if last is not None and last[0] is doc and np.array_equal(last[1], hashes):
        return last[2]
    uniq, inverse = np.unique(hashes, return_inverse=True)
    strings = doc.vocab.strings
    names = [strings[h] for h in uniq.tolist()]
    out = [names[k] for k in inverse.tolist()]
    _STRINGS[attr] = (doc, hashes, out)
    return out
