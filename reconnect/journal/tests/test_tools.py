"""Tools for hard moments: offered, skippable, and showing what helps this person."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import page_text, visible_text
from reconnect.journal.actions import record_checkin, record_tool_use, tool_effects
from reconnect.journal.models import ToolUse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("tool", ["grounding", "breathing", "self_compassion"])
def test_each_practice_can_be_done_with_or_without_ratings(casey, signed_in, tool):
    http = signed_in(casey)
    page = page_text(http.get(reverse("journal:tool", args=[tool])))
    assert "How strong is the hard feeling that brought you here" in page
    http.post(reverse("journal:tool", args=[tool]), {"client_request_id": f"{tool}-1"})
    http.post(
        reverse("journal:tool", args=[tool]),
        {"strength_before": "8", "strength_after": "5", "client_request_id": f"{tool}-2"},
    )
    assert ToolUse.objects.filter(tool=tool).count() == 2


def test_an_unknown_tool_is_404(casey, signed_in):
    assert signed_in(casey).get("/me/tools/teleport/").status_code == 404


def test_a_tool_use_links_to_the_check_in_that_prompted_it(casey, signed_in):
    checkin, _ = record_checkin(client=casey.client, state="activated", client_request_id="c")
    signed_in(casey).post(
        reverse("journal:tool", args=["breathing"]),
        {"checkin": checkin.pk, "client_request_id": "t"},
    )
    assert ToolUse.objects.get().checkin == checkin


def test_what_helped_averages_the_change_in_strength(casey, signed_in):
    for n, (before, after) in enumerate([(8, 4), (6, 4), (5, None)]):
        record_tool_use(
            client=casey.client,
            tool="grounding",
            strength_before=before,
            strength_after=after,
            client_request_id=str(n),
        )
    effects = tool_effects(casey.client)
    assert effects[0]["uses"] == 3 and effects[0]["rated"] == 2
    assert effects[0]["average_change"] == -3.0
    text = visible_text(signed_in(casey).get(reverse("journal:tools")))
    assert "5-4-3-2-1 grounding 3 -3.0 over 2 rated uses" in text


def test_the_pacer_respects_reduced_motion():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[3] / "static/css/app.css").read_text()
    reduced = css.split("@media (prefers-reduced-motion: reduce)")[1].split("}")[0]
    assert "animation: none" in reduced
