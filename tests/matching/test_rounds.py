import itertools
import random

import networkx as nx
import pytest
from hypothesis import given, settings, strategies as st

from matching import InfeasibleError, MatchIndex, MatchingError, Profile, plan_rounds, round_weight
from tests.matching.conftest import GOALS, TOPICS, make_profiles


def check_plan(plan, ids, *, met=(), blocked=(), group_sizes=(2, 3)):
    seen = {frozenset(p) for p in met}
    banned = {frozenset(p) for p in blocked}
    for groups in plan:
        seated = sorted(x for g in groups for x in g)
        assert seated == sorted(ids), "everyone seated exactly once"
        assert all(len(g) in group_sizes for g in groups)
        for g in groups:
            for a, b in itertools.combinations(g, 2):
                pair = frozenset((a, b))
                assert pair not in seen, f"{a} and {b} meet twice"
                assert pair not in banned, f"blocked pair {a}, {b} seated"
                seen.add(pair)


def optimum(profiles):
    index = MatchIndex(profiles)
    graph = nx.Graph()
    for a, b in itertools.combinations([p.id for p in profiles], 2):
        s = index.score(a, b).score
        if s > 0:
            graph.add_edge(a, b, weight=s)
    matching = nx.max_weight_matching(graph)
    return index, sum(graph[a][b]["weight"] for a, b in matching)


@pytest.mark.parametrize("n", [4, 9, 12, 20, 31, 40])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_first_round_near_networkx_optimum(n, seed):
    profiles = make_profiles(n, seed=seed)
    index, best = optimum(profiles)
    plan = plan_rounds(profiles, 1)
    check_plan(plan, [p.id for p in profiles])
    got = round_weight(index, plan[0])
    assert got >= 0.99 * best - 1e-9
    if n <= 12 and n % 2 == 0:
        assert got == pytest.approx(best)


def test_rounds_never_repeat_and_respect_met_and_blocked():
    profiles = make_profiles(30, seed=4)
    met = [(0, 1), (2, 3), (4, 5)]
    blocked = [(6, 7), (8, 9), (0, 2)]
    plan = plan_rounds(profiles, 5, met=met, blocked=blocked)
    assert len(plan) == 5
    check_plan(plan, list(range(30)), met=met, blocked=blocked, group_sizes=(2,))


def test_odd_count_gives_one_trio():
    plan = plan_rounds(make_profiles(21, seed=3), 3)
    for groups in plan:
        assert sorted(len(g) for g in groups) == [2] * 9 + [3]
    check_plan(plan, list(range(21)))


@pytest.mark.parametrize(("n", "sizes"), [(9, [3, 3, 3]), (10, [3, 3, 4]), (11, [2, 3, 3, 3]),
                                         (13, [3, 3, 3, 4]), (14, [2, 3, 3, 3, 3]),
                                         (2, [2]), (4, [4]), (5, [2, 3]), (30, [3] * 10)])
def test_groups_of_three(n, sizes):
    # n=10: a second round is impossible (the quartet would need four people from pairwise
    # different first-round groups, and there are only three), so one round there.
    plan = plan_rounds(make_profiles(n, seed=n), 1 if n in (2, 4, 5, 10) else 2, group_size=3)
    for groups in plan:
        assert sorted(len(g) for g in groups) == sorted(sizes)
    check_plan(plan, list(range(n)), group_sizes=(2, 3, 4))


def test_replanning_with_played_pairs():
    profiles = make_profiles(16, seed=5)
    first = plan_rounds(profiles, 2)
    played = [pair for groups in first for g in groups for pair in itertools.combinations(g, 2)]
    present = [p for p in profiles if p.id != 3] + [Profile(99, ["rust"], ["hiring"])]
    rest = plan_rounds(present, 3, met=played)
    check_plan(rest, [p.id for p in present], met=played)


def test_infeasible_constraints_raise():
    two = [Profile("a", [], []), Profile("b", [], [])]
    with pytest.raises(InfeasibleError):
        plan_rounds(two, 1, blocked=[("a", "b")])
    with pytest.raises(InfeasibleError):
        plan_rounds(two, 2)  # the second round would repeat the only pair
    four = [Profile(i, [], []) for i in range(4)]
    with pytest.raises(InfeasibleError):
        plan_rounds(four, 1, blocked=[(0, 1), (0, 2), (0, 3)])
    with pytest.raises(InfeasibleError):
        plan_rounds([Profile(i, [], []) for i in range(10)], 2, group_size=3)
    assert len(plan_rounds(four, 3)) == 3
    with pytest.raises(InfeasibleError):
        plan_rounds(four, 4)
    with pytest.raises(InfeasibleError):
        plan_rounds([Profile(1, [], [])], 1)
    with pytest.raises(MatchingError):
        plan_rounds(four, 1, group_size=5)
    assert plan_rounds([], 2) == [[], []]


