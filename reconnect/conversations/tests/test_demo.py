"""The demo's conversations: some answered, one waiting two days (a radar signal), one written
out of hours, and one with words that worry us that the care team has already taken up."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from reconnect.conversations.models import CareTeamHours, Conversation, Message
from reconnect.home.demo import DEMO_PROGRAM
from reconnect.radar.models import Outreach, Signal

pytestmark = pytest.mark.django_db


def test_the_demo_has_answered_waiting_out_of_hours_and_triaged_conversations():
    call_command("seed_demo")
    hours = CareTeamHours.objects.get(program__name=DEMO_PROGRAM)
    assert (hours.timezone_name, hours.reply_time) == (
        "America/New_York",
        "usually within one working day",
    )
    answered = Conversation.objects.filter(
        waiting_since__isnull=True, last_message_at__isnull=False
    )
    assert answered.count() >= 6
    waiting = Signal.objects.live().filter(kind="message_waiting")
    assert waiting.exists()
    assert any("waiting" in s.explanation and "working hours" in s.explanation for s in waiting)
    evening = Message.objects.filter(body__isnull=False, author_role="client")
    assert any(m.sent_at.astimezone(hours.schedule.tz).hour == 21 for m in evening)
    triaged = Signal.objects.filter(kind="worrying_words", state="acknowledged")
    assert triaged.count() == 3  # one on each caseload
    assert Outreach.objects.filter(signal__in=triaged, action="called").count() == 3
    for item in triaged:
        assert item.explanation.endswith("has words that worry us — read it now")
        assert "can't go on" not in item.explanation
    assert Message.objects.filter(worrying=True, crisis_resources_shown=True).count() == 3
