"""Departments, teams and offices: keys, score terms, reasons, scopes, and a 2,000-person company."""
import itertools

import pytest

from bench.company import company, profiles
from matching import (
    MatchIndex, MatchingError, Profile, Weights, plan_rounds, same_unit_pairs, scope_weights, score_pair,
    team_key, unit_key, unit_labels,
)


@pytest.mark.parametrize("a, b", [
    ("Eng", "Engineering"), ("Engineering", "engineering dept"), ("Engineering Department", "Dept. of Engineering"),
    ("HR", "Human Resources"), ("Fin", "Finance team"), ("Lisboa", "Lisbon office"), ("NYC", "New York"),
    ("Ops", "Operations"),
])
def test_spellings_of_one_unit_share_a_key(a, b):
    assert unit_key(a) == unit_key(b) != ""


@pytest.mark.parametrize("a, b", [("Finance", "Product"), ("Engineering", "Marketing"), ("Lisbon", "Berlin"),
                                  ("Sales", "Security")])
def test_different_units_differ(a, b):
    assert unit_key(a) != unit_key(b)


@pytest.mark.parametrize("blank", [None, "", "   ", "-"])
def test_blank_units_have_no_key(blank):
    assert unit_key(blank) == ""


def test_a_team_is_only_the_same_team_inside_one_department():
    assert team_key("Eng", "Platform team") == team_key("Engineering", "platform")
    assert team_key("Engineering", "Platform") != team_key("Sales", "Platform")
    assert team_key("Engineering", "") == ""


def test_labels_are_the_most_written_spelling():
    assert unit_labels(["Engineering", "Eng", "Engineering", "Finance"]) == {
        "engineering": "Engineering", "finance": "Finance"}


def test_unit_weights_are_keyword_only_and_checked():
    with pytest.raises(TypeError):
        Weights(1.0, 3.0, 0.5, 0.25, 0.5, 1.0)
    assert Weights(cross_department=2.0).cross_department == 2.0


@pytest.mark.parametrize("bad", [{"cross_department": -1}, {"cross_office": -0.5}, {"same_department": 1.5},
                                 {"same_team": -0.1}])
def test_bad_unit_weights_are_refused(bad):
    with pytest.raises(MatchingError):
        Weights(**bad)


def test_unknown_scope_is_refused():
    with pytest.raises(MatchingError, match="networking scope"):
        scope_weights("everyone", Weights())


def _pair(**extra):
    a = Profile(1, ["Payments", "rust"], ["hiring"], "Acme", None, "Finance", "Ledger", "Lisbon")
    b = Profile(2, ["payments", "Golang"], ["job_seeking"], "Acme", None, "Product", "Growth", "Berlin")
    return a, b


def test_open_scope_ignores_units_entirely():
    a, b = _pair()
    plain_a = Profile(1, a.interests, a.goals, a.organization)
    plain_b = Profile(2, b.interests, b.goals, b.organization)
    with_units = score_pair(a, b, weights=scope_weights("open", Weights()))
    assert with_units == score_pair(plain_a, plain_b)


def test_cross_department_reasons_speak_in_peoples_words():
    a, b = _pair()
    match = score_pair(a, b, weights=scope_weights("cross_department", Weights()))
    texts = [r.text for r in match.reasons]
    assert "You are in Finance, they are in Product: a cross-functional contact." in texts
    assert "You work in Lisbon, they work in Berlin." in texts
    assert not any(r.kind == "same_organization" for r in match.reasons)  # everyone is a colleague here
    plain = score_pair(a, b, weights=Weights(same_organization=1.0))
    assert match.score == pytest.approx(plain.score + 1.0 + 0.5)


def test_one_team_scores_zero_and_one_department_is_damped():
    w = scope_weights("cross_department", Weights())
    a = Profile(1, ["payments"], (), None, None, "Finance", "Ledger")
    teammate = Profile(2, ["payments"], (), None, None, "Fin", "ledger team")
    same_department = Profile(3, ["payments"], (), None, None, "Finance", "Tax")
    assert score_pair(a, teammate, weights=w).score == 0
    damped = score_pair(a, same_department, weights=w)
    assert damped.score == pytest.approx(0.2)
    assert "You are both in Finance." in [r.text for r in damped.reasons]


