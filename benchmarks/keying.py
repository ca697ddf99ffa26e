#!/usr/bin/env python
"""Keying in one paper household in a real browser: taps, keystrokes, page loads, seconds.

Builds a demo ward (`manage.py seed_demo`) in a fresh SQLite file, opens steps 1–3 of phase 1
today, starts the app (`runserver --noreload`) and drives Debian's /usr/bin/chromium through
Playwright at 360 × 740 px, signed in as the TDP 8 team (`tocds8`). From the TDP's household
list it keys in what a person with the paper forms in hand does for a NEW household of three
adults: add the household, add the three members (name, birth date, sex), tick their
self-assessments (the first meets all ten criteria, the second the same as the first, the
third nine of ten) and "Lưu, sang hộ tiếp". It uses whatever the entry screens offer: on the
screens of before issue 9 it types the household code (looked up, as a person guesses it),
dates with slashes, one page per member and one tick per criterion; with the issue-9 screens
it takes the proposed code, types dates as 8 digits, adds members inline and uses "Đạt cả 10
tiêu chí" / "Như người trên".

Model of a person (the brief's): 0.25 s per tap, 0.15 s per keystroke (a character typed,
or Tab / Enter), plus the measured time the browser waits for the server and renders (page
loads and inline saves, wall clock). Printed: taps (and taps beyond the names and dates:
every tap except the one that focuses a name or date field), keystrokes, page loads, the
measured page time and the modelled total. Nothing is asserted; the household is checked in
the database at the end (3 members, 3 forms with 100, 100, 90 points).

    .venv/bin/python benchmarks/keying.py [--households 40] [--port 8765] [--headed]
"""

from __future__ import annotations

import argparse
import datetime
import os
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
CHROMIUM = "/usr/bin/chromium"
TAP_S = 0.25
KEY_S = 0.15
MEMBERS = [
    ("Nguyễn Văn Thành", "15031978", "M", "all"),
    ("Trần Thị Hương", "02091981", "F", "same"),
    ("Nguyễn Minh Quân", "21112001", "M", "nine"),
]


@dataclass
class Tally:
    taps: int = 0
    field_taps: int = 0  # taps that only focus a name or date field
    keys: int = 0
    loads: int = 0
    inline_saves: int = 0
    page_s: float = 0.0

    @property
    def person_s(self) -> float:
        return self.taps * TAP_S + self.keys * KEY_S

    @property
    def total_s(self) -> float:
        return self.person_s + self.page_s


class Person:
    """Acts on the page and counts what a person would do."""

    def __init__(self, page, tally: Tally):
        self.page, self.t = page, tally

    def tap(self, selector: str, *, field: bool = False, navigates: bool = False):
        self.t.taps += 1
        self.t.field_taps += field
        if navigates:
            start = time.perf_counter()
            with self.page.expect_navigation(wait_until="load"):
                self.page.click(selector)
            self.t.page_s += time.perf_counter() - start
            self.t.loads += 1
        else:
            self.page.click(selector)

    def type(self, text: str):
        self.t.keys += len(text)
        self.page.keyboard.type(text, delay=0)

    def wait_inline(self, predicate: str, start: float):
        self.page.wait_for_function(predicate)
        self.t.page_s += time.perf_counter() - start
        self.t.inline_saves += 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )


OPEN_WINDOWS = """
import datetime
from django.utils import timezone
from scoring.models import Phase
today = timezone.localdate()
day = datetime.timedelta(days=1)
p1 = Phase.objects.get(number=1)
for s in (1, 2, 3):
    setattr(p1, f"step{s}_opens", today - day)
    setattr(p1, f"step{s}_closes", today + 3 * day)
p1.step4_opens = today + 4 * day
p1.save()
later = today + 30 * day
p2 = Phase.objects.get(number=2)
for s in (1, 2, 3):
    setattr(p2, f"step{s}_opens", later)
    setattr(p2, f"step{s}_closes", later)
p2.step4_opens = later + day
p2.save()
from households.models import Household, ResidentialGroup
import re
tdp = ResidentialGroup.objects.get(code="8")
nums = [int(m.group(1)) for c in Household.objects.filter(tdp=tdp).values_list("code", flat=True)
        if (m := re.search(r"(\\d+)$", c))]
print(f"08-{max(nums) + 1:03d}")
"""

CHECK = """
from households.models import Household
from scoring.models import Assessment
h = Household.objects.get(code="{code}")
rs = list(h.residents.order_by("id"))
scores = [a.score for r in rs for a in Assessment.objects.filter(resident=r, stage=1)]
print(len(rs), scores, h.head.full_name if h.head else None)
"""


def build(env, households: int) -> str:
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "loaddata", "dongtam", "--verbosity", "0")
    manage(env, "seed_demo", "--households", str(households), capture=True)
    out = manage(env, "shell", "-c", OPEN_WINDOWS, capture=True).stdout
    return out.strip().splitlines()[-1]


