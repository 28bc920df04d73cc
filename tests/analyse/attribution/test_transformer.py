"""The accurate-mode tagger's input windows and its wiring, on real sentences (the tagging
tests load the shipped MiniLM tagger and are marked slow)."""
from __future__ import annotations

import pytest

from claimgraph.analyse.attribution import transformer as tf


TEXT = ("The Ukrainian military said that the convoy was destroyed near Izium on Tuesday. "
        "Western officials believe the convoy was stalled by a lack of fuel.\n\n"
        '"We will not leave the city," the mayor told reporters on Sunday.')


@pytest.fixture(scope="module")
def doc():
    from claimgraph.analyse.pipeline import build, make_doc

    nlp = build(components=[])
    return nlp(make_doc(nlp, TEXT, {"doc_id": "t"}))


def test_windows_cover_every_word_once_and_keep_sentences_whole(doc):
    wins = tf.windows(doc, max_len=32)
    flat = [i for w in wins for i in w]
    assert flat == [t.i for t in doc if not t.is_space]
    for w in wins:
        ids, first, _ = tf.encode_window(doc, w)
        assert len(ids) <= 32 and len(first) == len(w)
    # a window of 32 pieces holds one sentence here, never half of one
    starts = {s.start for s in doc.sents}
    assert all(w[0] in starts for w in wins)


def test_gold_labels_go_to_the_first_wordpiece(doc):
    labels = ["O"] * len(doc)
    said = next(t for t in doc if t.text == "said")
    labels[said.i] = "B-CUE"
    w = tf.windows(doc)[0]
    ids, first, lab = tf.encode_window(doc, w, labels)
    k = w.index(said.i)
    assert lab[first[k]] == tf.TAG_ID["B-CUE"]
    assert sum(1 for x in lab if x != -100) == len(w)


def test_mode_is_the_components_config():
    from claimgraph.analyse.pipeline import build

    assert build(components=["attribution"]).get_pipe("claimgraph_attribution").mode == "fast"
    nlp = build(components=["attribution"], config={"attribution": {"mode": "rules"}})
    assert nlp.get_pipe("claimgraph_attribution").mode == "rules"
    assert nlp.config["components"]["claimgraph_attribution"]["mode"] == "rules"
    with pytest.raises(ValueError, match="attribution mode must be one of fast, accurate, rules"):
        build(components=["attribution"], config={"attribution": {"mode": "model"}})


@pytest.mark.slow
def test_tagger_marks_cue_source_and_content(doc):
    tags = tf.tag_doc(doc)
    by_text = {t.text: tags[t.i] for t in doc}
    assert by_text["said"].endswith("CUE") and by_text["believe"].endswith("CUE")
    assert by_text["military"].endswith("SRC") and by_text["officials"].endswith("SRC")
    assert by_text["convoy"].endswith("CON")


@pytest.mark.slow
def test_cue_probabilities_rank_reporting_verbs_over_other_words(doc):
    tags, probs = tf.tag_doc_with_cue_p(doc)
    assert tags == tf.tag_doc(doc)
    by_text = {t.text: probs[t.i] for t in doc}
    assert by_text["said"] > 0.8 and by_text["believe"] > 0.5
    assert by_text["convoy"] < 0.2 and by_text["Izium"] < 0.2
    assert all(probs[t.i] == 0.0 for t in doc if t.is_space)


@pytest.mark.slow
def test_accurate_mode_combines_minilm_cues_with_crf_sources(doc):
    """The accurate mode keeps the MiniLM's attributions, with the CRF's source and content where
    both find the cue; the three attributions of the text all come out with whole sources."""
    from claimgraph.analyse.attribution import rules as at

    acc = at.extract(doc, use_model=True, mode="accurate")
    fast = at.extract(doc, use_model=True, mode="fast")
    got = {a.cue.text: ([s.text for s in a.sources], " ".join(c.text for c in a.contents)) for a in acc}
    assert {"said", "believe", "told"} <= set(got)
    assert got["said"][0] == ["The Ukrainian military"] and "convoy was destroyed" in got["said"][1]
    assert got["believe"][0] == ["Western officials"] and "lack of fuel" in got["believe"][1]
    assert got["told"][0] == ["the mayor"] and "not leave the city" in got["told"][1]
    fast_by_cue = {a.cue.text: a for a in fast}
    for a in acc:
        twin = fast_by_cue.get(a.cue.text)
        if twin is not None:   # where both find the cue, the CRF's source, content and quote type
            assert [s.text for s in a.sources] == [s.text for s in twin.sources]
            assert [c.text for c in a.contents] == [c.text for c in twin.contents]
            assert a.quote_type == twin.quote_type
