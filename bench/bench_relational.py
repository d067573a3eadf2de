"""The relational engine: start-up (import and model load) and a 500-utterance session through
the default model, on this machine; peak memory; utterances per second.

Targets: start-up under 2 s, a 500-utterance session under 1 s after load.
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import time

UTTERANCES = 500
START_UP = (
    "import time; t = time.perf_counter(); "
    "from reconnect.relational.engine import load; load(); "
    "print(time.perf_counter() - t)"
)
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


def session(n: int) -> str:
    rng = random.Random(3)
    lines = []
    for i in range(n):
        speaker, pool = ("T", THERAPIST) if i % 2 == 0 else ("C", CLIENT)
        # Every line distinct, so the strong model cannot reuse an embedding it already made.
        lines.append(f"{speaker}: {rng.choice(pool)} (That was turn {i}.)")
    return "\n".join(lines)


def main() -> None:
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", START_UP], capture_output=True, text=True, check=True
        )
        runs.append(float(out.stdout.strip().splitlines()[-1]))
    start_up = sorted(runs)[1]
    from reconnect.relational.engine import analyze_text, load

    load()
    text = session(UTTERANCES)
    analyze_text(text)  # warm
    timings = []
    for _ in range(5):
        begin = time.perf_counter()
        result = analyze_text(text)
        timings.append(time.perf_counter() - begin)
    assert len(result["utterances"]) == UTTERANCES
    median = sorted(timings)[2]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"start-up (import + model load), median of 3: {start_up:.2f} s (target < 2 s)")
    print(
        f"{UTTERANCES}-utterance session, default model: {median:.3f} s median "
        f"({UTTERANCES / median:,.0f} utterances/s; target < 1 s); peak memory {peak:.0f} MiB"
    )
    from reconnect.relational.engine import strong

    if not strong.available():
        print("optional strong model: not installed here (pip install -e '.[strong]')")
        return
    analyze_text(text, model="strong")  # warm: loads MiniLM
    begin = time.perf_counter()
    analyze_text(text, model="strong")
    elapsed = time.perf_counter() - begin
    print(
        f"{UTTERANCES}-utterance session, strong model: {elapsed:.2f} s "
        f"({UTTERANCES / elapsed:,.0f} utterances/s)"
    )
