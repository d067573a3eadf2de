"""Contact details: how a client may be reached, and the safe-contact choices they made."""
