"""Loads fixtures/dongtam.json (ward, 16 TDPs, campaign 2022 and its phases) once.

Run by bin/run after `migrate`. Only when the ward is missing: loading the fixture again
would overwrite what the office has edited since (step windows, thresholds, officers)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dongtam.settings")


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from households.models import Ward

    if Ward.objects.exists():
        print("Ward data already loaded (fixture dongtam not reloaded).")
        return
    call_command("loaddata", "dongtam")


if __name__ == "__main__":
    main()
