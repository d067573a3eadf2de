"""End every active consent that named only counselling notes.

A client-signed consent can no longer disclose counselling notes, so such a consent would share
nothing while still showing as active. Consents naming other categories too stay; the gate reads
only their shareable categories.
"""

from django.db import migrations
from django.utils import timezone

REASON = "counselling notes cannot be shared by consent"
COUNSELLING_NOTES = "counselling_notes"


def end_counselling_only(apps, schema_editor):  # noqa: ANN001, ARG001
    grant_model = apps.get_model("consent", "ConsentGrant")
    revocation_model = apps.get_model("consent", "ConsentRevocation")
    now = timezone.now()
    for grant in grant_model.objects.filter(revocation__isnull=True, expires_at__gt=now):
        if set(grant.categories) <= {COUNSELLING_NOTES}:
            revocation_model.objects.create(grant=grant, revoked_at=now, reason=REASON)


class Migration(migrations.Migration):
    dependencies = [("consent", "0001_initial")]

    operations = [migrations.RunPython(end_counselling_only, migrations.RunPython.noop)]
