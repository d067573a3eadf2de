"""What the people app tells the apps above it, without knowing them."""

from django.dispatch import Signal

# Sent after a saved password change (the form, a reset link, an operator's command), with
# `user`: the accounts app ends that person's API tokens and remembered browsers.
password_changed = Signal()
