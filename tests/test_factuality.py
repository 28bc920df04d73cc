"""`claimgraph eval factuality` on hand-made lines in the UW/MEANTIME format, and on UW dev."""
from __future__ import annotations

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


def test_eval_factuality_predicts_the_scale_and_writes_predictions(tmp_path):
    f = tmp_path / "mini.jsonl"
    f.write_text("\n".join(json.dumps(x) for x in LINES), encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    r = CliRunner().invoke(app, ["eval", "factuality", "--jsonl", str(f), "--predictions", str(out), "--json"])
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


def test_uw_dev_floor():
    dev = shared_path("factuality", "uw", "dev.jsonl")
    r = CliRunner().invoke(app, ["eval", "factuality", "--jsonl", str(dev), "--json"])
    res = json.loads(r.output)
    # the rule-based baseline measured 0.63 / 0.54 on 2026-11-24; issue 5 targets 0.45 / 0.80
    assert res["mae"] <= 0.66 and res["pearson_r"] >= 0.50
