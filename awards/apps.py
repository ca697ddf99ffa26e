from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "Hồ sơ và khen thưởng"

    def ready(self):
        from scoring.importing.guards import register_browser_guard

        register_browser_guard(step1_window_guard)


def step1_window_guard(user, phase):
    """R12 for browser imports: a TDP team imports self-assessments only while step 1 is
    open for its TDP and its dossier is not locked (the command line is not bound)."""
    from awards.procedure import can_key_in

    verdicts = {}

    def refusal(tdp):
        if tdp.id not in verdicts:
            verdict = can_key_in(user, tdp, phase)
            verdicts[tdp.id] = None if verdict else verdict.reason
        return verdicts[tdp.id]

    return refusal
