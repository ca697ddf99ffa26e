from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = "Chấm điểm công dân số"

    def ready(self):
        from scoring import cache

        cache.connect()  # every write to the figures bumps its TDP's version
