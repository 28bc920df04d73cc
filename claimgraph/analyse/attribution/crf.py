"""The trained attribution tagger: a linear-chain CRF over spaCy tokens, trained on PolNeAR.

Each sentence is tagged token by token with BIO labels for CUE, SRC (source) and CON (content).
Features are the token's word, lemma, POS, dependency, its head, its dependency route to the
nearest reporting verb of the lexicon (subject side or complement side), whether it is inside a
quotation, "according to" patterns, and what the rule layer (:mod:`.rules`) marks it as.
A pairing step then ties each cue to the source and content spans around it: spans of the same
sentence go to the nearest cue (by dependency where the parse links them, else by distance);
content of a sentence without a cue (the second sentence of a long quote) goes to the nearest
cue of the neighbouring sentence in the same paragraph.

The model file ships in ``claimgraph/assets/models/attribution/`` (see its MODEL_CARD.md);
``claimgraph train attribution`` (:mod:`claimgraph.training.attribution_crf`) rebuilds it.

Long module: features, decoding, pairing and the span repairs of one tagger; the repairs are
tested one by one through this module. The pairing and span repairs (``pair`` and the helpers
above it) are the part to split out.
"""
from __future__ import annotations

import bisect
import functools
from pathlib import Path
from typing import Optional

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_SPACE, LEMMA, LOWER, ORTH, POS, SENT_START, TAG
from spacy.tokens import Doc, Token

from ...assets import ASSETS
from ..memo import LastValue
from .lexicon import doc_strings, doc_text, find_quotes, lexicon

MODEL_DIR = ASSETS / "models" / "attribution"
MODEL_PATH = MODEL_DIR / "attribution.crfsuite"
LABELS = ("CUE", "SRC", "CON")
QUOTE_MARKS = set("\"“”„«»")


def _doc_text(doc: Doc) -> str:
    return doc_text(doc)


# -- features -------------------------------------------------------------------------------------
def _shape(w: str) -> str:
    if w.isdigit():
        return "d"
    if w.isupper():
        return "X"
    if w[:1].isupper():
        return "Xx"
    if w.isalpha():
        return "x"
    return "p"


def _cue_route(tok: Token, cue_lemmas: set) -> tuple[str, int]:
    """The dependency of the branch under the nearest lexicon reporting verb above ``tok``
    ("nsubj", "ccomp", ... or "self"), and how many steps up it is ("none", -1 when no such verb)."""
    if tok.lemma_.lower() in cue_lemmas and tok.pos_ in ("VERB", "AUX"):
        return "self", 0
    cur, steps = tok, 0
    while cur.head.i != cur.i and steps < 12:
        steps += 1
        if cur.head.lemma_.lower() in cue_lemmas and cur.head.pos_ in ("VERB", "AUX"):
            return cur.dep_, steps
        cur = cur.head
    return "none", -1


def _rule_marks(attrs, starts: list[int], ends: list[int]) -> dict[int, str]:
    """Token index -> the role the rule layer gives it (C, S or N); ``starts`` and ``ends`` are
    the tokens' character offsets."""
    marks: dict[int, str] = {}
    if not attrs:
        return marks
    n = len(starts)

    def mark(s, e, m):
        i = max(bisect.bisect_right(starts, s) - 1, 0)
        while i < n and starts[i] < e:
            if ends[i] > s:
                marks.setdefault(i, m)
            i += 1
    for a in attrs:
        if a.cue is not None:
            mark(a.cue.start, a.cue.end, "C")
        for s in a.sources:
            mark(s.start, s.end, "S")
    for a in attrs:
        for s in a.contents:
            mark(s.start, s.end, "N")
    return marks


#: a lowercased lemma and a word's shape, by string (the same words come back in every document)
_lemma_lower = functools.lru_cache(maxsize=1 << 16)(str.lower)
_shape_of = functools.lru_cache(maxsize=1 << 16)(_shape)

_COLUMNS = (ORTH, LOWER, LEMMA, POS, TAG, DEP, ENT_TYPE)


