"""Reconnect's settings with a quick password hasher, for child processes that seed data nobody
signs in with (Argon2 stays the production hasher and is tested in reconnect/people)."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
