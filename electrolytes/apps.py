from django.apps import AppConfig


class ElectrolytesConfig(AppConfig):
    name = "electrolytes"
    verbose_name = "Electrolyte knowledge base"
    default_auto_field = "django.db.models.BigAutoField"
