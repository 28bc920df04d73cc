"""Story linking, scored two ways.

* On a labelled corpus (``--jsonl``, the format of ``../shared/stories/``: one article a line with
  ``text`` and optional ``title``, ``published``, ``outlet``, ``url``; ``story`` is the gold label
  and never input): the articles are ingested, analysed and linked by the product's own path
  into a DuckDB file, each article is put in the story holding most of its claims (else the
  story whose ``doc_ids`` list it, else a story of its own), and article -> story is scored with
  B-cubed (Bagga & Baldwin 1998) and pairwise precision / recall / F1. On ECB+ labels
  (``12ecb``, ``12ecbplus``) the scores are also given for the topics the story scorer was tuned
  on and for the others, next to a plain TF-IDF average-link clustering (threshold tuned on the
  same topics) as the reference.
* Against hand-written story structure (the ``stories:`` section of a spec such as
  ``claimgraph/assets/sample/expected.yaml``):

* pairwise precision / recall / F1 of story membership over articles: a pair of articles is
  positive when both are in one expected story; predicted positive when one stored story holds
  both;
* origin-count accuracy: for each expected story, the stored story holding most of its articles
  has exactly the expected number of independent origins;
* echo precision / recall: articles marked as echoes.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Callable, Optional

ECB_LABEL = re.compile(r"^(\d+)ecb(plus)?$")


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def score(expected: list[dict], stories: list, doc_ids: dict[str, str]) -> dict:
    """``expected``: [{id, members: [key], independent_origins, echoes: [key]}]; ``doc_ids``
    maps the spec's keys to stored document ids."""
    key_of = {v: k for k, v in doc_ids.items()}
    gold_story = {m: e["id"] for e in expected for m in e.get("members", [])}
    pred_story: dict[str, set] = {}
    for s in stories:
        for did in {m["doc_id"] for m in s.members}:
            if did in key_of:
                pred_story.setdefault(key_of[did], set()).add(s.id)
    keys = sorted(gold_story)
    tp = fp = fn = 0
    for a, b in combinations(keys, 2):
        gold = gold_story[a] == gold_story[b]
        pred = bool(pred_story.get(a, set()) & pred_story.get(b, set()))
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
    origin_rows = []
    for e in expected:
        best, overlap = None, 0
        for s in stories:
            got = {key_of.get(m["doc_id"]) for m in s.members}
            n = len(got & set(e.get("members", [])))
            if n > overlap:
                best, overlap = s, n
        got_n = len(best.origins) if best else 0
        origin_rows.append({"story": e["id"], "expected": e.get("independent_origins"), "predicted": got_n,
                            "correct": got_n == e.get("independent_origins")})
    gold_echo = {k for e in expected for k in e.get("echoes", [])}
    pred_echo = {key_of[x["doc_id"]] for s in stories for x in s.echoes if x["doc_id"] in key_of}
    pred_echo &= set(keys)
    return {
        "pairwise": _prf(tp, fp, fn),
        "origin_count_accuracy": round(sum(r["correct"] for r in origin_rows) / len(origin_rows), 4) if origin_rows else None,
        "origins": origin_rows,
        "echoes": _prf(len(gold_echo & pred_echo), len(pred_echo - gold_echo), len(gold_echo - pred_echo)),
    }


def evaluate(spec_path: Path, db: Path | None = None) -> dict:
    """Ingest the spec's corpus into a fresh (or given) store, link it, and score its stories."""
    import tempfile

    from ..store import Corpus
    from . import seeds

    spec = seeds.load_spec(spec_path)
    if not spec.get("stories"):
        raise ValueError(f"{spec_path} has no `stories:` section")
    with tempfile.TemporaryDirectory(prefix="claimgraph-stories-") as tmp:
        db = db or Path(tmp) / "stories.duckdb"
        seeds.run(spec_path, db=db)               # ingests, analyses and links the corpus
        corpus = Corpus(db, read_only=True)
        try:
            doc_ids = {}
            for key, meta, path, obj in seeds._inputs(spec, spec_path, None):
                doc_ids[key] = seeds.document_id(obj, meta, path)
            return score(spec["stories"], corpus.records("story"), doc_ids)
        finally:
            corpus.close()


