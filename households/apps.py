from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = "Dân cư"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from households.sessions import mark_login

        # The idle-timeout clock starts at log-in (households/sessions.py).
        user_logged_in.connect(mark_login, dispatch_uid="dongtam-session-idle")