class _Columns:
    """What the features read of a doc, one list per attribute (index: token), and the
    sentences as (start, end) token ranges with each one's context features. Columns, not a
    dict per token: the doc's features are a few dozen lists while the tagger reads them, so
    the garbage collector has next to nothing new to scan (a dict per token made it sweep the
    whole heap several times per document)."""

    def __init__(self, doc: Doc, rule_attrs=None):
        lex = lexicon()
        cue_lemmas = lex["cue_verbs"]
        n = len(doc)
        text = _doc_text(doc)
        orths, lows, lemmas, poss, tags, deps, ents = (doc_strings(doc, a) for a in _COLUMNS)
        arr = doc.to_array([IDX, HEAD, IS_SPACE, SENT_START]).astype("int64")
        idxs = arr[:, 0].tolist()
        heads = (arr[:, 1] + np.arange(n, dtype="int64")).tolist()
        spaces = [x != 0 for x in arr[:, 2].tolist()]
        ends = [s + len(o) for s, o in zip(idxs, orths)]
        quotes = find_quotes(text)
        inq = [False] * n
        qi = 0
        for i, idx in enumerate(idxs):
            while qi < len(quotes) and quotes[qi][1] <= idx:
                qi += 1
            if qi < len(quotes) and quotes[qi][0] <= idx < quotes[qi][1]:
                inq[i] = True
        marks = _rule_marks(rule_attrs, idxs, ends)
        lems = [_lemma_lower(x) for x in lemmas]
        cuelex = [x in cue_lemmas for x in lems]
        verbal = [c and p in ("VERB", "AUX") for c, p in zip(cuelex, poss)]
        routes, steps = [], []
        for i in range(n):   # = _cue_route(doc[i], cue_lemmas)
            route, st = "none", -1
            if verbal[i]:
                route, st = "self", 0
            else:
                cur, k = i, 0
                while heads[cur] != cur and k < 12:
                    k += 1
                    if verbal[heads[cur]]:
                        route, st = deps[cur], k
                        break
                    cur = heads[cur]
            routes.append(route)
            steps.append(st)
        self.n = n
        self.lows, self.lems, self.poss, self.tags, self.deps, self.ents = lows, lems, poss, tags, deps, ents
        self.shapes = [_shape_of(w) for w in orths]
        self.qms = [w in QUOTE_MARKS for w in orths]
        self.heads, self.spaces, self.inq, self.cuelex, self.routes, self.steps = heads, spaces, inq, cuelex, routes, steps
        self.marks = [marks.get(i, "O") for i in range(n)]
        # = Token.is_sent_start: None when unknown
        self.sent0 = [None if x == 0 else x > 0 for x in arr[:, 3].tolist()]
        self.sents = sents = [(s.start, s.end) for s in doc.sents]
        has_cue = [any(verbal[i] and not inq[i] for i in range(a, b)) for a, b in sents]

        def par_break(a, b):   # a line break between sentences a and b
            return "\n" in text[idxs[sents[a][1] - 1]:ends[sents[b][0]]]
        self.sctxs = []
        for si, (a, b) in enumerate(sents):
            words = [i for i in range(a, b) if not spaces[i]]
            share = sum(inq[i] for i in words) / len(words) if words else 0.0
            sctx = {"sq": "all" if share > 0.8 else ("part" if share > 0 else "none"),
                    "pcue": si > 0 and has_cue[si - 1] and not par_break(si - 1, si),
                    "ncue": si + 1 < len(sents) and has_cue[si + 1] and not par_break(si, si + 1),
                    "scue": has_cue[si]}
            sctx["ctx"] = f"{sctx['sq']}|{int(sctx['pcue'])}{int(sctx['scue'])}{int(sctx['ncue'])}"
            self.sctxs.append(sctx)

    def base(self, i: int) -> dict:
        """Token ``i``'s own features (without the window and sentence ones)."""
        lows, lems, deps, poss = self.lows, self.lems, self.deps, self.poss
        low, h, route = lows[i], self.heads[i], self.routes[i]
        f = {
            "w": low, "lem": lems[i], "pos": poss[i], "tag": self.tags[i], "dep": deps[i],
            "sh": self.shapes[i], "suf": low[-3:],
            "hlem": lems[h], "hdep": deps[h], "hpos": poss[h],
            "dep_hlem": deps[i] + "|" + lems[h],
            "route": route, "route_st": f"{route}|{min(self.steps[i], 4)}",
            "cuelex": self.cuelex[i], "q": self.inq[i], "qm": self.qms[i],
            "r": self.marks[i], "ent": self.ents[i] or "-", "space": self.spaces[i],
            "sent0": self.sent0[i],
        }
        if low == "according" or (low == "to" and i > 0 and lows[i - 1] == "according"):
            f["acc"] = True
        if lows[h] == "to" and h > 0 and lows[h - 1] == "according":
            f["acc_obj"] = True
        return f

    def items(self, si: int) -> list[list[str]]:
        """Sentence ``si`` as crfsuite items: ``to_crfsuite`` of its :func:`doc_features`,
        written as strings straight from the columns."""
        start, end = self.sents[si]
        sctx = self.sctxs[si]
        tail = [k if v is True else f"{k}={v}" for k, v in sctx.items() if v is not False]
        ctx_q = (f"ctx_q={sctx['ctx']}|0", f"ctx_q={sctx['ctx']}|1")
        lows, lems, deps, poss, tags, shapes = self.lows, self.lems, self.deps, self.poss, self.tags, self.shapes
        heads, routes, steps, cuelex, inq, qms = self.heads, self.routes, self.steps, self.cuelex, self.inq, self.qms
        marks, ents, spaces, sent0 = self.marks, self.ents, self.spaces, self.sent0
        seq = []
        for i in range(start, end):
            low, h, route = lows[i], heads[i], routes[i]
            item = ["w=" + low, "lem=" + lems[i], "pos=" + poss[i], "tag=" + tags[i], "dep=" + deps[i],
                    "sh=" + shapes[i], "suf=" + low[-3:], "hlem=" + lems[h], "hdep=" + deps[h],
                    "hpos=" + poss[h], "dep_hlem=" + deps[i] + "|" + lems[h], "route=" + route,
                    f"route_st={route}|{min(steps[i], 4)}"]
            if cuelex[i]:
                item.append("cuelex")
            if inq[i]:
                item.append("q")
            if qms[i]:
                item.append("qm")
            item.append("r=" + marks[i])
            item.append("ent=" + (ents[i] or "-"))
            if spaces[i]:
                item.append("space")
            s0 = sent0[i]
            if s0 is not False:
                item.append("sent0" if s0 is True else "sent0=None")
            if low == "according" or (low == "to" and i > 0 and lows[i - 1] == "according"):
                item.append("acc")
            if lows[h] == "to" and h > 0 and lows[h - 1] == "according":
                item.append("acc_obj")
            j = i - 2
            if j >= start:
                item.append("-2w=" + lows[j])
                item.append("-2pos=" + poss[j])
            else:
                item.append("-2w=<pad>")
            for j, side in ((i - 1, "-1"), (i + 1, "1")):
                if start <= j < end:
                    item.append(side + "w=" + lows[j])
                    item.append(side + "pos=" + poss[j])
                    item.append(side + "r=" + marks[j])
                    if cuelex[j]:
                        item.append(side + "cuelex")
                    if inq[j]:
                        item.append(side + "q")
                    item.append(side + "route=" + routes[j])
                else:
                    item.append(side + "w=<pad>")
            j = i + 2
            if j < end:
                item.append("2w=" + lows[j])
                item.append("2pos=" + poss[j])
            else:
                item.append("2w=<pad>")
            item.append(_POS_IN_SENT[min(i - start, 5)])
            item += tail
            item.append(ctx_q[inq[i]])
            seq.append(item)
        return seq


