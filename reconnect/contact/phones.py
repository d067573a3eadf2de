"""Phone numbers as people write them: US numbers unless written with +country (no Django)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

REGION = "US"
# Numbers a text can reach; a US number is usually "fixed line or mobile" (the plan decides).
TEXTABLE = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})


def parse(raw: str) -> phonenumbers.PhoneNumber | None:
    """The number written in `raw` if it is a valid phone number, else None."""
    try:
        number = phonenumbers.parse(raw, REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def e164(number: phonenumbers.PhoneNumber) -> str:
    """+12025550142: how numbers are stored, dialled and looked up."""
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def readable(number: phonenumbers.PhoneNumber) -> str:
    """(202) 555-0142 for a US number, +44 20 7946 0958 for any other."""
    if phonenumbers.region_code_for_number(number) == REGION:
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def can_text(number: phonenumbers.PhoneNumber) -> bool:
    """Whether a text message can reach this number (not a landline-only or toll-free line)."""
    return phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in TEXTABLE


@dataclass(frozen=True)
class Found:
    """A phone number found inside free text, with where it was written."""

    start: int
    end: int
    written: str
    number: phonenumbers.PhoneNumber


def find_numbers(text: str) -> Iterator[Found]:
    """Every valid phone number written in `text` ("Call after 5pm: 202-555-0117")."""
    for match in phonenumbers.PhoneNumberMatcher(text, REGION):
        yield Found(match.start, match.end, match.raw_string, match.number)
