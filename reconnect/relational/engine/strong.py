"""The optional strong model: a fine-tuned MiniLM encoder (`models/strong.onnx`, int8) that
reads each utterance with its neighbouring turns and codes every task at once. Runs with
`onnxruntime` and `tokenizers` on the CPU; never imports torch and never reaches a network.

Its figures are in `models/strong-metrics.json`, measured by `reconnect train_relational
--strong` (which needs the `finetune` extra)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from reconnect.relational.engine.context import reply_pair, utterance_pairs
from reconnect.relational.engine.encoder import HEADS, columns, encode

MODELS = Path(__file__).with_name("models")
MODEL_FILE = MODELS / "strong.onnx"
VOCABULARY = MODELS / "strong-vocab.txt"
BATCH = 32
# Progress is reported after each batch: a callable taking the share done, 0 to 1.
Progress = Callable[[float], None]


def available() -> bool:
    """True when the strong model and its vocabulary are installed."""
    return MODEL_FILE.exists() and VOCABULARY.exists()


def _threads() -> int:
    return max(1, min(4, int(os.environ.get("RECONNECT_MODEL_THREADS") or (os.cpu_count() or 1))))


class StrongCoder:
    """The loaded ONNX session and its tokenizer."""

    def __init__(self, path: Path, vocabulary: Path = VOCABULARY) -> None:
        # onnxruntime and tokenizers load only when the strong model is asked for.
        import onnxruntime
        from tokenizers import BertWordPieceTokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = _threads()
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = BertWordPieceTokenizer(str(vocabulary), lowercase=True)
        self.columns = columns()

    def logits(self, pairs: Sequence[tuple[str, str]], progress: Progress | None = None) -> Any:
        """Every head's logits for each pair (batched by length, so little padding)."""
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        out = np.zeros((len(pairs), sum(len(c) for _, c in HEADS)), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            picked = order[start : start + BATCH]
            ids, mask, types = encode(self.tokenizer, [pairs[i] for i in picked])
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            out[picked] = self.session.run(["logits"], feeds)[0]
            if progress:
                progress(min(1.0, (start + BATCH) / len(order)))
        return out

    def pick(self, logits: Any, task: str) -> list[str]:
        classes = dict(HEADS)[task]
        return [classes[j] for j in np.argmax(logits[:, self.columns[task]], axis=1)]

    def code(
        self, turns: Sequence[tuple[str, str]], progress: Progress | None = None
    ) -> list[dict[str, str | None]]:
        """Each (speaker, text) turn's codes, as the default model gives them."""
        if not turns:
            return []
        logits = self.logits(utterance_pairs(turns), progress)
        picked = {task: self.pick(logits, task) for task, _ in HEADS}
        out: list[dict[str, str | None]] = []
        for i, (speaker, _) in enumerate(turns):
            if speaker == "client":
                out.append({"talk_type": picked["talk_type"][i]})
                continue
            behaviour = picked["behaviour"][i]
            out.append(
                {
                    "behaviour": behaviour,
                    "reflection_type": picked["reflection_type"][i]
                    if behaviour == "reflection"
                    else None,
                    "question_type": picked["question_type"][i]
                    if behaviour == "question"
                    else None,
                    "input_type": picked["input_type"][i]
                    if behaviour == "therapist_input"
                    else None,
                }
            )
        return out

    def empathy(self, pairs: Sequence[tuple[str, str]]) -> list[dict[str, int]]:
        """Empathy levels of each (seeker post, reply) pair."""
        if not pairs:
            return []
        logits = self.logits([reply_pair(post, reply) for post, reply in pairs])
        names = ("emotional_reactions", "interpretations", "explorations")
        levels = {name: self.pick(logits, name) for name in names}
        return [{name: int(levels[name][i]) for name in names} for i in range(len(pairs))]
