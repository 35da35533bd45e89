import pytest
from hypothesis import given, settings, strategies as st

from matching import (
    ComplementaryGoal, CrossIndustry, InterestVocabulary, MatchingError, Profile, SameOrganization, SharedInterest,
    UnknownIntentError, Weights, score_pair,
)
from tests.matching.conftest import GOALS, TOPICS

founder = Profile("ana", ["ML", "Quantum error-correction"], ["raising_funds"], "Qubitly", "deeptech")
investor = Profile("bo", ["machine learning"], ["investing"], "Seed Fund", "finance")


def test_investor_and_founder_reasons():
    m = score_pair(founder, investor)
    assert m.profile_id == "bo"
    goal = next(r for r in m.reasons if isinstance(r, ComplementaryGoal))
    assert (goal.offered_by, goal.offered_to) == ("bo", "ana")
    assert goal.they_offer == "funding" and goal.your_goal == "raising_funds"
    assert "They are investing; you are raising funds" in goal.text
    shared = next(r for r in m.reasons if isinstance(r, SharedInterest))
    assert shared.yours == ("ML",) and shared.theirs == ("machine learning",)
    assert '"ML"' in shared.text and '"machine learning"' in shared.text
    assert any(isinstance(r, CrossIndustry) for r in m.reasons)
    assert m.icebreaker.startswith("They are investing and you are raising funds")
    assert m.score == pytest.approx(1.0 + 3.0 + 0.5)
    d = m.to_dict()
    assert d["reasons"][0]["kind"] == "complementary_goal" and d["reasons"][0]["text"]


def test_complement_without_shared_interest_still_scores():
    a = Profile(1, [], ["hiring"])
    b = Profile(2, ["gardening"], ["job_seeking"])
    assert score_pair(a, b).score == 3.0


def test_same_organization_penalty_and_no_ground():
    a = Profile(1, ["rust"], [], "ACME Inc.", "x")
    b = Profile(2, ["Rust"], [], "acme", "y")
    m = score_pair(a, b)
    assert m.score == pytest.approx((1.0 + 0.5) * 0.25)
    assert any(isinstance(r, SameOrganization) for r in m.reasons)
    c = Profile(3, ["golf"], [], "z", "other")
    assert score_pair(a, c).score == 0.0
    assert score_pair(a, c).icebreaker.startswith("Say hello")


def test_idf_makes_rare_interests_count_more():
    a = Profile(1, ["networking", "quantum error correction"], [])
    b = Profile(2, ["networking"], [])
    c = Profile(3, ["quantum error correction"], [])
    vocab = InterestVocabulary()
    idf = {vocab.tag_for("networking"): 1.1, vocab.tag_for("quantum error correction"): 9.0}
    assert score_pair(a, c, vocabulary=vocab, idf=idf).score == 9.0
    assert score_pair(a, b, vocabulary=vocab, idf=idf).score == 1.1


def test_weights_validation_and_bad_profiles():
    assert score_pair(founder, investor, weights=Weights(goal=0)).score == pytest.approx(1.5)
    with pytest.raises(MatchingError):
        Weights(same_organization=2)
    with pytest.raises(MatchingError):
        Profile(None, [], [])
    with pytest.raises(MatchingError):
        Profile(1, "ml", [])
    with pytest.raises(UnknownIntentError):
        score_pair(Profile(1, [], ["conquer"]), investor)


profiles = st.builds(
    Profile, st.integers(0, 50),
    st.lists(st.sampled_from(TOPICS + ["ML", "Machine-Learning", "k8s", "Data Science!"]), max_size=4),
    st.lists(st.sampled_from(GOALS), max_size=3),
    st.sampled_from([None, "acme", "ACME Inc", "beta"]), st.sampled_from([None, "x", "y"]),
)


@settings(max_examples=120, deadline=None)
@given(profiles, profiles)
def test_score_is_symmetric_and_nonnegative(a, b):
    ab, ba = score_pair(a, b), score_pair(b, a)
    assert ab.score == ba.score >= 0
