"""Offline language identification (langdetect, seeded so results are reproducible).

``benchmarks/language_id.py`` measures it against lingua: the reasons langdetect stays are in
that script's results and in the changelog."""
from __future__ import annotations

from typing import Optional


#: characters read: an article's language shows in its first paragraphs, and langdetect's time
#: grows with the length it reads
SAMPLE_CHARS = 2000


def detect_language(text: str) -> Optional[str]:
    """ISO 639-1 code of the text's language (read from its first :data:`SAMPLE_CHARS`
    characters), or None when it cannot be told (fewer than 20 letters there, or no language
    features at all)."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    from langdetect import DetectorFactory, LangDetectException, detect

    DetectorFactory.seed = 0
    try:
        code = detect(sample)
    except LangDetectException:
        return None
    # langdetect tells Chinese scripts apart as zh-cn / zh-tw; ISO 639-1 has only zh
    return code.split("-")[0]
