"""scoring.glossary names the outcomes of scoring.rules (R2, R3, R7) — one set of words."""

from scoring import glossary, rules


def test_household_status_follows_r3():
    status = glossary.household_status
    assert status(0, 0, 0) == glossary.STATUS_NOT_APPLICABLE  # no eligible member
    assert status(2, 0, 2) == glossary.STATUS_UNSCORED
    assert status(2, 1, 1) == glossary.STATUS_PARTIAL
    assert status(2, 2, 0) == glossary.STATUS_DIGITAL
    assert status(2, 1, 0) == glossary.STATUS_NOT_DIGITAL
    assert set(glossary.HOUSEHOLD_STATUS_TEXT) == {
        glossary.STATUS_NOT_APPLICABLE,
        glossary.STATUS_UNSCORED,
        glossary.STATUS_PARTIAL,
        glossary.STATUS_DIGITAL,
        glossary.STATUS_NOT_DIGITAL,
    }


def test_words_of_citizen_family_and_checklist():
    mark = rules.DIGITAL_CITIZEN_MIN_SCORE
    assert glossary.citizen_text(None) == "Chưa chấm"
    assert glossary.citizen_text(mark) == "Công dân số"
    assert glossary.citizen_text(mark - rules.POINTS_PER_CRITERION) == "Chưa đạt"
    assert glossary.family_text(None) == "Không thuộc diện"
    assert glossary.family_text(True) == "Gia đình công dân số"
    assert glossary.family_text(False) == "Chưa đạt"
    assert [glossary.met_text(v) for v in (None, True, False)] == ["Chưa chấm", "Đạt", "Chưa đạt"]
