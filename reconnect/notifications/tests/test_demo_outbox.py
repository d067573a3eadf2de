"""The demo program's outbox shows texts that were delivered, that failed, and a STOP."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from conftest import visible_text
from reconnect.home.demo import DEMO_PROGRAM
from reconnect.notifications.models import InboundText, OutboundText
from reconnect.people.models import Role, User

pytestmark = pytest.mark.django_db


def test_the_demo_outbox_has_delivered_and_failed_texts_and_a_stop(signed_in):
    call_command("seed_demo")
    texts = OutboundText.objects.filter(client__program__name=DEMO_PROGRAM)
    statuses = set(texts.values_list("status", flat=True))
    assert {"delivered", "undelivered"} <= statuses
    assert InboundText.objects.filter(kind="stop").exists()
    for text in texts:
        assert text.reminder_delivery.outcome == text.status
        assert text.reminder_delivery.channel == "text"

    admin = User.objects.get(memberships__role=Role.ADMIN, memberships__program__name=DEMO_PROGRAM)
    page = visible_text(signed_in(admin).get("/program/outbox/"))
    assert "Delivered" in page and "Not delivered (error 30003)" in page
