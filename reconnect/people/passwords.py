"""Password rules beyond Django's: allow long passphrases, but not unbounded input (ASVS 6.2.9)."""

from django.core.exceptions import ValidationError

MAX_PASSWORD_LENGTH = 128


class MaximumLengthValidator:
    """Passwords of up to 128 characters are accepted; no composition rules are imposed."""

    def validate(self, password: str, user: object = None) -> None:
        if len(password) > MAX_PASSWORD_LENGTH:
            raise ValidationError(
                f"Please use at most {MAX_PASSWORD_LENGTH} characters.", code="password_too_long"
            )

    def get_help_text(self) -> str:
        return f"Long passphrases are welcome, up to {MAX_PASSWORD_LENGTH} characters."
