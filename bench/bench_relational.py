"""The relational engine on this machine, each model in its own fresh process: start-up (import
and model load), a 500-utterance session after load, peak memory, utterances per second.

Targets: default model, start-up under 2 s and the session under 0.2 s; strong model (ONNX
int8), start-up under 3 s, the session under 6 s, peak memory under 600 MiB.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys

UTTERANCES = 500
# Seconds to start, seconds for the session, MiB at most (None: no target).
TARGETS: dict[str, tuple[float, float, float | None]] = {
    "default": (2.0, 0.2, None),
    "strong": (3.0, 6.0, 600),
}
THERAPIST = [
    "What brings you in today?",
    "It sounds like part of you wants things to be different.",
    "How many days a week would you say?",
    "You're worried about what this is costing you.",
    "On one hand it helps you sleep, and on the other it's getting in the way of mornings.",
    "Would it be okay if I shared some information about that?",
]
CLIENT = [
    "I've been drinking more than I want to.",
    "I don't know, it helps me relax after work.",
    "I want to be there for my kids.",
    "Yeah.",
    "Maybe I could cut down on weekdays.",
    "It's just how everyone I know unwinds.",
]
CHILD = """
import json, resource, sys, time
begin = time.perf_counter()
from reconnect.relational.engine import analyze_text, models
models({model!r})
start_up = time.perf_counter() - begin
from bench.bench_relational import session
text = session({utterances})
timings = []
for _ in range(3):
    begin = time.perf_counter()
    result = analyze_text(text, model={model!r})
    timings.append(time.perf_counter() - begin)
assert len(result["utterances"]) == {utterances}
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"start_up": start_up, "session": sorted(timings)[1], "memory": peak}}))
"""


def session(n: int) -> str:
    rng = random.Random(3)
    lines = []
    for i in range(n):
        speaker, pool = ("T", THERAPIST) if i % 2 == 0 else ("C", CLIENT)
        lines.append(f"{speaker}: {rng.choice(pool)} (That was turn {i}.)")
    return "\n".join(lines)


def measure(model: str) -> dict[str, float]:
    script = CHILD.format(model=model, utterances=UTTERANCES)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    found: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return found


def main() -> None:
    from reconnect.relational.engine import strong

    for model in ("default", "strong"):
        if model == "strong" and not strong.available():
            print("strong model: not installed here (reconnect train_relational --strong)")
            continue
        found = measure(model)
        start_target, session_target, memory_target = TARGETS[model]
        memory = f"peak memory {found['memory']:.0f} MiB" + (
            f" ({found['memory'] / memory_target:.2f} of the {memory_target} MiB target)"
            if memory_target
            else ""
        )
        print(
            f"{model} model: start-up {found['start_up']:.2f} s "
            f"({found['start_up'] / start_target:.2f} of the {start_target:g} s "
            f"target); {UTTERANCES}-utterance session {found['session']:.3f} s "
            f"({UTTERANCES / found['session']:,.0f} utterances/s; "
            f"{found['session'] / session_target:.2f} of the {session_target:g} s target); "
            + memory
        )