# -- labelled corpora (JSONL) -----------------------------------------------------------------
def bcubed(gold: list, pred: list) -> dict:
    """B-cubed precision, recall and F1 of a clustering (``pred[i]`` the cluster of item i)."""
    n = len(gold)
    if not n:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    by_g, by_p, both = Counter(gold), Counter(pred), Counter(zip(gold, pred))
    p = sum(both[(g, q)] / by_p[q] for g, q in zip(gold, pred)) / n
    r = sum(both[(g, q)] / by_g[g] for g, q in zip(gold, pred)) / n
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def pairwise(gold: list, pred: list) -> dict:
    """Pairwise precision / recall / F1 of same-story pairs, counted from cluster sizes."""
    def pairs(c: Counter) -> int:
        return sum(k * (k - 1) // 2 for k in c.values())
    tp = pairs(Counter(zip(gold, pred)))
    pp, gp = pairs(Counter(pred)), pairs(Counter(gold))
    return _prf(tp, pp - tp, gp - tp)


def scores(gold: list, pred: list) -> dict:
    return {"articles": len(gold), "stories": len(set(gold)), "predicted_stories": len(set(pred)),
            "bcubed": bcubed(gold, pred), "pairwise": pairwise(gold, pred)}


def ecb_split(labels: list, tuned_on: str) -> Optional[dict[str, list[int]]]:
    """Indices of the ECB+ topics the scorer was tuned on and of the others (None when the
    labels are not ECB+ topic labels)."""
    topics = [ECB_LABEL.match(str(x)) for x in labels]
    if not topics or not all(topics):
        return None
    parity = 1 if tuned_on == "odd" else 0
    tuned = [i for i, m in enumerate(topics) if int(m.group(1)) % 2 == parity]
    return {"tuned": tuned, "held_out": [i for i in range(len(labels)) if i not in set(tuned)]}


def tfidf_average_link(texts: list[str], threshold: float) -> list[int]:
    """The reference clustering: TF-IDF (sublinear, English stop words) cosine distances,
    average-link agglomeration cut at ``threshold``."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < 2:
        return list(range(len(texts)))
    x = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1).fit_transform(texts).toarray()
    from scipy.spatial.distance import pdist

    z = linkage(pdist(x, "cosine"), "average")
    return [int(c) for c in fcluster(z, t=threshold, criterion="distance")]


def read_labelled(path: Path, on_skip: Callable[[str], None] = lambda msg: None) -> list[dict]:
    """Articles of a labelled JSONL file (lines that are not an object with a text are skipped)."""
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            on_skip(f"{path}:{n}: invalid JSON ({exc.msg}), skipped")
            continue
        if not isinstance(obj, dict) or not str(obj.get("text") or "").strip() or obj.get("story") is None:
            on_skip(f"{path}:{n}: needs a 'text' and a gold 'story', skipped")
            continue
        rows.append(obj)
    return rows


def article_stories(stories: list, doc_ids: list[str]) -> list[str]:
    """Each document's story: the one holding most of its claims, else the one whose doc_ids
    list it, else its own."""
    claims: dict[str, Counter] = {}
    listed: dict[str, str] = {}
    for s in stories:
        for m in s.members:
            claims.setdefault(m["doc_id"], Counter())[s.id] += 1
        for d in s.doc_ids or []:
            listed.setdefault(d, s.id)
    out = []
    for d in doc_ids:
        if d in claims:
            out.append(claims[d].most_common(1)[0][0])
        else:
            out.append(listed.get(d, f"own:{d}"))
    return out


def link_as_ingest(corpus, doc_ids: list[str], batch: int = 16) -> None:
    """Forget the stored stories and link ``doc_ids`` (in this order) as ``claimgraph ingest``
    links what it stores: incrementally, in the chunks of :class:`claimgraph.ingestion.Linker`
    as batches of ``batch`` documents are stored."""
    from ..ingestion import Linker
    from ..link import update

    class Replay(Linker):
        def link(self, notify=lambda kind, payload: None) -> int:
            chunk = doc_ids[self.linked:self.linked + self.waiting]
            if chunk:
                update(corpus, chunk)
            return len(chunk)

    corpus.replace_corpus_records("story", [])
    linker = Replay(corpus)
    for start in range(0, len(doc_ids), batch):
        linker.stored(len(doc_ids[start:start + batch]))
    linker.finish()


def evaluate_jsonl(path: Path, db: Optional[Path] = None, progress: Callable[[str], None] = lambda msg: None,
                   linking: str = "relink") -> dict:
    """Ingest, analyse and link a labelled corpus with the product's path and score its stories.
    ``db``: a DuckDB file to use (an already analysed corpus is only linked again). ``linking``:
    ``relink`` links the whole corpus from scratch as ``claimgraph link`` does; ``ingest`` links
    it incrementally as ``claimgraph ingest`` does, in input order."""
    if linking not in ("relink", "ingest"):
        raise ValueError(f"linking is relink or ingest, not {linking!r}")
    import tempfile

    from ..ingest import Article, read_inputs
    from ..ingestion import ingest, to_document
    from ..link import relink
    from ..link import scorer
    from ..store import Corpus

    rows = read_labelled(path, progress)
    if not rows:
        raise ValueError(f"{path}: no labelled articles")
    with tempfile.TemporaryDirectory(prefix="claimgraph-stories-") as tmp:
        inputs = Path(tmp) / "articles.jsonl"
        keep = ("text", "title", "published", "outlet", "url", "language", "html")
        inputs.write_text("".join(json.dumps({k: r[k] for k in keep if r.get(k) is not None}) + "\n" for r in rows),
                          encoding="utf-8")
        doc_of = [to_document(a, {}).id if isinstance(a, Article) else None for a in read_inputs([str(inputs)])]
        corpus = Corpus(db or Path(tmp) / "stories.duckdb")
        try:
            done = [0]

            def on_progress(kind, payload):
                if kind in ("stored", "not_analysed"):
                    done[0] += 1
                    if done[0] % 25 == 0:
                        progress(f"analysed {done[0]} articles")
            ingest(corpus, [str(inputs)], link=False, on_progress=on_progress)
            progress("linking")
            if linking == "ingest":
                link_as_ingest(corpus, list(dict.fromkeys(d for d in doc_of if d)))
            else:
                relink(corpus)
            corpus.mark_linked(corpus.pending_links())
            pred = article_stories(corpus.records("story"), [d or f"row{i}" for i, d in enumerate(doc_of)])
        finally:
            corpus.close()
    gold = [str(r["story"]) for r in rows]
    weights = scorer.load()
    out = {"file": str(path), "all": scores(gold, pred),
           "method": "claimgraph story linking" + (" (as ingest links)" if linking == "ingest" else "")}
    base_t = float(weights.get("baseline_threshold", 0.8))
    base = tfidf_average_link([r["text"] for r in rows], base_t)
    out["baseline"] = {"method": f"TF-IDF average-link, threshold {base_t:g}", "all": scores(gold, base)}
    split = ecb_split(gold, weights.get("tuned_on", "odd"))
    if split:
        out["split"] = {"tuned_on": f"{weights.get('tuned_on', 'odd')} ECB+ topics",
                        "reported_on": "the other ECB+ topics"}
        for part, idx in split.items():
            g = [gold[i] for i in idx]
            out[part] = scores(g, [pred[i] for i in idx])
            out["baseline"][part] = scores(g, [base[i] for i in idx])
    return out
