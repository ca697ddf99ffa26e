"""Verification codes a person can read aloud and type (issue 10): no 0/O, no 1/I/L, grouped,
case-insensitive on lookup, at least 80 bits of randomness; older codes still resolve."""

import math
import re

import pytest
from django.urls import reverse

from awards.models import (
    CODE_ALPHABET,
    CODE_GROUP_LENGTH,
    CODE_GROUPS,
    canonical_verification_code,
    new_verification_code,
)


def test_codes_avoid_look_alike_characters_and_carry_80_bits():
    assert not set("0O1IL") & set(CODE_ALPHABET)
    assert CODE_GROUPS * CODE_GROUP_LENGTH * math.log2(len(CODE_ALPHABET)) >= 80
    codes = {new_verification_code() for _ in range(500)}
    assert len(codes) == 500
    pattern = re.compile(rf"[{CODE_ALPHABET}]{{6}}-[{CODE_ALPHABET}]{{6}}-[{CODE_ALPHABET}]{{6}}")
    assert all(pattern.fullmatch(code) for code in codes)


def test_a_typed_code_is_read_whatever_its_case_spaces_and_dashes():
    code = "K7QM3X-PA9RTV-W2HJ8N"
    for typed in ("k7qm3x-pa9rtv-w2hj8n", " K7QM3X PA9RTV W2HJ8N ", "k7qm3xpa9rtvw2hj8n"):
        assert canonical_verification_code(typed) == code


def test_older_codes_already_printed_are_kept_as_they_are():
    old = "42mvOFFh8Ano6D4ISplRbA"
    assert canonical_verification_code(old) == old
    assert canonical_verification_code(f" {old}\n") == old


# --- the public page and its lookup ----------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["//evil.example", "/", "http://x/y/z/", "%00", "\x00abc", "<script>", "a" * 5000, "../.."],
)
def test_the_lookup_never_fails_whatever_is_typed(client, db, typed):
    response = client.get(reverse("verify_lookup"), {"ma": typed}, follow=True)
    assert response.status_code in (200, 404)
    for hop, _ in response.redirect_chain:
        assert hop.startswith("/xac-minh/")


def test_a_code_typed_in_lower_case_with_spaces_finds_its_page(client, db):
    response = client.get(reverse("verify_lookup"), {"ma": " k7qm3x pa9rtv w2hj8n "})
    assert response.url == reverse("verify_certificate", args=["K7QM3X-PA9RTV-W2HJ8N"])
    response = client.get("/xac-minh/k7qm3x-pa9rtv-w2hj8n/")
    assert response.url == reverse("verify_certificate", args=["K7QM3X-PA9RTV-W2HJ8N"])


def test_the_public_check_is_rate_limited_per_address(client, db, settings):
    settings.VERIFY_RATE_PER_MINUTE = 3
    url = reverse("verify_certificate", args=["K7QM3X-PA9RTV-W2HJ8N"])
    assert [client.get(url).status_code for _ in range(3)] == [404, 404, 404]
    refused = client.get(reverse("verify_lookup"), {"ma": "K7QM3X-PA9RTV-W2HJ8N"})
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "Quá nhiều lượt kiểm tra" in refused.content.decode()
    other = client.get(url, REMOTE_ADDR="10.0.0.7")  # another address is not held back
    assert other.status_code == 404