def test_deterministic():
    profiles = make_profiles(50, seed=8)
    assert plan_rounds(profiles, 3) == plan_rounds(list(reversed(profiles)), 3)
    assert plan_rounds(profiles, 1)[0] == plan_rounds(profiles, 4)[0]


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 40), st.integers(0, 1000), st.integers(1, 4),
       st.lists(st.tuples(st.integers(0, 39), st.integers(0, 39)), max_size=30))
def test_property_everyone_seated_no_repeats_no_blocked(n, seed, rounds, blocked):
    profiles = make_profiles(n, seed=seed)
    blocked = [(a, b) for a, b in blocked if a < n and b < n and a != b]
    try:
        plan = plan_rounds(profiles, rounds, blocked=blocked)
    except InfeasibleError:
        assert n <= 12  # tight constraints are only plausible for small events
        return
    check_plan(plan, list(range(n)), blocked=blocked)


def test_large_event_path_seats_everyone(monkeypatch):
    import matching.rounds as module

    import matching.candidates as candidates

    monkeypatch.setattr(module, "_BLOCK", 30)
    monkeypatch.setattr(candidates, "EXACT_LIMIT", 50)  # the windowed candidate path too
    profiles = make_profiles(101, seed=11)
    plan = plan_rounds(profiles, 3, blocked=[(0, 1), (5, 9)])
    assert plan_rounds(profiles, 1, blocked=[(0, 1), (5, 9)])[0] == plan[0]
    check_plan(plan, list(range(101)), blocked=[(0, 1), (5, 9)])
    index, best = optimum(profiles)
    assert round_weight(index, plan[0]) >= 0.85 * best


def test_windowed_candidates_are_real_partners(monkeypatch):
    import matching.candidates as candidates

    monkeypatch.setattr(candidates, "EXACT_LIMIT", 10)
    profiles = make_profiles(150, seed=12)
    index = MatchIndex(profiles)
    nbr, w = candidates.candidate_graph(index, 6, cap=12)
    assert (nbr >= 0).sum() > 0.9 * nbr.size
    for i in range(0, 150, 7):
        for j, weight in zip(nbr[i], w[i]):
            if j >= 0:
                assert j != i and 0 < weight <= index.score(i, int(j)).score + 1e-9


def _engaged(n, seed):
    # Everyone lists at least one interest and one goal (the events the 0.99 target is about).
    rng = random.Random(seed)
    return [Profile(i, rng.sample(TOPICS, rng.randint(1, 4)), rng.sample(GOALS, rng.randint(1, 2)),
                    organization=f"org{rng.randrange(6)}", industry=f"ind{rng.randrange(4)}")
            for i in range(n)]


@pytest.mark.parametrize(("n", "seed", "build"), [
    (50, 1, _engaged), (120, 2, _engaged), (160, 3, _engaged),
    (50, 50, make_profiles),  # main (e8c019d) reached 0.979 in round 1 here
    # many people share nothing with anyone: later rounds reached 0.980-0.987 before everyone
    # was seated by the integer programme
    (120, 2, make_profiles), (200, 3, make_profiles),
    # From 300 people (0.974-0.994 on assignment + swaps before the programme on positive pairs and the
    # rotations of three pairs) the bench checks every round (`python -m bench.matching_rounds
    # --every-round`, 250-500 people): networkx's reference costs 5-25 s of CPU per case there.
])
def test_every_round_near_the_optimum_of_allowed_pairs(n, seed, build):
    profiles = build(n, seed=seed)
    index = MatchIndex(profiles)
    plan = plan_rounds(profiles, 3)
    scored = [(a, b, s) for a, b in itertools.combinations([p.id for p in profiles], 2)
              if (s := index.score(a, b).score) > 0]  # scores do not change between rounds: once
    met = set()
    for groups in plan:
        graph = nx.Graph()
        graph.add_weighted_edges_from((a, b, s) for a, b, s in scored if frozenset((a, b)) not in met)
        best = sum(graph[a][b]["weight"] for a, b in nx.max_weight_matching(graph))
        assert round_weight(index, groups) >= 0.99 * best - 1e-9
        met.update(frozenset(p) for g in groups for p in itertools.combinations(g, 2))