def test_unit_terms_need_common_ground():
    w = scope_weights("cross_department", Weights())
    a = Profile(1, ["payments"], (), None, None, "Finance", None, "Lisbon")
    b = Profile(2, ["chess"], (), None, None, "Product", None, "Berlin")
    assert score_pair(a, b, weights=w).score == 0


@pytest.fixture(scope="module")
def people():
    return profiles(company(2000))


@pytest.fixture(scope="module")
def cross_index(people):
    return MatchIndex(people, weights=scope_weights("cross_department", Weights()))


def test_index_scores_equal_pair_scores_with_units(people, cross_index):
    for a, b in itertools.islice(itertools.combinations(people[:60], 2), 0, None, 7):
        assert cross_index.score(a.id, b.id).score == pytest.approx(
            score_pair(a, b, weights=cross_index.weights, vocabulary=cross_index.vocabulary,
                       idf={t: cross_index.idf(t) for t in range(len(cross_index.vocabulary))}).score)


def test_company_cross_department_suggestions(people, cross_index):
    """2,000 people, 20 departments, 200 teams: no teammate is ever suggested, >= 90% of top-10
    suggestions cross departments, and each one still rests on common ground."""
    by_id = {p.id: p for p in people}
    crossed = total = 0
    for p in people:
        matches = cross_index.suggest(p.id, 10)
        assert [m.rank_score for m in matches] == sorted((m.rank_score for m in matches), reverse=True)
        for m in matches:
            q = by_id[m.profile_id]
            assert team_key(p.department, p.team) != team_key(q.department, q.team)
            assert {"shared_interest", "complementary_goal"} & {r.kind for r in m.reasons}
            crossed += unit_key(p.department) != unit_key(q.department)
            total += 1
    assert total >= 19_000
    assert crossed / total >= 0.9


def test_company_open_scope_is_unchanged_and_stays_inside_departments(people):
    """The same company matched in `open` mode: the unit fields change nothing."""
    plain = [Profile(p.id, p.interests, p.goals, p.organization) for p in people]
    with_units, without = MatchIndex(people), MatchIndex(plain)
    by_id = {p.id: p for p in people}
    crossed = total = 0
    for p in people[::97]:
        found = with_units.suggest(p.id, 10)
        assert found == without.suggest(p.id, 10)
        crossed += sum(unit_key(by_id[m.profile_id].department) != unit_key(p.department) for m in found)
        total += len(found)
    assert crossed / total < 0.2  # what cross_department mode is for


def test_company_seating_keeps_teams_apart_and_mixes_departments(people):
    weights = scope_weights("cross_department", Weights())
    team = same_unit_pairs(people, unit="team")
    assert len(team) == 200 * 45
    mixed = team | same_unit_pairs(people, unit="department")
    by_id = {p.id: p for p in people}
    for blocked, size in ((team, 2), (mixed, 3)):
        plan = plan_rounds(people, 2, blocked=blocked, weights=weights, group_size=size)
        for groups in plan:
            assert sorted(x for g in groups for x in g) == sorted(by_id)
            for g in groups:
                assert len({team_key(by_id[x].department, by_id[x].team) for x in g}) == len(g)
                if size == 3:
                    assert 2 <= len(g) <= 4
                    assert len({unit_key(by_id[x].department) for x in g}) == len(g)


def test_cross_company_ranks_other_organizations_first():
    me = Profile(1, ["a1", "a2", "a3", "a4", "a5"], (), "Acme")
    colleague = Profile(2, ["a1", "a2", "a3", "a4", "a5"], (), "ACME Inc.")
    outsider = Profile(3, ["a1"], (), "Globex")
    people = [me, colleague, outsider]
    assert [m.profile_id for m in MatchIndex(people).suggest(1, 2)] == [2, 3]
    cross = MatchIndex(people, weights=scope_weights("cross_company", Weights()))
    assert [m.profile_id for m in cross.suggest(1, 2)] == [3, 2]
