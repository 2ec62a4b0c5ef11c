from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inspections"

    def ready(self):
        from . import history, league_tallies

        history.register_models()
        history.connect()
        league_tallies.connect()
