"""Sentence encoders and the heads trained on their vectors, shared by analyse/ and link/.

- :mod:`.sentence` — MiniLM and mpnet sentence vectors from offline packages;
- :mod:`.tuned` — the mpnet encoder with the LoRA adapters of the plover category head;
- :mod:`.category_head`, :mod:`.snippet_heads` — logistic heads over those vectors.
"""
