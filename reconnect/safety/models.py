"""The safety plan: every save is a new, encrypted version; earlier versions stay readable."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from reconnect.core.crypto import EncryptedTextField
from reconnect.people.models import Client, User


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    prompt: str


# The six Stanley–Brown steps (Stanley & Brown 2012), plus reasons for living, in our own words.
SECTIONS = (
    Section(
        "warning_signs",
        "My warning signs",
        "Thoughts, feelings, situations or things I do that tell me a hard time may be coming.",
    ),
    Section(
        "coping",
        "Things I can do on my own",
        "Ways I can take my mind off things or settle myself, without contacting anyone.",
    ),
    Section(
        "distraction",
        "People and places that help me take my mind off things",
        "People I can be around, and places I can go, without having to talk about how I feel.",
    ),
    Section(
        "people_help",
        "People I can ask for help",
        "Family members or friends I can tell that I'm having a hard time.",
    ),
    Section(
        "professionals",
        "Professionals and services I can contact",
        "My clinician, my program, urgent care. 988 and 741741 are always listed below.",
    ),
    Section(
        "environment",
        "Making my surroundings safer",
        "Steps I can take to keep things I might use to hurt myself out of reach.",
    ),
    Section("reasons", "My reasons for living", "What matters most to me and is worth living for."),
)
SECTION_KEYS = tuple(s.key for s in SECTIONS)
MAX_LINES = 20
MAX_LINE_LENGTH = 300


class SafetyPlan(models.Model):
    """One plan per client; its content lives in versions."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="safety_plan")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"safety plan {self.pk}"

    def current(self) -> SafetyPlanVersion | None:
        return self.versions.order_by("-number").first()


class SafetyPlanVersion(models.Model):
    """A saved state of the plan: who saved it, when, and the content (encrypted)."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = EncryptedTextField()
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    author_role = models.CharField(max_length=16)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_version_number"),
        ]

    def __str__(self) -> str:
        return f"safety plan {self.plan_id} v{self.number}"

    @property
    def sections(self) -> dict[str, list[str]]:
        data = json.loads(self.content or "{}")
        return {key: list(data.get(key, [])) for key in SECTION_KEYS}

    @property
    def has_person_to_ask(self) -> bool:
        return bool(self.sections["people_help"])
