"""The PolNeAR reader and scorer on small hand-made cases."""
from pathlib import Path

import pytest

from claimgraph.evaluate.polnear import (Quote, Scorer, TokenIndex, citron_json, quote_type, read_ann,
                                         read_split)

from conftest import shared_path

TEXT = 'The minister said that the bridge was destroyed. "We will rebuild," she added.'
#       0123456789012345678901234567890123456789012345678901234567890123456789012345678


def _at(sub, nth=0):
    i = -1
    for _ in range(nth + 1):
        i = TEXT.index(sub, i + 1)
    return (i, i + len(sub))


GOLD = [Quote([_at("said")], [_at("The minister")], [_at("that the bridge was destroyed")]),
        Quote([_at("added")], [_at("she")], [_at('"We will rebuild,"')])]


def score(pred):
    s = Scorer()
    s.add(TEXT, TokenIndex.of_text(TEXT), GOLD, pred)
    return s.result()


def test_perfect_prediction_scores_100():
    r = score(GOLD)
    for kind in ("exact", "overlap"):
        for role in ("cue", "source", "content"):
            assert r[kind][role]["f1"] == 100.0
    assert r["attribution"]["f1"] == 100.0


def test_partial_content_counts_for_attribution_and_overlap_not_exact():
    pred = [Quote([_at("said")], [_at("The minister")], [_at("the bridge was destroyed")])]
    r = score(pred)
    assert r["exact"]["cue"]["precision"] == 100.0 and r["exact"]["cue"]["recall"] == 50.0
    assert r["exact"]["source"]["precision"] == 100.0
    assert r["exact"]["content"]["precision"] == 0.0
    # 4 of the 5 tokens of the first content, none of the 6 of the second
    assert r["overlap"]["content"]["precision"] == 100.0
    assert r["overlap"]["content"]["recall"] == round(100 * 4 / 11, 2)
    assert r["attribution"]["precision"] == 100.0 and r["attribution"]["recall"] == 50.0


def test_wrong_cue_gets_no_credit_for_source_or_attribution():
    pred = [Quote([_at("bridge")], [_at("The minister")], [_at("that the bridge was destroyed")])]
    r = score(pred)
    assert r["exact"]["cue"]["f1"] == 0.0
    assert r["exact"]["source"]["precision"] == 0.0
    assert r["attribution"]["f1"] == 0.0
    assert r["overlap"]["source"]["precision"] == 100.0   # overlap ignores the cue


def test_recall_by_quote_type():
    r = score([GOLD[1]])
    assert r["recall_by_type"]["direct"] == {"recall": 100.0, "n_gold": 1}
    assert r["recall_by_type"]["indirect"] == {"recall": 0.0, "n_gold": 1}
    assert quote_type('He called it "a disgrace"', [(0, 25)]) == "mixed"


def test_read_ann_discontinuous_and_citron_json(tmp_path: Path):
    ann = tmp_path / "a_x.ann"
    ann.write_text("T1\tSource 0 12\tThe minister\nT2\tCue 13 17\tsaid\n"
                   "T3\tContent 18 22;23 47\tthat the bridge was destroyed\nT4\tAttribution 13 17\tsaid\n"
                   "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n", encoding="utf-8")
    (q,) = read_ann(ann)
    assert q.cue == [(13, 17)] and q.source == [(0, 12)] and q.content == [(18, 22), (23, 47)]
    from claimgraph.model import Attribution, Span
    a = Attribution("a1", "d", Span.of(TEXT, 13, 17), [Span.of(TEXT, 0, 12)], [Span.of(TEXT, 18, 47)])
    js = citron_json("d", TEXT, [a])
    assert js["quotes"][0]["cue"] == {"start": 13, "end": 17, "text": "said"}
    assert js["quotes"][0]["contents"][0]["text"] == "that the bridge was destroyed"


def test_read_real_dev_split_uses_first_annotator():
    root = shared_path("polnear")
    arts = read_split(root, "dev", limit=3)
    assert len(arts) == 3
    for a in arts:
        assert a.gold
        for q in a.gold:
            for s, e in q.cue + q.source + q.content:
                assert 0 <= s < e <= len(a.text)


@pytest.mark.slow
def test_eval_attribution_cli_writes_citron_predictions(tmp_path: Path):
    import json

    from typer.testing import CliRunner

    from claimgraph.cli import app

    root = shared_path("polnear")
    out = tmp_path / "pred"
    r = CliRunner().invoke(app, ["eval", "attribution", "--polnear", str(root), "--split", "dev",
                                 "--limit", "2", "--predictions", str(out), "--json"])
    assert r.exit_code == 0, r.output
    res = json.loads(r.output)
    assert res["articles"] == 2 and res["attribution"]["n_gold"] > 0
    assert res["mode"] == "accurate"      # the eval command's default (the MiniLM tagger ships)
    assert set(res["recall_by_type"]) <= {"direct", "mixed", "indirect"}
    files = sorted(out.glob("*.json"))
    assert len(files) == 2
    for f in files:
        js = json.loads(f.read_text(encoding="utf-8"))
        assert js["id"] == f.stem and js["quotes"]
        for q in js["quotes"]:
            for s in [q["cue"], *q["sources"], *q["contents"]]:
                assert js["text"][s["start"]:s["end"]] == s["text"]


@pytest.mark.slow
def test_trained_model_beats_rules_on_dev_articles():
    from claimgraph.analyse.attribution import crf as attribution_model
    from claimgraph.analyse.pipeline import build
    from claimgraph.evaluate.polnear import evaluate

    assert attribution_model.model_available(), "no packaged attribution model"
    root = shared_path("polnear")
    nlp = build(components=["attribution"])
    model = evaluate(root, "dev", nlp=nlp, limit=4)
    rules = evaluate(root, "dev", limit=4, mode="rules")
    assert model["attribution"]["f1"] > rules["attribution"]["f1"]
    assert model["overlap"]["content"]["recall"] > rules["overlap"]["content"]["recall"]
