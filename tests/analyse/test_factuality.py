"""`claimgraph eval factuality` on hand-made lines in the UW/MEANTIME format, and on UW dev."""
from __future__ import annotations

import pytest

import json

from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.evaluate.factuality import mae, pearson
from conftest import shared_path

LINES = [
    {"text": "The army attacked the village on Monday .", "targets": [{"span1": [2, 3], "label": 3.0, "span_text": "attacked"}]},
    {"text": "The army did not attack the village .", "targets": [{"span1": [4, 5], "label": -3.0, "span_text": "attack"}]},
    {"text": "The army may attack the village .", "targets": [{"span1": [3, 4], "label": 1.0, "span_text": "attack"}]},
    {"text": "The men are said to have slept in a hall .", "targets": [{"span1": [6, 7], "label": 1.0, "span_text": "slept"}]},
]


def test_metrics_on_known_values():
    assert mae([3, -3], [2, -1]) == 1.5
    assert abs(pearson([1, 2, 3], [2, 4, 6]) - 1.0) < 1e-9
    assert abs(pearson([1, 2, 3], [3, 2, 1]) + 1.0) < 1e-9


@pytest.mark.parametrize("mode", ["fast", pytest.param("accurate", marks=pytest.mark.slow)])
def test_eval_factuality_predicts_the_scale_and_writes_predictions(tmp_path, mode):
    f = tmp_path / "mini.jsonl"
    f.write_text("\n".join(json.dumps(x) for x in LINES), encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    r = CliRunner().invoke(app, ["eval", "factuality", "--jsonl", str(f), "--predictions", str(out), "--mode", mode, "--json"])
    assert r.exit_code == 0, r.output
    res = json.loads(r.output)
    assert res["targets"] == 4
    preds = [json.loads(line)["targets"][0]["prediction"] for line in out.read_text().splitlines()]
    attacked, not_attack, may_attack, said_to = preds
    assert attacked == 3.0 and not_attack < 0 and 0 < may_attack < 3 and 0 < said_to < 3
    assert res["mae"] < 1.0


def test_bad_format_is_a_clear_error(tmp_path):
    f = tmp_path / "bad.jsonl"
    f.write_text('{"sentence": "no targets here"}\n', encoding="utf-8")
    r = CliRunner().invoke(app, ["eval", "factuality", "--jsonl", str(f)])
    assert r.exit_code == 1 and "not in the factuality format" in r.output


@pytest.mark.slow
def test_uw_dev_floor():
    dev = shared_path("factuality", "uw", "dev.jsonl")
    r = CliRunner().invoke(app, ["eval", "factuality", "--jsonl", str(dev), "--mode", "fast", "--json"])
    res = json.loads(r.output)
    # rule score alone: 0.63 / 0.54; the learned fast model measured 0.438 / 0.783 (2026-11-25)
    assert res["mode"] == "fast"
    assert res["mae"] <= 0.46 and res["pearson_r"] >= 0.76


@pytest.mark.slow
def test_exported_trees_predict_like_scikit_learn():
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingRegressor

    from claimgraph.training.factuality import trees_from_sklearn

    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 4))
    X[rng.random(400) < 0.05, 2] = np.nan          # missing values take the learned side
    y = np.where(X[:, 0] > 0, 2.0, -1.0) + np.nan_to_num(X[:, 2])
    gb = HistGradientBoostingRegressor(max_iter=30, max_leaf_nodes=7, random_state=0).fit(X, y)
    trees = trees_from_sklearn(gb)
    ours = np.array([trees.predict(x) for x in X])
    assert np.allclose(ours, gb.predict(X), atol=1e-9)


def test_packaged_model_orders_cues_sensibly(nlp):
    from claimgraph.analyse.factuality import score

    def fact(text, word):
        doc = nlp(text)
        s = text.index(word)
        return score(doc, s, s + len(word))

    asserted = fact("Russian troops shelled the village on Monday.", "shelled")
    hedged = fact("Russian troops may have shelled the village on Monday.", "shelled")
    negated = fact("Russian troops did not shell the village on Monday.", "shell")
    refused = fact("The commander refused to shell the village.", "shell")
    assert asserted > 2.0
    assert 0 < hedged < asserted
    assert negated < 0
    assert refused < hedged


def test_claims_carry_a_factuality_score(analyse):
    res = analyse("The governor said the school was empty. Officials may have evacuated the staff.")
    claims = [r for r in res.records if type(r).__name__ == "Claim"]
    scores = {c.content.text: c.factuality for c in claims}
    empty = next(v for k, v in scores.items() if "school was empty" in k)
    evac = next(v for k, v in scores.items() if "evacuated" in k)
    assert isinstance(empty, float) and empty > evac