def key_in(page, base: str, next_code: str) -> Tally:
    tally = Tally()
    me = Person(page, tally)
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "tocds8")
    page.fill("#id_password", "demo-tocds8")
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.goto(f"{base}/nhap-lieu/")  # the team's one TDP: its household list
    page.wait_for_load_state("load")

    # 1. "+ Thêm hộ", the code (proposed, or typed), submit.
    me.tap("a:has-text('Thêm hộ')", navigates=True)
    code = page.input_value("#id_code")
    if not code:
        me.tap("#id_code", field=True)
        me.type(next_code)
        code = next_code
    me.tap("button[name=save]", navigates=True)

    # 2. The three members.
    inline = page.locator("#member-add").count() > 0
    for i, (name, digits, sex, _) in enumerate(MEMBERS):
        if inline:
            if i == 0 and not page.evaluate("document.activeElement?.id === 'id_full_name'"):
                me.tap("#id_full_name", field=True)
            me.type(name)
            me.tap("#id_birth_date", field=True)
            me.type(digits)
            me.tap(f"#member-add label[for=id_sex_{'0' if sex == 'M' else '1'}]")
            n_before = page.locator(".member-card").count()
            start = time.perf_counter()
            me.tap("#member-add button[type=submit]")
            me.wait_inline(
                f"document.querySelectorAll('.member-card').length > {n_before}"
                " && document.activeElement?.id === 'id_full_name'",
                start,
            )
        else:
            me.tap("#id_full_name", field=True)
            me.type(name)
            me.tap("#id_birth_date", field=True)
            me.type(f"{digits[:2]}/{digits[2:4]}/{digits[4:]}")  # 8 digits were refused
            me.tap("#id_sex")  # open the select …
            tally.taps += 1  # … and pick the option
            page.select_option("#id_sex", sex)
            last = i == len(MEMBERS) - 1
            me.tap("button[name=save]" if last else "button[name=add_another]", navigates=True)

    # 3. The forms: all ten, the same as above, nine of ten.
    cards = page.locator(".member-card[data-eligible]")
    assert cards.count() == 3, cards.count()
    has_all = page.locator("[data-all-met]").count() > 0
    for i, (_, _, _, how) in enumerate(MEMBERS):
        card = f".member-card[data-eligible] >> nth={i}"
        if has_all and how == "same":
            me.tap(f"{card} >> [data-same-as-above]")
        elif has_all:
            me.tap(f"{card} >> [data-all-met]")
            if how == "nine":
                me.tap(f"{card} >> .criterion-row >> nth=9")
        else:
            for n in range(9 if how == "nine" else 10):
                me.tap(f"{card} >> .criterion-row >> nth={n}")
    me.tap("button[name=save_next]", navigates=True)
    tally.code = code
    tally.landed = page.locator("h1").inner_text()
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=40, help="per TDP (seed_demo)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--headed", action="store_true")
    parser.add_argument("--label", default="", help="printed in the heading (before/after)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-keying-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "dongtam.settings",
        "DEBUG": "1",
        "MEDIA_ROOT": str(workdir / "media"),
    }
    start = time.perf_counter()
    next_code = build(env, args.households)
    built = time.perf_counter() - start
    port = args.port or free_port()
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, headless=not args.headed, args=["--no-sandbox"]
            )
            context = browser.new_context(
                viewport={"width": 360, "height": 740},
                locale="vi-VN",
                timezone_id="Asia/Ho_Chi_Minh",
                has_touch=True,
            )
            context.set_default_timeout(20_000)
            tally = key_in(context.new_page(), base, next_code)
            browser.close()
        check = manage(env, "shell", "-c", CHECK.format(code=tally.code), capture=True)
    finally:
        server.terminate()
        server.wait(timeout=10)

    beyond = tally.taps - tally.field_taps
    today = datetime.date.today().strftime("%d/%m/%Y")
    load = os.getloadavg()[0]
    heading = f"#### keying.py {args.label} — {today}"
    print(f"{heading} (load {load:.1f}, demo ward built {built:.0f} s)")
    print()
    print("```")
    print(f"household                   {tally.code} (3 adults: 10, same as above, 9 criteria)")
    print(f"taps                        {tally.taps} ({beyond} beyond names and dates)")
    print(f"keystrokes                  {tally.keys}")
    print(f"page loads                  {tally.loads} (+ {tally.inline_saves} inline saves)")
    print(f"page time (measured)        {tally.page_s:.1f} s")
    print(
        f"person time (model)         {tally.person_s:.1f} s "
        f"({tally.taps} × {TAP_S} s + {tally.keys} × {KEY_S} s)"
    )
    print(f"scripted-user total         {tally.total_s:.1f} s")
    print(f"landed on                   {tally.landed}")
    print(f"stored (members, scores, head)  {check.stdout.strip().splitlines()[-1]}")
    print("```")


if __name__ == "__main__":
    main()
