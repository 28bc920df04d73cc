"""`claimgraph eval places` on a hand-made corpus in LGL's format, and the LGL floor."""
from __future__ import annotations

import pytest

import json

from typer.testing import CliRunner

from claimgraph.analyse.places.geocoder import haversine_km, resolve_names
from claimgraph.cli import app
from claimgraph.evaluate.places import auc
from conftest import shared_path

MINI = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="a1">
    <title>Shelling</title>
    <text><![CDATA[Shelling hit Kharkiv on Monday. Officials in Kyiv said they would respond.]]></text>
    <toponyms count="3">
      <toponym><start>13</start><end>20</end><phrase>Kharkiv</phrase>
        <gaztag geonameid="706483"><name>Kharkiv</name><lat>49.98081</lat><lon>36.25272</lon></gaztag></toponym>
      <toponym><start>45</start><end>49</end><phrase>Kyiv</phrase>
        <gaztag geonameid="703448"><name>Kyiv</name><lat>50.45466</lat><lon>30.5238</lon></gaztag></toponym>
      <toponym><start>0</start><end>8</end><phrase>Shelling</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_haversine_and_auc_on_known_values():
    assert abs(haversine_km(0, 0, 0, 1) - 111.2) < 0.5
    assert auc([0.0, 0.0]) == 0.0
    assert abs(auc([20039.0, 20039.0]) - 1.0) < 1e-4


def test_context_decides_between_namesakes():
    # Paris next to Texas towns is Paris, Texas; next to Lyon it is the French capital
    texan = resolve_names(["Paris", "Dallas", "Texas"])[0]["best"]
    french = resolve_names(["Paris", "Lyon", "Marseille"])[0]["best"]
    assert texan["country"] == "US" and texan["admin1"] == "Texas"
    assert french["country"] == "FR"


def test_demonyms_abbreviations_and_counties_resolve():
    us = resolve_names(["Americans"])[0]["best"]
    assert us["country"] == "US" and us["admin1"] is None
    wv = resolve_names(["Beckley", "W.Va."])[1]["best"]
    assert wv["name"] == "West Virginia"
    county = resolve_names(["Cook County", "Chicago", "Evanston"])[0]["best"]
    assert county["admin1"] == "Illinois"
    assert haversine_km(county["lat"], county["lon"], 41.88, -87.63) < 50   # placed by its article


def test_eval_places_scores_and_writes_predictions(tmp_path):
    f = tmp_path / "mini.xml"
    f.write_text(MINI, encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    r = CliRunner().invoke(app, ["eval", "places", "--corpus", str(f), "--predictions", str(out), "--json"])
    assert r.exit_code == 0, r.output
    res = json.loads(r.output[r.output.index("{"):])
    assert res["gold_toponyms"] == 2 and res["accuracy_at_161km"] == 1.0
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(lines) == 3 and lines[0]["phrase"] == "Kharkiv" and lines[0]["geonameid"] == 706483
    assert set(lines[0]) == {"docid", "start", "end", "phrase", "geonameid", "lat", "lon"}
    g = res["geotagging"]
    assert g["tp"] >= 1 and g["precision"] == round(g["tp"] / (g["tp"] + g["fp"]), 4)


def test_malformed_corpus_is_a_clear_error(tmp_path):
    f = tmp_path / "bad.xml"
    f.write_text("<articles><article>", encoding="utf-8")
    r = CliRunner().invoke(app, ["eval", "places", "--corpus", str(f)])
    assert r.exit_code == 1 and "not in the LGL geoparsing format" in r.output


@pytest.mark.slow
def test_lgl_floor():
    lgl = shared_path("geoparsing", "lgl.xml")
    r = CliRunner().invoke(app, ["eval", "places", "--corpus", str(lgl), "--no-geotag", "--json"])
    res = json.loads(r.output[r.output.index("{"):])
    # measured 0.8205 on 2026-11-25 (issue 6 targets 0.80)
    assert res["gold_toponyms"] > 4000 and res["accuracy_at_161km"] >= 0.80


GEOVIRUS = """<articles><article><source>x</source>
<text>Cholera spread from Harare to Bulawayo, officials in Zimbabwe said.</text>
<locations>
  <location><name>Harare</name><start>20</start><end>26</end><lat>-17.83</lat><lon>31.05</lon></location>
  <location><name>Bulawayo</name><start>30</start><end>38</end><lat>-20.15</lat><lon>28.58</lon></location>
</locations></article></articles>"""

WIKTOR = """<pages><page number="7"><toponymName>Victoria</toponymName><lat>48.43</lat><lon>-123.37</lon>
<text>Victoria is the capital of British Columbia. Victoria lies on Vancouver Island.</text>
<toponymIndices><toponym><start>0</start><end>8</end></toponym><toponym><start>45</start><end>53</end></toponym>
</toponymIndices></page></pages>"""


def test_geovirus_and_wiktor_layouts_are_read(tmp_path):
    from claimgraph.evaluate.places import read

    (tmp_path / "gv.xml").write_text(GEOVIRUS, encoding="utf-8")
    (tmp_path / "wt.xml").write_text(WIKTOR, encoding="utf-8")
    [gv] = list(read(tmp_path / "gv.xml"))
    assert [t["phrase"] for t in gv["toponyms"]] == ["Harare", "Bulawayo"] and gv["toponyms"][1]["lat"] == -20.15
    [wt] = list(read(tmp_path / "wt.xml"))
    assert wt["docid"] == "7" and [t["phrase"] for t in wt["toponyms"]] == ["Victoria", "Victoria"]
    assert all(t["lat"] == 48.43 for t in wt["toponyms"])
    r = CliRunner().invoke(app, ["eval", "places", "--corpus", str(tmp_path / "wt.xml"), "--json"])
    res = json.loads(r.output[r.output.index("{"):])
    assert res["gold_toponyms"] == 2 and res["accuracy_at_161km"] == 1.0
