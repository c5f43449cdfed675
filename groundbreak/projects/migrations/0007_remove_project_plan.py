from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0006_annual_plans_from_projects"),
    ]

    operations = [
        migrations.RemoveField(model_name="historicalproject", name="annual_plan"),
        migrations.RemoveField(model_name="historicalproject", name="plan_year"),
        migrations.RemoveField(model_name="project", name="annual_plan"),
        migrations.RemoveField(model_name="project", name="plan_year"),
    ]
