"""Errors a use case raises for bad input, shared by forms, views and the API."""

from __future__ import annotations

from typing import Any


class InvalidInput(ValueError):
    """Input that cannot be accepted; names the field and says kindly what would work."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class IdempotencyConflict(ValueError):
    """The same request id was used before with different content."""

    def __init__(self) -> None:
        super().__init__(
            "This request id was already used for something different; nothing was saved."
        )


def show_on_form(form: Any, error: InvalidInput) -> None:
    """Put a use case's error on the form field it names (or on the whole form)."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
