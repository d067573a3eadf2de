"""Quotes leave the plain summary: the moments worth another look move to an encrypted field
(kept only while the transcript is); purged or cancelled analyses keep only their numbers."""

import json

from django.db import migrations

import reconnect.core.crypto


def move_quotes(apps, schema_editor):  # noqa: ANN001, ARG001
    analysis_model = apps.get_model("relational", "Analysis")
    rows = analysis_model.objects.filter(summary__has_key="feedback").only(
        "pk", "summary", "status", "purged_at"
    )
    for row in rows.iterator():
        summary = dict(row.summary)
        moments = summary.pop("feedback", None) or []
        keep = moments and row.status == "done" and row.purged_at is None
        analysis_model.objects.filter(pk=row.pk).update(
            summary=summary, moments=json.dumps(moments) if keep else ""
        )


def put_quotes_back(apps, schema_editor):  # noqa: ANN001, ARG001
    analysis_model = apps.get_model("relational", "Analysis")
    for row in analysis_model.objects.exclude(moments="").only("pk", "summary", "moments"):
        summary = {**row.summary, "feedback": json.loads(row.moments)}
        analysis_model.objects.filter(pk=row.pk).update(summary=summary)


class Migration(migrations.Migration):
    dependencies = [
        ("relational", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="analysis",
            name="moments",
            field=reconnect.core.crypto.EncryptedTextField(blank=True, default=""),
        ),
        migrations.RunPython(move_quotes, put_quotes_back),
    ]
