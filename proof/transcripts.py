"""Session transcripts with canaries in a person's words, for the canary sweep.

`python -m proof.transcripts seed` analyses one transcript for each of the first clients of the
demo program who have a clinician (consent given first) and prints the canaries as JSON:
`transcripts` appear only in the transcript, `quotes` in words the summary quotes back.
`python -m proof.transcripts left` prints how many analyses still hold any words at all.
"""

from __future__ import annotations

import json
import os
import sys
import uuid

SESSION = """T: How have things been since we last met?
C: Pretty rough, {quote}. I have been drinking more than I wanted to, and I want to stop
for my kids.
T: What would help most this week?
C: Maybe calling my sister more often, {spoken}.
T: You want her support again.
"""


def seed(count: int = 2) -> dict[str, list[str]]:
    from reconnect.home.demo import DEMO_PROGRAM
    from reconnect.people.models import CareTeamMember
    from reconnect.relational import actions, runner
    from reconnect.relational.models import Analysis

    found: dict[str, list[str]] = {"transcripts": [], "quotes": []}
    teams = CareTeamMember.objects.filter(client__program__name=DEMO_PROGRAM).select_related(
        "client", "clinician"
    )
    for member in teams.order_by("client_id")[:count]:
        quote, spoken = (f"CANARY{kind}{uuid.uuid4().hex[:12]}" for kind in ("Q", "T"))
        actions.grant_consent(client=member.client)
        analysis = actions.submit_transcript(
            client=member.client,
            clinician=member.clinician,
            text=SESSION.format(quote=quote, spoken=spoken),
            name="canary.txt",
        )
        runner.run(analysis.pk)  # a no-op when the task already ran it
        done = Analysis.objects.get(pk=analysis.pk)
        if done.status != "done" or quote not in done.moments:
            raise RuntimeError(f"could not seed a quoted transcript (analysis {analysis.pk})")
        found["transcripts"].append(spoken)
        found["quotes"].append(quote)
    return found


def words_left() -> int:
    from reconnect.relational.models import Analysis

    return Analysis.objects.exclude(transcript="", coded="", moments="").count()


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    import django

    django.setup()
    if sys.argv[1:] == ["seed"]:
        print(json.dumps(seed()))
    else:
        print(json.dumps({"left": words_left()}))


if __name__ == "__main__":
    main()
