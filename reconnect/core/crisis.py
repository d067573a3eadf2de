"""US crisis resources (clinical-reference §4; re-verify every quarter).

The SAMHSA National Helpline is treatment referral and information, never a crisis line.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Resource:
    name: str
    how: str
    href: str
    what: str


CRISIS_LINES = (
    Resource(
        "988 Suicide & Crisis Lifeline",
        "Call or text 988",
        "tel:988",
        "Free, confidential support 24/7 for suicidal thoughts or a mental-health or "
        "substance-use crisis. Veterans: dial 988 then press 1.",
    ),
    Resource(
        "Crisis Text Line",
        "Text HOME to 741741",
        "sms:741741?&body=HOME",
        "Free text support 24/7 from trained volunteer crisis counsellors.",
    ),
    Resource(
        "Emergency", "Call 911", "tel:911", "If your life or someone else's is in danger now."
    ),
)

TREATMENT_REFERRAL = Resource(
    "SAMHSA National Helpline",
    "Call 1-800-662-4357",
    "tel:18006624357",
    "Free, confidential treatment referral and information, 24/7, in English and Spanish. "
    "It is not a crisis line and does not offer counselling.",
)