_POS_IN_SENT = [f"pos_in_sent={k}" for k in range(6)]


def doc_features(doc: Doc, rule_attrs=None) -> list[list[dict]]:
    """Feature dicts per token, one list per sentence (whitespace tokens included, as O)."""
    cols = _Columns(doc, rule_attrs)
    base = [cols.base(i) for i in range(cols.n)]
    out = []
    for (start, end), sctx in zip(cols.sents, cols.sctxs):
        seq = []
        for i in range(start, end):
            f = dict(base[i])
            for off in (-2, -1, 1, 2):
                j = i + off
                if start <= j < end:
                    b = base[j]
                    f[f"{off}w"] = b["w"]
                    f[f"{off}pos"] = b["pos"]
                    if off in (-1, 1):
                        f[f"{off}r"] = b["r"]
                        f[f"{off}cuelex"] = b["cuelex"]
                        f[f"{off}q"] = b["q"]
                        f[f"{off}route"] = b["route"]
                else:
                    f[f"{off}w"] = "<pad>"
            f["pos_in_sent"] = min(i - start, 5)
            f.update(sctx)
            f["ctx_q"] = f"{sctx['ctx']}|{int(base[i]['q'])}"
            seq.append(f)
        out.append(seq)
    return out


def to_crfsuite(seq: list[dict]) -> list[list[str]]:
    """crfsuite items: a true flag becomes the feature 'key', a value 'key=value' (weight 1)."""
    return [[k if v is True else f"{k}={v}" for k, v in f.items() if v is not False] for f in seq]


