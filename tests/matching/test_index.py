import time

import pytest
from hypothesis import given, settings, strategies as st

from matching import (
    InterestVocabulary, MatchIndex, MatchingError, Profile, UnknownProfileError, score_pair,
)
from tests.matching.conftest import make_profiles


def brute_force(profiles, index, pid, k):
    me = next(p for p in profiles if p.id == pid)
    scored = [(index.score(pid, p.id).score, p.id) for p in profiles if p.id != pid]
    return [i for s, i in sorted((-s, i) for s, i in scored if s > 0)][:k]


def test_suggest_equals_brute_force(event):
    index = MatchIndex(event)
    for p in event:
        got = [m.profile_id for m in index.suggest(p.id, k=8)]
        assert got == brute_force(event, index, p.id, 8)


@pytest.mark.parametrize("popular_min", [1, 3, 8])
def test_pruned_search_equals_brute_force(monkeypatch, popular_min):
    import matching.index as module

    monkeypatch.setattr(module, "_POPULAR_MIN", popular_min)
    monkeypatch.setattr(module, "_POPULAR_SHARE", 10**9)
    profiles = make_profiles(120, seed=popular_min)
    index = MatchIndex(profiles)
    for p in profiles[::3]:
        for k in (1, 5, 12):
            got = [m.profile_id for m in index.suggest(p.id, k=k, exclude={p.id + 1})]
            want = [i for i in brute_force(profiles, index, p.id, k + 1) if i != p.id + 1][:k]
            assert got == want
    exposure = {i: i % 7 for i in range(120)}
    plain = MatchIndex(profiles)
    monkeypatch.setattr(module, "_POPULAR_MIN", 10**9)
    for pid in (0, 50, 99):
        assert index.suggest(pid, exposure=exposure) == plain.suggest(pid, exposure=exposure)


def test_index_scores_equal_score_pair_with_its_idf(event):
    index = MatchIndex(event)
    idf = {t: index.idf(t) for t in range(len(index.vocabulary))}
    for m in index.suggest(3, k=5):
        other = index.get(m.profile_id)
        direct = score_pair(index.get(3), other, vocabulary=index.vocabulary, idf=idf)
        assert direct.score == pytest.approx(m.score)


def test_ties_break_by_id_and_exposure_damps():
    people = [Profile(i, ["rust"], []) for i in (5, 3, 9, 1)]
    index = MatchIndex(people)
    assert [m.profile_id for m in index.suggest(5, k=2)] == [1, 3]
    damped = index.suggest(5, k=3, exposure={1: 50, 3: 0})
    assert [m.profile_id for m in damped] == [3, 9, 1]
    assert damped[2].rank_score < damped[2].score


def test_patches_match_a_rebuild(event):
    index = MatchIndex(event[:40])
    for p in event[40:]:
        index.add(p)
    for p in event[:10]:
        index.remove(p.id)
    changed = Profile(20, ["quantum computing", "Rust"], ["investing"], "new org", "ind9")
    index.update(changed)
    fresh = [p for p in event[10:] if p.id != 20] + [changed]
    rebuilt = MatchIndex(fresh)
    for pid in (11, 20, 45, 59):
        a = [(m.profile_id, m.score) for m in index.suggest(pid, k=10)]
        b = [(m.profile_id, m.score) for m in rebuilt.suggest(pid, k=10)]
        assert [x for x, _ in a] == [x for x, _ in b]
        assert [s for _, s in a] == pytest.approx([s for _, s in b])
    assert 0 not in index and len(index) == 50


def test_errors_and_shared_vocabulary():
    vocab = InterestVocabulary()
    tag = vocab.tag_for("ML")
    index = MatchIndex([Profile(1, [tag], []), Profile(2, ["machine learning"], [])],
                       vocabulary=vocab)
    assert [m.profile_id for m in index.suggest(1)] == [2]
    assert index.suggest(1, k=0) == []
    with pytest.raises(UnknownProfileError):
        index.suggest(99)
    with pytest.raises(MatchingError):
        index.add(Profile(1, [], []))
    with pytest.raises(MatchingError):
        MatchIndex([Profile(1, [999], [])], vocabulary=vocab)
    assert MatchIndex([Profile(7, [], [])]).suggest(7) == []


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.sets(st.integers(0, 39), max_size=10), st.integers(0, 39))
def test_excluded_never_suggested(seed, excluded, pid):
    index = MatchIndex(make_profiles(40, seed=seed))
    got = {m.profile_id for m in index.suggest(pid, k=40, exclude=excluded)}
    assert not got & excluded and pid not in got


def test_suggest_is_fast_enough_at_5000():
    profiles = make_profiles(5000, seed=1)
    index = MatchIndex(profiles)
    start = time.perf_counter()
    for pid in range(0, 5000, 50):
        index.suggest(pid)
    assert (time.perf_counter() - start) / 100 < 0.02


def test_exposure_mapping_is_reused_only_while_the_same_object_and_index():
    from matching import MatchIndex, Profile

    people = [Profile(1, ["rust"]), Profile(2, ["rust"]), Profile(3, ["rust"])]
    index = MatchIndex(people)
    first = {2: 100}
    assert [m.profile_id for m in index.suggest(1, 2, exposure=first)] == [3, 2]
    second = {3: 100}  # new counts come as a new mapping
    assert [m.profile_id for m in index.suggest(1, 2, exposure=second)] == [2, 3]
    index.add(Profile(4, ["rust"]))
    assert [m.profile_id for m in index.suggest(1, 3, exposure=second)] == [2, 4, 3]
    index.remove(2)
    assert [m.profile_id for m in index.suggest(1, 3, exposure=second)] == [4, 3]


def test_read_only_views_describe_each_slot(event):
    # matching.candidates reads the index through these only (no private attributes).
    index = MatchIndex(event)
    industry, organization = index.codes()
    for s, p in enumerate(event):
        assert index.slot_tags(s) == sorted({index.vocabulary.tag_for(i) for i in p.interests})
        for t in index.slot_tags(s):
            assert s in index.postings(("t", t))
        for g in index.slot_goals(s):
            assert s in index.postings(("g", g)) and 0 <= g < index.goal_count
        assert (industry[s] >= 0) == bool(p.industry) and (organization[s] >= 0) == bool(p.organization)
    assert {key for key, _post, _w in index.features(0)} >= {("t", t) for t in index.slot_tags(0)}
