"""The client's consents (Consent: 42 CFR Part 2 and session analysis) and the disclosures made
under them (AuditEvent, the disclosure ledger)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reconnect.consent.models import ConsentGrant, Disclosure
from reconnect.people.models import Client
from reconnect.records.export.fhir import AUDIT_SOURCE, EXT, patient_ref
from reconnect.relational.models import AnalysisConsent

PRIVACY_CONSENT = {
    "scope": {
        "coding": [
            {
                "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                "code": "patient-privacy",
            }
        ]
    },
    "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
}


def consents(client: Client) -> Iterator[dict[str, Any]]:
    base = {**PRIVACY_CONSENT, "patient": patient_ref(client)}
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
            "provision": _provision(g),
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


def _provision(g: ConsentGrant) -> dict[str, Any]:
    return {
        "type": "permit",
        "period": {"start": g.signed_at.isoformat(), "end": g.expires_at.isoformat()},
        "actor": [{"role": {"text": "recipient"}, "reference": {"display": g.recipient_name}}],
        "purpose": [
            {"system": f"{EXT}/CodeSystem/purpose", "code": "free-text", "display": g.purpose}
        ],
        "class": [{"system": f"{EXT}/CodeSystem/shared-category", "code": k} for k in g.categories],
    }


def disclosures(client: Client) -> Iterator[dict[str, Any]]:
    for d in Disclosure.objects.filter(client=client):
        yield {
            "resourceType": "AuditEvent",
            "id": f"disclosure-{d.pk}",
            "type": {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110106"},
            "recorded": d.at.isoformat(),
            "purposeOfEvent": [{"text": d.purpose}],
            "agent": [{"who": {"display": d.recipient_name}, "requestor": True}],
            "source": AUDIT_SOURCE,
            "entity": [
                {
                    "what": {"reference": f"Consent/consent-{d.consent_id}"}
                    if d.consent_id
                    else patient_ref(client),
                    "description": d.description,
                }
            ],
        }