def doc_items(doc: Doc, rule_attrs=None):
    """For each sentence: ``to_crfsuite`` of its :func:`doc_features` and the rule mark ("r")
    of each of its tokens, made one sentence at a time (see :class:`_Columns`)."""
    cols = _Columns(doc, rule_attrs)
    for si, (start, end) in enumerate(cols.sents):
        yield cols.items(si), cols.marks[start:end]


# -- gold labels ----------------------------------------------------------------------------------


def sent_tags(doc: Doc, tags: list[str]) -> list[list[str]]:
    return [tags[s.start:s.end] for s in doc.sents]


# -- decoding and pairing -------------------------------------------------------------------------
def _spans(tags: list[str], offset: int) -> list[tuple[str, int, int]]:
    """(label, first token, last token + 1) runs from BIO tags."""
    out = []
    cur = None
    for i, t in enumerate(tags):
        if t == "O":
            if cur:
                out.append(cur)
                cur = None
            continue
        b, lab = t.split("-", 1)
        if cur and cur[0] == lab and b == "I":
            cur = (lab, cur[1], offset + i + 1)
        else:
            if cur:
                out.append(cur)
            cur = (lab, offset + i, offset + i + 1)
    if cur:
        out.append(cur)
    return out


_LEFT_DEPS = ("det", "predet", "poss", "compound", "amod", "nummod", "nmod")


def _grow_left(doc: Doc, s: int, e: int) -> tuple[int, int]:
    span = doc.char_span(s, e, alignment_mode="contract")
    toks = list(span) if span is not None else []
    if not toks:
        return s, e
    first = toks[0]
    ids = {t.i for t in toks}
    head = first
    for t in toks:
        if t.head.i not in ids or t.head.i == t.i:
            head = t
            break
    ids.add(head.i)
    i = first.i
    while i > 0:
        prev = doc[i - 1]
        if prev.head.i not in ids or prev.dep_ not in _LEFT_DEPS or prev.is_punct:
            break
        i -= 1
        ids.add(i)
    return doc[i].idx, e


