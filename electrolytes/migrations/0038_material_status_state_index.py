from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("electrolytes", "0037_material_chemsys_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="material",
            index=models.Index(fields=["status", "physical_state"], name="material_status_state"),
        ),
    ]
