from django.db import migrations, models

LANGUAGES = [("es", "Spanish"), ("fr", "French"), ("pt", "Portuguese")]


def _renamed_and_added(model_name):
    operations = [
        migrations.RenameField(model_name, "short_name", "short_name_en"),
        migrations.AlterField(
            model_name, "short_name_en", models.CharField(max_length=100, verbose_name="short name (English)")
        ),
        migrations.RenameField(model_name, "adopted_at", "adopted_at_en"),
        migrations.RenameField(model_name, "depositary", "depositary_en"),
        migrations.AlterField(
            model_name, "adopted_at_en", models.CharField(max_length=200, verbose_name="place of adoption (English)")
        ),
        migrations.AlterField(
            model_name, "depositary_en", models.CharField(max_length=200, verbose_name="depositary (English)")
        ),
    ]
    for code, language in LANGUAGES:
        operations += [
            migrations.AddField(
                model_name,
                f"short_name_{code}",
                models.CharField(blank=True, max_length=100, verbose_name=f"short name ({language})"),
            ),
            migrations.AddField(
                model_name,
                f"adopted_at_{code}",
                models.CharField(blank=True, max_length=200, verbose_name=f"place of adoption ({language})"),
            ),
            migrations.AddField(
                model_name,
                f"depositary_{code}",
                models.CharField(blank=True, max_length=200, verbose_name=f"depositary ({language})"),
            ),
        ]
    return operations


class Migration(migrations.Migration):
    dependencies = [("conventions", "0008_record_version")]

    operations = _renamed_and_added("convention") + _renamed_and_added("historicalconvention")