def _cue_colon(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """The cue (character range) with the colon right after it, if there is one."""
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return s, e
    j = span.end
    while j < len(doc) and doc[j].is_space:
        j += 1
    if j < len(doc) and doc[j].text == ":" and doc[j].sent.start == doc[span.end - 1].sent.start:
        return s, doc[j].idx + 1
    return s, e


_ENTS = LastValue()


def _name_ents(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) characters of the doc's person, organisation and place names, computed once
    per doc (``doc.ents`` builds new Span objects on every access)."""
    return _ENTS.get(doc, lambda: [(x.start_char, x.end_char) for x in doc.ents
                                   if x.label_ in ("PERSON", "ORG", "GPE", "NORP")])


def _to_entity(doc: Doc, s: int, e: int) -> tuple[int, int]:
    for es, ee in _name_ents(doc):
        if es < e and s < ee and (es < s or ee > e):
            s, e = min(s, es), max(e, ee)
    return s, e


def _merge_adjacent(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s >= out[-1][1] and text[out[-1][1]:s].strip() in (",", ""):
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def _one_source(srcs: list[tuple[int, int]], cue: tuple[int, int]) -> tuple[int, int]:
    return min(srcs, key=lambda r: max(cue[0] - r[1], r[0] - cue[1], 0))


def _trim_tokens(doc: Doc, lo: int, hi: int, keep_comma: bool = False) -> Optional[tuple[int, int]]:
    while lo < hi and (doc[lo].is_space or doc[lo].is_punct and doc[lo].text not in QUOTE_MARKS):
        lo += 1
    while hi > lo and (doc[hi - 1].is_space or doc[hi - 1].text in ",;:—–-"):
        if keep_comma and doc[hi - 1].text == "," and hi - 1 > lo and any(t.text == "," for t in doc[lo:hi - 1]):
            break
        hi -= 1
    if hi <= lo:
        return None
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])


def _linked(doc: Doc, span: tuple[int, int], cue: tuple[int, int]) -> bool:
    """Whether the span's head token hangs (via its ancestors) from a cue token."""
    cue_ids = set(range(cue[0], cue[1]))
    toks = doc[span[0]:span[1]]
    root = toks.root
    for a in [root, *root.ancestors][:6]:
        if a.i in cue_ids:
            return True
    return False


def _split_sources(doc: Doc, spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Split a source run at a comma when its two sides hang from different words outside it
    ("According to the Ministry, 250 soldiers refused ..."); appositions stay whole."""
    out = []
    for lab, s, e in spans:
        if lab != "SRC":
            out.append((lab, s, e))
            continue
        cut = None
        for k in range(s + 1, e - 1):
            if doc[k].text == ",":
                a, b = doc[s:k], doc[k + 1:e]
                if len(a) and len(b) and a.root.head.i != b.root.i and b.root.head.i != a.root.i \
                        and not (s <= a.root.head.i < e) and not (s <= b.root.head.i < e):
                    cut = k
                    break
        if cut is None:
            out.append((lab, s, e))
        else:
            out.extend([(lab, s, cut), (lab, cut + 1, e)])
    return out


def pair(doc: Doc, sent_tag_seqs: list[list[str]]) -> list[dict]:
    """Tie each predicted cue to sources and contents. Returns dicts with token ranges."""
    sents = list(doc.sents)
    per_sent = []
    for sent, tags in zip(sents, sent_tag_seqs):
        per_sent.append(_spans(tags, sent.start))
    attrs = []
    sent_cues: list[list[dict]] = []
    for si, spans in enumerate(per_sent):
        cues = [{"cue": (s, e), "sources": [], "contents": [], "sent": si} for lab, s, e in spans if lab == "CUE"]
        sent_cues.append(cues)
        attrs.extend(cues)
    orphan_contents: list[tuple[int, tuple[int, int]]] = []
    per_sent = [_split_sources(doc, spans) for spans in per_sent]
    for si, spans in enumerate(per_sent):
        cues = sent_cues[si]
        for lab, s, e in spans:
            if lab == "CUE":
                continue
            if not cues:
                if lab == "CON":
                    orphan_contents.append((si, (s, e)))
                continue
            linked = [c for c in cues if _linked(doc, (s, e), c["cue"])]
            if linked:
                best = min(linked, key=lambda c: abs(c["cue"][0] - s))
            else:
                best = min(cues, key=lambda c: min(abs(c["cue"][0] - e), abs(s - c["cue"][1])))
            key = "sources" if lab == "SRC" else "contents"
            if key == "sources" and best["sources"]:
                # a second source for the same cue: give it to another cue without one, if any
                free = [c for c in cues if not c["sources"]]
                if free:
                    best = min(free, key=lambda c: min(abs(c["cue"][0] - e), abs(s - c["cue"][1])))
            best[key].append((s, e))
    # content sentences without a cue of their own: nearest cue in the paragraph around them
    def same_par(i, j):
        lo, hi = sorted((i, j))
        return "\n" not in doc[sents[lo].end - 1:sents[hi].start + 1].text

    quotes = find_quotes(_doc_text(doc))
    for si, span in orphan_contents:
        # search only the paragraph; a quotation decides the direction: the sentence where the
        # quotation that holds this content closes (its cue usually follows the quote), else
        # the one where it opens; unquoted content continues the previous sentence's cue
        order = [-1, 1, -2, 2, -3, 3]
        start_c = doc[span[0]].idx
        q = next((q for q in quotes if q[0] - 1 <= start_c < q[1]), None)
        if q is not None:
            end_tok = doc[min(span[1], len(doc) - 1)]
            if q[1] > end_tok.idx:   # the quotation runs on after this content: look ahead first
                order = [1, 2, 3, -1, -2, -3]
        cand = None
        for d in order:
            j = si + d
            if not (0 <= j < len(sents)) or not same_par(si, j):
                continue
            if sent_cues[j]:
                free = [c for c in sent_cues[j] if not c["contents"]]
                cand = (free or sent_cues[j])[0 if d > 0 else -1]
                break
        if cand is not None:
            cand["contents"].append(span)
    # a cue still without content in a sentence whose other cue took the content ("According to
    # X, soldiers refused to ..."): the longer side of the sentence beyond its own cue and source
    for si, cues in enumerate(sent_cues):
        if not any(c["contents"] for c in cues):
            continue
        sent = sents[si]
        for c in cues:
            if c["contents"]:
                continue
            lo = min([c["cue"][0]] + [s for s, _ in c["sources"]])
            hi = max([c["cue"][1]] + [e for _, e in c["sources"]])
            left, right = (sent.start, lo), (hi, sent.end)
            best = max(left, right, key=lambda r: r[1] - r[0])
            if best[1] - best[0] >= 3:
                c["contents"].append(best)
    by_tok = {i: c for c in attrs for i in range(*c["cue"])}
    for c in attrs:
        if c["sources"]:
            continue
        root = doc[c["cue"][0]:c["cue"][1]].root
        if root.dep_ not in ("advcl", "conj", "xcomp", "pcomp", "acl"):
            continue
        head = root.head
        while head.i in range(*c["cue"]) and head.head.i != head.i:
            head = head.head
        parent = by_tok.get(head.i)
        if parent is not None and parent is not c and parent["sources"] and parent["sent"] == c["sent"]:
            c["sources"] = list(parent["sources"])
    for c in attrs:
        if not c["sources"] and c["contents"]:
            src = _parse_source(doc, c["cue"], c["contents"], attrs)
            if src is not None:
                c["sources"] = [src]
    return [a for a in attrs if a["contents"]]


_SUBJ_DEPS = ("nsubj",)
_UP_DEPS = ("advcl", "conj", "xcomp", "pcomp")


def _parse_source(doc: Doc, cue: tuple[int, int], contents: list[tuple[int, int]],
                  attrs: list[dict]) -> Optional[tuple[int, int]]:
    span = doc[cue[0]:cue[1]]
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
    v = verbs[-1] if verbs else span.root
    taken = [r for a in attrs for r in [a["cue"], *a["sources"], *a["contents"]]]
    for _ in range(3):
        subj = next((c for c in v.children if c.dep_ in _SUBJ_DEPS), None)
        if subj is not None:
            lo, hi = subj.left_edge.i, subj.right_edge.i + 1
            if cue[0] < hi and lo < cue[1]:
                return None
            if any(r[0] < hi and lo < r[1] for r in taken):
                return None
            return None if _trim_tokens(doc, lo, hi) is None else (lo, hi)
        if v.dep_ not in _UP_DEPS or v.head.i == v.i:
            return None
        v = v.head
    return None


def _expletive(span) -> bool:
    """'It is widely (expected)': a dummy subject and its verb are no source. A lone "it" that is
    the active subject of its verb ("It said supporters of ...", an organisation) is one."""
    words = [t for t in span if not t.is_space and not t.is_punct]
    if len(words) == 1 and words[0].lower_ == "it" and words[0].dep_ == "nsubj" \
            and not any(c.dep_ in ("auxpass", "acomp", "attr") for c in words[0].head.children):
        return False
    return bool(words) and any(t.lower_ == "it" for t in words) and all(
        t.lower_ == "it" or t.pos_ in ("AUX", "ADV", "PART") for t in words)


def _to_quote_bounds(text: str, cons: list[tuple[int, int]], quotes: list[tuple[int, int]],
                     cue: tuple[int, int]) -> list[tuple[int, int]]:
    """A content that starts or ends inside a quotation covers the whole quotation (with its
    marks): the tagger sees one sentence at a time, a quotation can run over several."""
    out = []
    for s, e in cons:
        for q in quotes:
            qs, qe = q[0] - 1, min(q[1] + 1, len(text))
            if qs < e and s < qe and not (qs <= cue[0] < qe):
                s, e = min(s, qs), max(e, qe)
        out.append((s, e))
    out.sort()
    merged: list[tuple[int, int]] = []
    for s, e in out:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


# -- the tagger -----------------------------------------------------------------------------------
@functools.lru_cache(maxsize=2)
def load_tagger(path: str = str(MODEL_PATH)):
    import pycrfsuite

    if not Path(path).exists():
        return None
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


#: a token the best path leaves outside any role becomes a cue when the CRF gives B-CUE at
#: least this marginal probability (1.0 = off: 0.35 and 0.25 lowered ATTRIBUTION F1 on the train slice)
CUE_THRESHOLD = 1.0


def tag_sequence(tagger, seq: list[dict], cue_threshold: Optional[float] = None) -> list[str]:
    return tag_items(tagger, to_crfsuite(seq), cue_threshold)


def tag_items(tagger, items: list[list[str]], cue_threshold: Optional[float] = None) -> list[str]:
    """BIO tags of one sentence's crfsuite items (see :func:`tag_sequence`)."""
    thr = CUE_THRESHOLD if cue_threshold is None else cue_threshold
    tags = list(tagger.tag(items))
    if thr >= 1.0:
        return tags
    if thr < 1.0 and "B-CUE" in tagger.labels():
        for i, t in enumerate(tags):
            if t == "O" and tagger.marginal("B-CUE", i) >= thr:
                tags[i] = "I-CUE" if i > 0 and tags[i - 1].endswith("CUE") else "B-CUE"
    return tags


def model_available() -> bool:
    return MODEL_PATH.exists()


#: how the accurate mode combines the MiniLM tags with the CRF's: "bounds" (MiniLM tags, CRF cue
#: boundaries) or "sentence" (the CRF's tags in sentences where it found a cue, else MiniLM's)
COMBINE = "bounds"
FUNCTION_POS = {"DET", "ADP", "PUNCT", "CCONJ", "SCONJ", "PART", "PRON", "SPACE", "NUM"}


def _drop_function_cues(doc: Doc, sent, tags: list[str]) -> list[str]:
    out = list(tags)
    for lab, s, e in _spans(tags, 0):
        if lab != "CUE":
            continue
        toks = doc[sent.start + s:sent.start + e]
        if all(t.pos_ in FUNCTION_POS for t in toks) and "according" not in toks.text.lower():
            for k in range(s, e):
                out[k] = "O"
            if e < len(out) and out[e].startswith("I-"):
                out[e] = "B-" + out[e][2:]
    return out


def cue_bounds_from(tags: list[str], other: list[str]) -> list[str]:
    """``tags`` with each cue run that overlaps exactly one cue run of ``other`` (the CRF's)
    given that run's boundaries: the CRF, with its lexicon and parse features, draws cue edges
    more like PolNeAR ("said" rather than "said on"); the tags around stay as they were."""
    out = list(tags)
    mine = [(s, e) for lab, s, e in _spans(tags, 0) if lab == "CUE"]
    theirs = [(s, e) for lab, s, e in _spans(other, 0) if lab == "CUE"]
    for s, e in mine:
        ov = [(a, b) for a, b in theirs if a < e and s < b]
        if len(ov) != 1:
            continue
        a, b = ov[0]
        if any(out[k] != "O" and not out[k].endswith("CUE") for k in range(a, b)):
            continue
        for k in range(s, e):
            out[k] = "O"
        for k in range(a, b):
            out[k] = "B-CUE" if k == a else "I-CUE"
        if b < len(out) and out[b] == "I-CUE":
            out[b] = "B-CUE"
    return out


_CRF = LastValue()


def crf_tags(doc: Doc, rule_attrs, tagger, cue_probs: Optional[dict] = None) -> list[list[str]]:
    """The CRF's BIO tags, one list per sentence (callers must not change them). Computed once
    per doc, rule attributions and tagger: the accurate mode asks for them after the fast mode
    has. With ``cue_probs`` (doc token -> probability) it also records the CRF's marginal cue
    probability of each rule cue word it did not tag, which needs a fresh tagging pass."""
    key = (id(tagger), tuple(((a.cue.start, a.cue.end) if a.cue else None,
                              tuple((x.start, x.end) for x in a.sources),
                              tuple((x.start, x.end) for x in a.contents)) for a in rule_attrs or ()))
    return _CRF.get(doc, lambda: _crf_tags(doc, rule_attrs, tagger, cue_probs), key=key,
                    refresh=cue_probs is not None)


def _crf_tags(doc: Doc, rule_attrs, tagger, cue_probs: Optional[dict]) -> list[list[str]]:
    tagged = []
    for sent, (seq, rs) in zip(doc.sents, doc_items(doc, rule_attrs)):
        tags = tag_items(tagger, seq) if seq else []
        tagged.append(tags)
        if cue_probs is not None:   # the CRF's belief in the rule cue words it did not tag
            for k, r in enumerate(rs):
                if r == "C" and not tags[k].endswith("CUE"):
                    cue_probs[sent.start + k] = tagger.marginal("B-CUE", k) + tagger.marginal("I-CUE", k)
    return tagged


def predict(doc: Doc, rule_attrs=None, tagger=None, tags: Optional[list[str]] = None,
            crf_cues: bool = False, cue_probs: Optional[dict] = None) -> list[dict]:
    """Predicted attributions of a parsed doc as dicts of character spans:
    {"cue": (s, e), "sources": [(s, e)], "contents": [(s, e)]}. ``tags`` (one BIO tag per doc
    token, e.g. from the MiniLM tagger of attribution_transformer.py) replaces the CRF's; with
    ``crf_cues`` the CRF still runs and lends its cue boundaries (cue_bounds_from)."""
    if tags is not None:
        tagged = sent_tags(doc, tags)
        if crf_cues:
            tagger = tagger or load_tagger()
            if tagger is not None:
                crf = crf_tags(doc, rule_attrs, tagger)
                if COMBINE == "sentence":
                    tagged = [c if any(x.endswith("CUE") for x in c) else t for t, c in zip(tagged, crf)]
                else:
                    tagged = [cue_bounds_from(t, c) for t, c in zip(tagged, crf)]
        tagged = [_drop_function_cues(doc, sent, t) for sent, t in zip(doc.sents, tagged)]
    else:
        tagger = tagger or load_tagger()
        if tagger is None:
            return []
        tagged = crf_tags(doc, rule_attrs, tagger, cue_probs)
    quotes = find_quotes(_doc_text(doc))
    out = []
    for a in pair(doc, tagged):
        cue = _trim_tokens(doc, *a["cue"])
        if cue is None:
            continue
        cue = _cue_colon(doc, *cue)
        srcs = [r for r in (_trim_tokens(doc, *s, keep_comma=True) for s in a["sources"]
                            if not _expletive(doc[s[0]:s[1]])) if r]
        srcs = [_to_entity(doc, *r) for r in srcs]
        srcs = [_grow_left(doc, *r) for r in srcs]
        if len(srcs) > 1:
            srcs = _merge_adjacent(_doc_text(doc), srcs)
        if len(srcs) > 1:
            srcs = [_one_source(srcs, cue)]
        cons = _to_quote_bounds(_doc_text(doc), [r for r in (_trim_tokens(doc, *s) for s in a["contents"]) if r],
                                quotes, cue)
        if cons:
            out.append({"cue": cue, "sources": srcs, "contents": cons})
    return out


# -- training -------------------------------------------------------------------------------------

