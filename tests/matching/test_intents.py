import pytest

from matching import INTENTS, Intent, MatchingError, UnknownIntentError, make_catalogue


def test_default_complements_are_symmetric():
    for intent in INTENTS:
        for other in intent.complements:
            assert intent.key in INTENTS.complements(other)
    assert INTENTS.complementary("raising_funds", "investing")
    assert INTENTS.complementary("Investing", "raising funds")
    assert INTENTS.complementary("finding_cofounder", "finding_cofounder")
    assert not INTENTS.complementary("investing", "investing")
    assert INTENTS["hiring"].complements == ("job_seeking",)


def test_custom_catalogue_closes_relation_and_validates():
    cat = make_catalogue([("speaking", "Speaking", ("organizing",)), ("organizing", "Organizing")])
    assert cat.complements("organizing") == ("speaking",)
    extended = make_catalogue([Intent("press", "Press", ("investing",))], base=INTENTS)
    assert "press" in extended.complements("investing") and "press" not in INTENTS
    with pytest.raises(MatchingError):
        make_catalogue([("a", "A", ("nope",))])
    with pytest.raises(MatchingError):
        make_catalogue([("a", "A"), ("a", "A again")])


def test_unknown_goal():
    with pytest.raises(UnknownIntentError):
        INTENTS["world_domination"]
    assert "world_domination" not in INTENTS
    assert "" not in INTENTS
