"""Settings for the offline sentence encoders (:mod:`claimgraph.encoders.sentence`): never reach a
model hub, and print no progress bars (they would land in ``--json`` output)."""
from __future__ import annotations

import os


def quiet_offline_hf() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:
        return
    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
