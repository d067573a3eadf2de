"""An uploaded transcript's file name can carry a person's name: analyses already purged,
cancelled, or of a client who withdrew consent lose it, as the purge and withdrawal now do."""

from django.db import migrations
from django.db.models import Exists, OuterRef, Q


def clear_names(apps, schema_editor):  # noqa: ANN001, ARG001
    analysis_model = apps.get_model("relational", "Analysis")
    consent_model = apps.get_model("relational", "AnalysisConsent")
    consenting = consent_model.objects.filter(client_id=OuterRef("client_id"), revoked_at=None)
    analysis_model.objects.exclude(name="").filter(
        Q(purged_at__isnull=False) | Q(status="cancelled") | ~Exists(consenting)
    ).update(name="")


class Migration(migrations.Migration):
    dependencies = [
        ("relational", "0002_analysis_moments_encrypted"),
    ]

    operations = [
        migrations.RunPython(clear_names, migrations.RunPython.noop),
    ]
