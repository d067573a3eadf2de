import datetime

from django.db import migrations, models
from django.utils import timezone


def expire_existing_tokens(apps, schema_editor):
    """Tokens made before expiry existed end in 30 days (the staff maximum), from today."""
    ApiToken = apps.get_model("people", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=timezone.now() + datetime.timedelta(days=30)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_care_team_notice"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("by_holder", "revoked"),
                    ("password_changed", "ended when the password changed"),
                    ("account_disabled", "ended when the account was disabled"),
                ],
                default="",
                max_length=20,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(expire_existing_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
    ]
