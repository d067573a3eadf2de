"""The care team reads each questionnaire by its name ("PHQ-9"), never by its stored code."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import visible_text
from reconnect.measures.actions import assign_instrument, record_response

pytestmark = pytest.mark.django_db


def test_assigned_and_declined_questionnaires_are_named_not_coded(casey, robin, signed_in):
    assign_instrument(client=casey.client, instrument="phq9", schedule="weekly", assigned_by=robin)
    record_response(
        client=casey.client, instrument="gad7", answers=[], client_request_id="d", declined=True
    )
    page = visible_text(
        signed_in(robin).get(reverse("measures:client_measures", args=[casey.client.pk]))
    )
    assert "PHQ-9, weekly, since" in page
    assert "Declined recently: GAD-7 (" in page
    assert "phq9" not in page and "gad7" not in page and " · weekly" not in page
