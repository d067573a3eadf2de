from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_api_token_expiry_and_revoked_reason"),
    ]

    operations = [
        migrations.RenameField(
            model_name="careteamnotice", old_name="clinician_name", new_name="person_name"
        ),
        migrations.AddField(
            model_name="careteamnotice",
            name="kind",
            field=models.CharField(
                choices=[
                    ("joined", "joined your care team"),
                    ("supervises", "now supervises your care team"),
                ],
                default="joined",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="careteamnotice",
            name="person_role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("client", "Client"),
                    ("clinician", "Clinician"),
                    ("supervisor", "Supervisor"),
                    ("admin", "Program admin"),
                    ("supporter", "Supporter"),
                ],
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="careteamnotice",
            name="person_email",
            field=models.EmailField(blank=True, max_length=254),
        ),
    ]
