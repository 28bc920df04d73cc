"""Does an article restate one report of a story? Its claims against the story's claim pool.

Two reports of one set of facts can be framed so differently that the story scorer
(:mod:`claimgraph.link.scorer`) gives them a low probability (an intercepted call relayed by one
outlet, the relatives in a broadcaster's video by another), while their claims say the same
things. :func:`claim_similarity` measures that per report of the story, one claim to one claim,
and :func:`same_time_and_place` keeps it from joining look-alike events of another day or
place; :func:`claimgraph.link.stories.choose_story` lets a restatement join whatever the scorer
says.
"""
from __future__ import annotations

import numpy as np

from ..analyse.memo import Recent
from ..model import Story
from . import scorer as _scorer
from .views import claim_matrix

#: mean of the three best similarities between an article's claims and those of one report of
#: a story, from which the article restates that report (see :func:`claim_similarity`)
CLAIM_JOIN = 0.55


def _matched(sims: np.ndarray, k: int = 3) -> float:
    """Mean similarity of the ``k`` best one-to-one pairs (greedy: the best pair, then the best
    pair of the claims left, ...): one generic claim matched by three does not count thrice."""
    sims = sims.copy()
    got = []
    for _ in range(min(k, *sims.shape)):
        i, j = np.unravel_index(int(np.argmax(sims)), sims.shape)
        got.append(float(sims[i, j]))
        sims[i, :] = -np.inf
        sims[:, j] = -np.inf
    return sum(got) / len(got)


def claim_similarity(p, story: Story) -> float:
    """How nearly the article restates one report of the story: the mean similarity of the three
    best one-to-one pairs of its claims and the claims of one article of the story, for the
    article that gives the highest. Per report, not over the whole pool: the best matches among
    a big story's hundreds of claims are close to anything of its topic, and an article that joins
    on them brings more claims for the next one to match."""
    theirs = claim_matrix(story)
    if not len(theirs) or not p.claims or len(story.pool or []) != len(theirs):
        return 0.0
    sims = p.claim_matrix @ theirs.T                              # my claims x pool
    starts = _report_starts(story)
    # a report can restate the article only if its best pair already clears the bar
    best = np.maximum.reduceat(sims.max(axis=0), starts)
    ends = [*starts[1:], len(theirs)]
    out = 0.0
    for k in np.argsort(-best):
        if best[k] <= out:
            break
        if story.pool[starts[k]]["doc_id"] != p.doc_id:      # not the article's own report
            out = max(out, _matched(sims[:, starts[k]:ends[k]]))
    return out


def _report_starts(story: Story) -> np.ndarray:
    """Where each article's claims begin in the story's pool (an article's claims are appended
    together), remembered per story and state of its pool."""
    key = (story.id, len(story.pool), story.pool[0]["doc_id"], hash(story.claim_vectors))
    got = _STARTS.get(key)
    if got is None:
        docs = [m["doc_id"] for m in story.pool]
        got = _STARTS.put(key, np.array([i for i, d in enumerate(docs) if i == 0 or d != docs[i - 1]],
                                        dtype=np.int64))
    return got


_STARTS = Recent(4096)


_SHARED = _scorer.FEATURES.index("places_shared")
_LATER = [_scorer.FEATURES.index(f) for f in ("days_4_10", "days_11_60", "days_over_60")]


def same_time_and_place(row: np.ndarray) -> bool:
    """An article's feature row against a story (:func:`claimgraph.link.scorer.features`) says
    its event is at the story's place and nothing says it is on another day: it names a specific
    place the story names, and its date is not more than three days from every date of the
    story. A restatement of a story's claims counts only then (two earthquakes, two arrests of
    one man are told in the same words; an undated look-alike event somewhere unnamed is not
    joined on its wording)."""
    return bool(row[_SHARED]) and not any(row[i] for i in _LATER)
