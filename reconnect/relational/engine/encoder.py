"""The strong model at run time: a fine-tuned MiniLM encoder exported to ONNX (int8), run with
`onnxruntime`, its input built with `tokenizers` exactly as in training. No torch, no network.

The model's output is every task's logits side by side; HEADS names each task's classes in
column order (training writes the same order)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

MAX_TOKENS = 128
HEADS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("behaviour", ("reflection", "question", "therapist_input", "other")),
    ("reflection_type", ("simple", "complex")),
    ("question_type", ("open", "closed")),
    ("input_type", ("information", "advice", "options", "negotiation")),
    ("talk_type", ("change", "neutral", "sustain")),
    ("emotional_reactions", ("0", "1", "2")),
    ("interpretations", ("0", "1", "2")),
    ("explorations", ("0", "1", "2")),
)


def columns() -> dict[str, slice]:
    """Each task's columns in the model's output."""
    out, start = {}, 0
    for task, classes in HEADS:
        out[task] = slice(start, start + len(classes))
        start += len(classes)
    return out


def encode(tokenizer: Any, pairs: Sequence[tuple[str, str]]) -> tuple[np.ndarray, ...]:
    """Token ids, attention mask and segment ids of (first, second) pairs, padded to the
    longest in the batch and cut at MAX_TOKENS (the longer text loses words first)."""
    tokenizer.enable_truncation(max_length=MAX_TOKENS, strategy="longest_first")
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 (a token, not a secret)
    found = tokenizer.encode_batch(list(pairs))
    ids = np.array([e.ids for e in found], dtype=np.int64)
    mask = np.array([e.attention_mask for e in found], dtype=np.int64)
    types = np.array([e.type_ids for e in found], dtype=np.int64)
    return ids, mask, types
