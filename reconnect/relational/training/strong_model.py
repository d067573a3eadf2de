"""The strong model from start to finish: fine-tune (finetune.py), export to ONNX, quantise to
int8, then measure the file that ships, as the engine runs it, on the grouped validation split:
utterance macro-F1, session agreement with the annotators, and the default model on the same
split for comparison. Writes `strong.onnx`, `strong-vocab.txt` and `strong-metrics.json`."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from reconnect.relational.engine.encoder import HEADS
from reconnect.relational.engine.model import digest
from reconnect.relational.engine.strong import StrongCoder
from reconnect.relational.training.card import write_card
from reconnect.relational.training.finetune import Coder, base_model_path, fine_tune
from reconnect.relational.training.sessions import Predicted, agreement, sessions
from reconnect.relational.training.strong_data import examples, scores
from reconnect.relational.training.train import light_on_split

INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def export(state: Path, target: Path) -> None:
    """The trained weights as an int8 ONNX model (dynamic quantisation: weights int8 with a
    scale per output channel, activations quantised on the fly; embeddings included, so the
    file stays small). Per channel keeps the question and reflection heads within about 0.01
    of the fp32 model; one scale per tensor lost up to 0.06."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = Coder(base_model_path())
    model.load_state_dict(torch.load(state, weights_only=True))
    model.eval()
    sample = tuple(torch.ones(2, 16, dtype=torch.long) for _ in INPUTS)
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUTS} | {"logits": {0: "batch"}}
    with tempfile.TemporaryDirectory() as work:
        full = Path(work) / "fp32.onnx"
        torch.onnx.export(
            model,
            sample,
            str(full),
            input_names=list(INPUTS),
            output_names=["logits"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(str(full), str(target), weight_type=QuantType.QInt8, per_channel=True)


def measure(coder: StrongCoder, valid: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Macro-F1 of the shipped file on the validation examples, and the session figures'
    agreement with the annotators over the validation transcripts."""
    logits = coder.logits([e["pair"] for e in valid])
    found = scores(logits, valid)
    picked = {task: coder.pick(logits, task) for task, _ in HEADS}
    kept = [k for k, e in enumerate(valid) if e["source"] == "annomi" and not e["row"].get("extra")]
    rows = [valid[k]["row"] for k in kept]
    codes: list[Predicted] = [{task: picked[task][k] for task, _ in HEADS} for k in kept]
    return {"macro_f1": found, "session": agreement(sessions(rows, codes))}


def train_strong(
    data: Path,
    out: Path,
    *,
    corrections: Sequence[dict[str, Any]] = (),
    epochs: int = 3,
    corrections_skipped: int = 0,
    log: Any = print,
) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        trained = fine_tune(data, Path(work), epochs=epochs, corrections=corrections, log=log)
        export(Path(work) / "state.pt", out / "strong.onnx")
    shutil.copyfile(base_model_path() / "vocab.txt", out / "strong-vocab.txt")
    _, valid = examples(data)
    coder = StrongCoder(out / "strong.onnx", out / "strong-vocab.txt")
    shipped = measure(coder, valid)
    metrics = {
        **{k: v for k, v in trained.items() if k != "macro_f1"},
        "fp32_macro_f1": trained["macro_f1"],
        "macro_f1": shipped["macro_f1"],
        "session": shipped["session"],
        "default_same_split": light_on_split(
            data / "annomi", data / "epitome", {e["group"] for e in valid}
        ),
        "corrections": {"used": len(corrections), "not_usable": corrections_skipped},
        "model_sha256": digest(out / "strong.onnx"),
        "vocabulary_sha256": digest(out / "strong-vocab.txt"),
    }
    (out / "strong-metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    write_card(out, metrics, strong=True)
    return metrics
