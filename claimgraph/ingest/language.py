"""Offline language identification (langdetect, seeded so results are reproducible)."""
from __future__ import annotations

from typing import Optional


def detect_language(text: str) -> Optional[str]:
    """ISO 639-1 code of the text's language, or None when it cannot be told."""
    sample = text[:5000]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    from langdetect import DetectorFactory, LangDetectException, detect

    DetectorFactory.seed = 0
    try:
        return detect(sample)
    except LangDetectException:
        return None
