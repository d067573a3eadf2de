"""Everything held about a client, as a FHIR R4 Bundle (validated in tests with R4B models).

EXPORTED names each model that reaches the client and the resource it becomes; EXCLUDED names
the rest with the reason. A test walks every model linked to a client and fails on any model
in neither, so a new table cannot silently drop out of the export.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from reconnect.people.models import Client

EXT = "https://reconnect.example/fhir"
SCHEMA_VERSION = "1"

EXPORTED = {
    "people.user": "Patient (name, email)",
    "people.client": "Patient",
    "people.careteammember": "CareTeam",
    "journal.checkin": "Observation (check-in: body state, craving, connection, your note)",
    "journal.circlemember": "RelatedPerson",
    "journal.contact": "Observation (reaching out)",
    "journal.tooluse": "Observation (tool used, strength before and after)",
    "journal.reminderpreference": "Basic (reminder choices)",
    "safety.safetyplan": "CarePlan",
    "safety.safetyplanversion": "CarePlan (one per version)",
    "measures.response": "QuestionnaireResponse and Observation (total score)",
    "measures.safetyflag": "Flag",
    "radar.session": "Encounter, and DocumentReference for shared session notes",
    "radar.outreach": "Communication (care team reaching out to you)",
    "relational.analysisconsent": "Consent (session analysis)",
    "consent.consentgrant": "Consent (42 CFR Part 2)",
    "consent.consentrevocation": "Consent.status inactive",
    "consent.disclosure": "AuditEvent (disclosure ledger)",
    "supporters.supporterlink": "RelatedPerson (supporter)",
    "supporters.encouragement": "Communication (message from a supporter)",
    "access.emergencyaccess": "AuditEvent (emergency access)",
    "access.accessevent": "AuditEvent (who accessed your record)",
}
EXCLUDED = {
    "people.membership": "your role in the program; shown as the Patient's managing organisation",
    "people.apitoken": "secret sign-in keys for apps; never exported",
    "people.knowndevice": "hashes of the browsers you signed in on; secret, never exported",
    "people.supervision": "links clinicians to their supervisors; nothing about a client",
    "people.careteamnotice": "notices on your home that someone joined your care team (CareTeam)",
    "journal.reminderdelivery": "delivery log of reminder emails; operational, no health content",
    "measures.assignment": "the questionnaire schedule; your answers are exported",
    "radar.signal": "the care team's working list, computed from data that is exported",
    "radar.radarstate": "a computed cache for the care team's list",
    "relational.analysis": "feedback on the clinician's own skills, private to the clinician",
    "supporters.invitation": "invitation links (secret); the supporters you accepted are exported",
    "supporters.joinrequest": "joining links emailed from your invitations (secret, one day)",
    "records.exportlink": "single-use download links; operational",
    "records.deletionrecord": "kept only after an account is deleted",
}
# Counselling (psychotherapy) notes are outside the right of access (45 CFR 164.524(a)(1)(i)).
COUNSELLING_NOTES_REASON = "Counselling notes are kept apart and are not part of this export."


def _patient_ref(client: Client) -> dict[str, str]:
    return {"reference": f"Patient/{client.pk}"}


def _text_concept(text: str, code: str | None = None, system: str = f"{EXT}/CodeSystem") -> dict:
    concept: dict[str, Any] = {"text": text}
    if code:
        concept["coding"] = [{"system": system, "code": code, "display": text}]
    return concept


def patient(client: Client) -> dict[str, Any]:
    user = client.user
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(client.pk),
        "active": user.is_active,
        "name": [{"text": user.display_name}],
        "telecom": [{"system": "email", "value": user.email}],
        "managingOrganization": {"display": client.program.name},
    }
    if client.pronouns:
        resource["extension"] = [
            {"url": f"{EXT}/StructureDefinition/pronouns", "valueString": client.pronouns}
        ]
    return resource


def _checkins(client: Client) -> Iterator[dict[str, Any]]:
    from reconnect.journal.models import CheckIn

    for c in CheckIn.objects.for_client(client).prefetch_related("circle_members"):
        components = [
            {
                "code": _text_concept("Body state", "body-state"),
                "valueCodeableConcept": _text_concept(c.get_state_display(), c.state),
            }
        ]
        if c.craving is not None:
            components.append(
                {"code": _text_concept("Craving", "craving"), "valueInteger": c.craving}
            )
        if c.connected:
            components.append(
                {
                    "code": _text_concept("Connected with someone", "connected"),
                    "valueCodeableConcept": _text_concept(c.get_connected_display(), c.connected),
                }
            )
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": f"checkin-{c.pk}",
            "status": "final",
            "code": _text_concept("Check-in", "check-in"),
            "subject": _patient_ref(client),
            "effectiveDateTime": c.recorded_at.isoformat(),
            "component": components,
        }
        who = [m.name for m in c.circle_members.all()]
        notes = [{"text": f"Connected with: {', '.join(who)}"}] if who else []
        if c.note:
            notes.append({"text": c.note})
        if notes:
            resource["note"] = notes
        yield resource


def _circle(client: Client) -> Iterator[dict[str, Any]]:
    from reconnect.journal.models import CircleMember, Contact, ToolUse

    for m in CircleMember.objects.for_client(client):
        resource: dict[str, Any] = {
            "resourceType": "RelatedPerson",
            "id": f"circle-{m.pk}",
            "patient": _patient_ref(client),
            "name": [{"text": m.name}],
        }
        if m.relationship:
            resource["relationship"] = [{"text": m.relationship}]
        if m.how_to_reach:
            resource["telecom"] = [{"system": "other", "value": m.how_to_reach}]
        extra = [("how-they-help", m.how_they_help), ("best-times", m.best_times)]
        extensions = [
            {"url": f"{EXT}/StructureDefinition/{key}", "valueString": value}
            for key, value in extra
            if value
        ]
        if extensions:
            resource["extension"] = extensions
        yield resource
    for c in Contact.objects.for_client(client):
        components = []
        if c.channel:
            components.append(
                {"code": _text_concept("How"), "valueString": c.get_channel_display()}
            )
        if c.felt:
            components.append({"code": _text_concept("Felt"), "valueString": c.get_felt_display()})
        resource = {
            "resourceType": "Observation",
            "id": f"contact-{c.pk}",
            "status": "final",
            "code": _text_concept("Reached out to someone", "reached-out"),
            "subject": _patient_ref(client),
            "effectiveDateTime": c.recorded_at.isoformat(),
        }
        if c.circle_member_id:
            resource["focus"] = [{"reference": f"RelatedPerson/circle-{c.circle_member_id}"}]
        if components:
            resource["component"] = components
        yield resource
    for t in ToolUse.objects.filter(client=client):
        components = [
            {"code": _text_concept(label), "valueInteger": value}
            for label, value in (
                ("Strength before", t.strength_before),
                ("After", t.strength_after),
            )
            if value is not None
        ]
        resource = {
            "resourceType": "Observation",
            "id": f"tool-{t.pk}",
            "status": "final",
            "code": _text_concept(f"Used a tool: {t.get_tool_display()}", "tool-use"),
            "subject": _patient_ref(client),
            "effectiveDateTime": t.recorded_at.isoformat(),
        }
        if components:
            resource["component"] = components
        yield resource


def _reminders(client: Client) -> Iterator[dict[str, Any]]:
    from reconnect.journal.models import ReminderPreference

    pref = ReminderPreference.objects.filter(client=client).first()
    if pref is None:
        return
    yield {
        "resourceType": "Basic",
        "id": f"reminders-{client.pk}",
        "code": _text_concept("Reminder choices", "reminder-preference"),
        "subject": _patient_ref(client),
        "extension": [
            {"url": f"{EXT}/StructureDefinition/reminder-enabled", "valueBoolean": pref.enabled},
            {
                "url": f"{EXT}/StructureDefinition/reminder-time",
                "valueTime": pref.time_of_day.strftime("%H:%M:%S"),
            },
        ],
    }


def _safety(client: Client) -> Iterator[dict[str, Any]]:
    from reconnect.safety.models import SECTIONS, SafetyPlanVersion

    versions = list(SafetyPlanVersion.objects.filter(plan__client=client).order_by("number"))
    for v in versions:
        sections = v.sections
        yield {
            "resourceType": "CarePlan",
            "id": f"safety-plan-v{v.number}",
            "status": "active" if v is versions[-1] else "revoked",
            "intent": "plan",
            "title": f"Safety plan, version {v.number}",
            "subject": _patient_ref(client),
            "created": v.created_at.isoformat(),
            "note": [
                {"text": f"{s.title}: {'; '.join(sections[s.key])}"}
                for s in SECTIONS
                if sections.get(s.key)
            ]
            or [{"text": "(empty)"}],
        }


def _measures(client: Client) -> Iterator[dict[str, Any]]:
    from reconnect.measures.fhir import response_resources
    from reconnect.measures.models import Response, SafetyFlag

    yield from response_resources(Response.objects.for_client(client))
    for f in SafetyFlag.objects.filter(client=client):
        yield {
            "resourceType": "Flag",
            "id": f"flag-{f.pk}",
            "status": "active" if f.state == SafetyFlag.State.OPEN else "inactive",
            "code": {"text": f.reason},
            "subject": _patient_ref(client),
            "period": {"start": f.raised_at.isoformat()},
        }


ENCOUNTER_STATUS = {
    "planned": "planned",
    "attended": "finished",
    "cancelled": "cancelled",
    "missed": "cancelled",
}


def _sessions(client: Client) -> Iterator[dict[str, Any]]:
    import base64

    from reconnect.radar.models import NoteKind, Outreach, Session

    for s in Session.objects.filter(client=client):
        yield {
            "resourceType": "Encounter",
            "id": f"session-{s.pk}",
            "status": ENCOUNTER_STATUS.get(s.status, "unknown"),
            "class": {
                "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                "code": "VR" if s.modality != "in_person" else "AMB",
            },
            "type": [{"text": f"{s.get_modality_display()} session: {s.get_status_display()}"}],
            "subject": _patient_ref(client),
            "period": {"start": s.planned_at.isoformat()},
        }
        if s.note and s.note_kind == NoteKind.SHARED:
            yield {
                "resourceType": "DocumentReference",
                "id": f"session-note-{s.pk}",
                "status": "current",
                "type": {"text": "Session note"},
                "subject": _patient_ref(client),
                "date": s.created_at.isoformat(),
                "content": [
                    {
                        "attachment": {
                            "contentType": "text/plain; charset=utf-8",
                            "data": base64.b64encode(s.note.encode()).decode(),
                        }
                    }
                ],
                "context": {"encounter": [{"reference": f"Encounter/session-{s.pk}"}]},
            }
    for o in Outreach.objects.filter(client=client):
        resource: dict[str, Any] = {
            "resourceType": "Communication",
            "id": f"outreach-{o.pk}",
            "status": "completed",
            "subject": _patient_ref(client),
            "sent": o.at.isoformat(),
            "medium": [{"text": o.get_action_display()}],
        }
        if o.outcome:
            resource["payload"] = [{"contentString": o.outcome}]
        yield resource


def _consents(client: Client) -> Iterator[dict[str, Any]]:
    from reconnect.consent.models import ConsentGrant
    from reconnect.relational.models import AnalysisConsent

    base = {
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "patient-privacy",
                }
            ]
        },
        "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
        "patient": _patient_ref(client),
    }
    for g in ConsentGrant.objects.filter(client=client).select_related("revocation"):
        yield {
            "resourceType": "Consent",
            "id": f"consent-{g.pk}",
            **base,
            "status": "active" if g.is_active else "inactive",
            "dateTime": g.signed_at.isoformat(),
            "organization": [{"display": g.discloser}],
            "policyRule": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                        "code": "42CFRPart2",
                    }
                ]
            },
            "verification": [
                {"verified": True, "verifiedWith": {"display": f"Typed name: {g.signature}"}}
            ],
            "provision": {
                "type": "permit",
                "period": {"start": g.signed_at.isoformat(), "end": g.expires_at.isoformat()},
                "actor": [
                    {
                        "role": {"text": "recipient"},
                        "reference": {"display": g.recipient_name},
                    }
                ],
                "purpose": [
                    {
                        "system": f"{EXT}/CodeSystem/purpose",
                        "code": "free-text",
                        "display": g.purpose,
                    }
                ],
                "class": [
                    {"system": f"{EXT}/CodeSystem/shared-category", "code": k} for k in g.categories
                ],
            },
        }
    for a in AnalysisConsent.objects.filter(client=client):
        yield {
            "resourceType": "Consent",
            "id": f"analysis-consent-{a.pk}",
            **base,
            "status": "inactive" if a.revoked_at else "active",
            "dateTime": a.granted_at.isoformat(),
            "policy": [{"uri": f"{EXT}/policy/session-analysis"}],
        }


def _people(client: Client) -> Iterator[dict[str, Any]]:
    from reconnect.supporters.models import Encouragement, SupporterLink

    team = list(client.care_team.select_related("clinician"))
    if team:
        yield {
            "resourceType": "CareTeam",
            "id": f"care-team-{client.pk}",
            "status": "active",
            "subject": _patient_ref(client),
            "participant": [{"member": {"display": m.clinician.display_name}} for m in team],
        }
    for link in SupporterLink.objects.filter(client=client).select_related("supporter"):
        yield {
            "resourceType": "RelatedPerson",
            "id": f"supporter-{link.pk}",
            "active": link.removed_at is None,
            "patient": _patient_ref(client),
            "name": [{"text": link.supporter.display_name}],
            "relationship": [{"text": "Supporter"}],
        }
    for m in Encouragement.objects.filter(client=client):
        yield {
            "resourceType": "Communication",
            "id": f"message-{m.pk}",
            "status": "completed",
            "subject": _patient_ref(client),
            "sender": {"reference": f"RelatedPerson/supporter-{m.link_id}"},
            "sent": m.created_at.isoformat(),
            "payload": [{"contentString": m.message}],
        }


def _audit(client: Client) -> Iterator[dict[str, Any]]:
    from reconnect.access.models import AccessEvent, EmergencyAccess
    from reconnect.consent.models import Disclosure

    rest = {"system": "http://terminology.hl7.org/CodeSystem/audit-event-type", "code": "rest"}
    source = {"observer": {"display": "Reconnect"}}
    for e in AccessEvent.objects.about(client.pk).exclude(actor_id=client.user_id).iterator():
        yield {
            "resourceType": "AuditEvent",
            "id": f"access-{e.pk}",
            "type": rest,
            "recorded": e.at.isoformat(),
            "outcome": "0" if e.outcome == "allowed" else "4",
            "purposeOfEvent": [{"text": e.purpose}] if e.purpose else [],
            "agent": [{"who": {"display": f"{e.actor_name} ({e.actor_role})"}, "requestor": True}],
            "source": source,
            "entity": [
                {
                    "what": _patient_ref(client),
                    "description": f"{e.get_action_display()} {e.get_category_display()}",
                }
            ],
        }
    for d in Disclosure.objects.filter(client=client):
        yield {
            "resourceType": "AuditEvent",
            "id": f"disclosure-{d.pk}",
            "type": {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110106"},
            "recorded": d.at.isoformat(),
            "purposeOfEvent": [{"text": d.purpose}],
            "agent": [{"who": {"display": d.recipient_name}, "requestor": True}],
            "source": source,
            "entity": [
                {
                    "what": {"reference": f"Consent/consent-{d.consent_id}"}
                    if d.consent_id
                    else _patient_ref(client),
                    "description": d.description,
                }
            ],
        }
    for a in EmergencyAccess.objects.filter(client=client):
        yield {
            "resourceType": "AuditEvent",
            "id": f"emergency-{a.pk}",
            "type": rest,
            "recorded": a.started_at.isoformat(),
            "purposeOfEvent": [
                {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
                            "code": "ETREAT",
                        }
                    ],
                    "text": a.nature_of_emergency,
                }
            ],
            "agent": [
                {"who": {"display": f"{a.clinician_name}, {a.affiliation}"}, "requestor": True}
            ],
            "source": source,
            "entity": [{"what": _patient_ref(client), "description": "emergency access"}],
        }


def resources(client: Client) -> Iterator[dict[str, Any]]:
    """Every resource of the export, Patient first."""
    yield patient(client)
    for part in (
        _people,
        _checkins,
        _circle,
        _reminders,
        _safety,
        _measures,
        _sessions,
        _consents,
        _audit,
    ):
        yield from part(client)


def fhir_bundle(client: Client) -> dict[str, Any]:
    """The whole record as one FHIR R4 collection Bundle."""
    from reconnect.measures.fhir import bundle

    result = bundle(resources(client), bundle_id=f"export-{client.pk}")
    result["timestamp"] = timezone.now().isoformat()
    result["meta"] = {
        "tag": [{"system": f"{EXT}/export-schema", "code": SCHEMA_VERSION}],
    }
    return result
