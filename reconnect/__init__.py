"""Reconnect: a care platform for addiction treatment where connection is the medicine."""
