"""The web UI in a real headless Chromium (Debian's `chromium`, driven by Playwright) against
`claimgraph serve` on 127.0.0.1: highlighted spans of the seed articles, the claims table's
filters, a story's origins, map markers, and hostile article text that must run nothing."""
from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from claimgraph.server import create_app
from conftest import shared_path
from live_server import running
from small_corpus import build

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
HOSTILE = ("[Fictional test article.] Officials said <script>window.__pwned = 1; document.title = 'pwned'</script> "
           "the bridge at Odesa was hit on Monday. <img src=x onerror=\"window.__pwned = 2\"> A witness said "
           "\"<svg onload=window.__pwned=3>smoke</svg>\" rose over the port, and police allegedly closed the road "
           "<a href=\"javascript:window.__pwned=4\">here</a>.")

# runs of adjacent highlighted pieces, per layer: the span texts as a reader sees them
RUNS_JS = """() => {
  const out = {}; const open = {};
  const close = (k) => { if (open[k]) { (out[k] = out[k] || []).push(open[k]); delete open[k]; } };
  for (const node of document.querySelector('article.text').childNodes) {
    if (node.nodeType === 3) { if (node.textContent.length) Object.keys(open).forEach(close); continue; }
    if (!node.classList || !node.classList.contains('hl')) continue;
    const layers = [...node.classList].filter(c => c.startsWith('hl-')).map(c => c.slice(3));
    Object.keys(open).filter(k => !layers.includes(k)).forEach(close);
    layers.forEach(k => { open[k] = (open[k] || '') + node.textContent; });
  }
  Object.keys(open).forEach(close);
  return out;
}"""


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("needs Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A writable server over the small corpus, with the two seed articles and a hostile article
    ingested through POST /documents (the real analysis)."""
    seeds = shared_path("seeds")
    db = tmp_path_factory.mktemp("ui") / "ui.duckdb"
    ids = build(db)
    with running(create_app(db, writable=True)) as base:
        with httpx.Client(base_url=base, timeout=300) as client:
            for name, key, meta in (("000_154fe191a45418ec.txt", "ibt", {"outlet": "International Business Times"}),
                                    ("003_918ed5b0bd14c85b.txt", "dw", {})):
                text = (seeds / name).read_text(encoding="utf-8")
                r = client.post("/documents", json={"text": text, **meta})
                assert r.status_code in (200, 201), r.text
                ids[key] = r.json()["id"]
            r = client.post("/documents", json={"text": HOSTILE, "outlet": "<b>Hostile</b> Times",
                                                "title": "<script>window.__pwned=5</script>Port fire"})
            assert r.status_code == 201, r.text
            ids["posted_hostile"] = r.json()["id"]
            yield base, client, ids


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.requests = []
    p.on("request", lambda req: p.requests.append(req.url))
    p.dialogs = []
    p.on("dialog", lambda d: (p.dialogs.append(d.message), d.dismiss()))
    yield p
    context.close()


def runs(page) -> dict:
    return {k: [" ".join(t.split()) for t in v] for k, v in page.evaluate(RUNS_JS).items()}


def test_seed_articles_show_their_highlighted_spans(page, site):
    base, _, ids = site
    page.goto(f"{base}/documents/{ids['ibt']}")
    got = runs(page)
    assert "told" in got["cue"] and "revealed" in got["cue"]
    assert any("wife of a Russian soldier" in s for s in got["source"])
    assert "allegedly" in got["hedge"]
    assert "38,550" in got["figure"] and "Ukraine" in got["place"]
    assert any("Many, many people wrote reports" in s for s in got["content"])
    # a span shows its record on keyboard focus
    page.focus("article.text .hl-hedge[tabindex]")
    tip = page.inner_text("#tip")
    assert "certainty" in tip and "hedges" in tip
    page.hover("article.text .hl-place")
    assert "resolved" in page.inner_text("#tip")
    # attributions listed, the relayed ones nested under their relay
    assert page.locator("ol.attributions > li.attr").count() >= 5
    assert page.locator("ol.attributions ul.relayed li.attr").count() >= 1
    page.goto(f"{base}/documents/{ids['dw']}")
    got = runs(page)
    assert "apparently" in got["hedge"] and any("said to" in h for h in got["hedge"])
    assert "Kherson" in got["place"]
    assert all(u.startswith(base) for u in page.requests), page.requests


def test_claims_table_filters_sorts_and_links_to_the_article(page, site):
    base, client, ids = site
    page.goto(f"{base}/claims")
    page.select_option("select[name=certainty]", "possible")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/claims?**certainty=possible**")
    want = client.get("/claims", params={"certainty": "possible"}).json()
    rows = page.locator("table.claims tbody tr")
    assert want["total"] >= 2 and rows.count() == min(want["total"], 50)
    assert set(page.locator("table.claims tbody td .badge").all_inner_texts()) == {"possible"}
    page.fill("input[name=source]", "soldier's wife")
    page.click("form.filters button[type=submit]")
    assert page.locator("table.claims tbody tr").count() == 1
    link = page.locator("table.claims tbody td a").first
    link.click()
    page.wait_for_url(f"**/documents/{ids['a']}#{ids['c2']}")
    assert page.locator(f"[id='{ids['c2']}']").count() == 1
    page.goto(f"{base}/claims?sort=-depth")
    depths = [int(x) for x in page.locator("table.claims tbody td.num").all_inner_texts()]
    assert depths == sorted(depths, reverse=True) and depths[0] >= 2
    page.click("th a:has-text('Depth')")            # toggles the order
    depths = [int(x) for x in page.locator("table.claims tbody td.num").all_inner_texts()]
    assert depths == sorted(depths)


def test_a_story_opens_with_its_origins(page, site):
    base, _, _ = site
    page.goto(f"{base}/stories")
    page.click("table.rows a:has-text('31 drones downed over Kharkiv')")
    page.wait_for_url("**/stories/sto_drones")
    origins = page.locator("section.origin h3").all_inner_texts()
    assert origins == ["The Ministry of Defence", "a soldier's wife"]
    assert page.locator("svg.relays .node-origin").count() == 2
    assert page.locator("svg.relays .node-relay").count() == 2
    assert "drone" in page.inner_text(".contradiction") and page.locator(".side-by-side .cell").count() == 2
    assert page.locator("ol.timeline li").count() == 2


def test_the_map_has_markers_on_offline_outlines(page, site):
    base, client, _ = site
    page.goto(f"{base}/map")
    located = client.get("/map").json()
    assert page.locator("svg.map path.land").count() > 5
    assert page.locator("svg.map .place-marker").count() == len(located["places"]) >= 2
    assert page.locator("svg.map .event-marker").count() >= 1
    titles = page.locator("svg.map .place-marker title").all_text_contents()
    assert any(t.startswith("Kharkiv (UA): 2 mention(s)") for t in titles), titles
    assert all(u.startswith(base) for u in page.requests), page.requests


def test_figures_chart_draws_one_line_per_source(page, site):
    base, _, _ = site
    page.goto(f"{base}/figures?measure=drone")
    assert page.locator("svg.chart circle").count() >= 2
    assert page.locator("svg.chart text.legend").count() >= 1


def test_hostile_article_text_runs_nothing(page, site):
    base, _, ids = site
    for url in (f"/documents/{ids['posted_hostile']}", f"/documents/{ids['hostile']}", "/documents", "/claims",
                "/", "/map", "/stories"):
        page.goto(base + url)
        assert page.evaluate("() => window.__pwned === undefined"), url
        assert page.title() != "pwned" and "pwned" not in page.title().split(" · ")[-1]
        assert page.dialogs == []
        assert page.locator("article.text script, article.text img, article.text svg").count() == 0
    page.goto(f"{base}/documents/{ids['posted_hostile']}")
    text = page.inner_text("article.text")
    assert "<script>window.__pwned = 1;" in text and "<img src=x onerror=" in text
    assert page.locator("a[href^='javascript:']").count() == 0
    for el in page.locator("article.text .hl[tabindex]").all()[:10]:
        el.focus()
    assert page.evaluate("() => window.__pwned === undefined")


def test_analyse_box_shows_the_article_at_once(page, site):
    base, client, _ = site
    before = client.get("/documents").json()["total"]
    page.goto(f"{base}/analyse")
    page.fill("#text", "[Fictional test article.] The governor said on Monday that shells allegedly hit a school in "
                       "Kharkiv, according to a video posted on Telegram.")
    page.fill("input[name=outlet]", "Test Courier")
    page.click("form.analyse button[type=submit]")
    page.wait_for_selector("article.text")
    got = runs(page)
    assert "allegedly" in got["hedge"] and "Kharkiv" in got["place"] and "said" in got["cue"]
    assert "analysed, not stored" in page.inner_text("p.meta")
    assert client.get("/documents").json()["total"] == before
