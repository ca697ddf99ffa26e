from scoring.standings import compute_standings
from tests.support import ADULT, ALL_MET, CHILD, EIGHT_MET, NINE_MET, make_household


def test_smoke(phase1, tdp, other_tdp, django_assert_num_queries):
    make_household(tdp, "001", [(ADULT, ALL_MET), (ADULT, NINE_MET), (CHILD, None)], phase1)
    make_household(tdp, "002", [(ADULT, EIGHT_MET)], phase1)
    make_household(other_tdp, "003", [(ADULT, ALL_MET)], phase1)
    make_household(other_tdp, "004", [(CHILD, None)], phase1)
    with django_assert_num_queries(3):
        s = compute_standings(phase1)
    doc = s.as_json(households=True)
    top = doc["tdps"][0]
    assert top["code"] == "9" and top["ratio_percent"] == "100.00" and top["award"]
    t8 = doc["tdps"][1]
    assert t8["code"] == "8" and t8["ratio_percent"] == "50.00" and t8["rank"] == 2
    assert t8["residents"] == 4 and t8["eligible_residents"] == 3 and t8["digital_citizens"] == 2
    assert doc["award_tdps"] == ["9"]
    assert doc["tdps"][2]["rank"] is None
    assert doc["award_threshold_percent"] == "85"
