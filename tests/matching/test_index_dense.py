"""The dense pass of `MatchIndex.suggest` that counts popular holders before summing (large events):
exactly the brute-force top k, whatever the floor, exclusions and exposure."""
import random

import pytest

import matching.index as module
from matching import MatchIndex, Profile
from tests.matching.conftest import GOALS, TOPICS
from tests.matching.test_index import brute_force


def crowded(n, *, seed):
    """People with many interests and goals each: high floors, so the counting pass runs."""
    rng = random.Random(seed)
    return [Profile(i, rng.sample(TOPICS, rng.randint(4, 9)), rng.sample(GOALS, rng.randint(1, 3)),
                    organization=f"org{rng.randrange(40)}", industry=f"ind{rng.randrange(6)}") for i in range(n)]


@pytest.fixture
def counting(monkeypatch):
    """Every feature popular and every event large enough to count; records which dense passes counted."""
    monkeypatch.setattr(module, "_POPULAR_MIN", 1)
    monkeypatch.setattr(module, "_POPULAR_SHARE", 10**9)
    monkeypatch.setattr(module, "_COUNT_MIN", 0)
    passes = {"dense": 0, "summed": 0}
    dense, summed = MatchIndex._dense, MatchIndex.slot_scores

    def spy_dense(self, *args, **kwargs):
        passes["dense"] += 1
        return dense(self, *args, **kwargs)

    def spy_summed(self, *args, **kwargs):
        passes["summed"] += 1
        return summed(self, *args, **kwargs)

    monkeypatch.setattr(MatchIndex, "_dense", spy_dense)
    monkeypatch.setattr(MatchIndex, "slot_scores", spy_summed)
    return passes


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counted_dense_pass_equals_brute_force(counting, seed):
    profiles = crowded(300, seed=seed)
    index = MatchIndex(profiles)
    for p in profiles[::7]:
        for k in (1, 3, 10):
            got = [m.profile_id for m in index.suggest(p.id, k=k, exclude={p.id + 1, p.id + 2})]
            want = [i for i in brute_force(profiles, index, p.id, k + 2) if i not in (p.id + 1, p.id + 2)][:k]
            assert got == want
    assert counting["dense"] > counting["summed"]  # most dense passes counted instead of summing


def test_counted_dense_pass_keeps_exposure_damping_and_patches(counting):
    profiles = crowded(200, seed=9)
    index, exposure = MatchIndex(profiles), {i: i % 5 for i in range(0, 200, 3)}
    index.remove(5)
    index.add(profiles[5])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "_COUNT_MIN", 10**9)  # the summing pass only
        summed = [index.suggest(p.id, k=6, exposure=exposure) for p in profiles[::11]]
    assert [index.suggest(p.id, k=6, exposure=exposure) for p in profiles[::11]] == summed


@pytest.mark.parametrize("ids", ["int", "str"])
def test_exposure_and_ties_by_id_whatever_the_kind_of_id(ids):
    # Int ids go through numpy (sorted ids, searchsorted), str ids through Python: same answers, and a
    # str id that reads as a number is not taken for an int one.
    base = crowded(60, seed=4)
    name = (lambda i: i) if ids == "int" else (lambda i: f"p{i:03d}")
    profiles = [Profile(name(p.id), p.interests, p.goals, p.organization, p.industry) for p in base]
    index = MatchIndex(profiles)
    exposure = {name(i): float(i % 4) for i in range(0, 60, 2)} | {"7": 50.0, None: 3.0}
    plain = MatchIndex(profiles)
    for p in profiles[::6]:
        damped = index.suggest(p.id, k=8, exposure=exposure)
        by_hand = sorted(plain.suggest(p.id, k=60), key=lambda m: (-round(m.score / (
            1 + plain.weights.exposure_alpha * __import__("math").log1p(exposure.get(m.profile_id, 0.0))), 9),
            m.profile_id))[:8]
        assert [m.profile_id for m in damped] == [m.profile_id for m in by_hand]
    index.remove(profiles[10].id)
    index.add(profiles[10])
    assert [m.profile_id for m in index.suggest(profiles[0].id, k=8, exposure=exposure)] == \
        [m.profile_id for m in plain.suggest(profiles[0].id, k=8, exposure=exposure)]
