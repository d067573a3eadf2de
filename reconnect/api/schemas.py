"""API schemas shared by routers."""

from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    detail: str


class FieldError(Schema):
    field: str
    message: str


class ValidationErrorOut(Schema):
    detail: str
    errors: list[FieldError]


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    role: str | None
    client_id: int | None


class CareTeamMemberOut(Schema):
    id: int
    display_name: str


class ClientOut(Schema):
    id: int
    display_name: str
    pronouns: str
    care_team: list[CareTeamMemberOut]
