"""The pipeline's own sentence rule: a line break ends a sentence."""
from __future__ import annotations


def test_line_breaks_start_sentences(nlp):
    text = ("Drones hit Odesa port overnight\n"
            "Three ships were damaged, officials said on Monday.\n\n"
            "\u2022 Air defence shot down 12 of 15 drones\n"
            "The navy said repairs would take weeks")
    doc = nlp(text)
    starts = [s.text.split()[0] for s in doc.sents if s.text.strip()]
    assert starts[:4] == ["Drones", "Three", "\u2022", "The"]


def test_a_parsed_doc_refuses_new_line_breaks(nlp):
    import pytest

    from claimgraph.analyse.pipeline import paragraph_boundaries

    doc = nlp("Shelling went on.\nTwo people were hurt.")
    with pytest.raises(ValueError):
        paragraph_boundaries(doc)
