import json
import random

import pytest

from matching import InterestVocabulary, MatchingError, group_interests, normalize_interest


def test_incremental_tags_and_labels():
    v = InterestVocabulary()
    tags = v.tags_for(["ML", "machine learnig", "Machine-Learning", "Java", "JavaScript"])
    assert tags[0] == tags[1] == tags[2]
    assert len({tags[0], tags[3], tags[4]}) == 3
    assert v.label(tags[0]) == "Machine learning"
    assert v.key(tags[0]) == normalize_interest("ML")
    assert v.lookup("machine learning") == tags[0]
    assert v.lookup("never seen") is None


def test_typo_arriving_first_joins_curated_tag():
    v = InterestVocabulary()
    assert v.tag_for("kubernets") == v.tag_for("k8s") == v.tag_for("Kubernetes")
    assert v.label(v.tag_for("kubernets")) == "Kubernetes"


def test_uncurated_phrases_and_their_typos():
    v = InterestVocabulary()
    a = v.tag_for("Widget Frobbing")
    assert v.tag_for("widget frobing") == a
    assert v.tag_for("widget-frobbings") == a
    assert v.label(a) == "Widget Frobbing"
    assert v.tag_for("widget polishing") != a


def test_learned_words_block_real_word_swaps():
    v = InterestVocabulary()
    # "zorbix" became a known word through another frequent tag, so it is not a typo of "zorbic".
    v.canonicalize_many(["zorbic lattices"] * 5 + ["zorbix crystals"] * 4)
    assert v.tag_for("zorbix lattice") != v.tag_for("zorbic lattice")
    assert v.tag_for("zorbik lattice") == v.tag_for("zorbic lattice")


def test_organizer_alias():
    v = InterestVocabulary(aliases={"QC stuff": "Quantum computing"})
    assert v.tag_for("qc stuff") == v.tag_for("quantum computing")
    old = v.tag_for("frobs")
    new = v.add_alias("frobs", "Frobnication")
    assert new != old and v.tag_for("Frobs") == new and v.label(new) == "Frobnication"
    with pytest.raises(MatchingError):
        v.add_alias("", "x")


def test_blank_raises():
    with pytest.raises(MatchingError):
        InterestVocabulary().tag_for("  ")


def test_bulk_matches_incremental_groups_and_ignores_order():
    texts = ["ML", "machine learning", "machine learnig", "data science", "Data-Science",
             "widget frobbing", "widget frobing", "Java", "JavaScript"] * 3
    shuffled = texts[:]
    random.Random(1).shuffle(shuffled)
    a, b = InterestVocabulary(), InterestVocabulary()
    ta, tb = a.canonicalize_many(texts), b.canonicalize_many(shuffled)
    assert [a.key(t) for t in ta] == [a.key(a.tag_for(x)) for x in texts]
    assert {x: a.key(t) for x, t in zip(texts, ta)} == {x: b.key(t) for x, t in zip(shuffled, tb)}
    assert a.key(ta[0]) == a.key(ta[2]) and a.key(ta[5]) == a.key(ta[6])
    assert a.key(ta[7]) != a.key(ta[8])


def test_bulk_chunks_cover_many_keys():
    texts = [f"topic {i:05d} alpha" for i in range(5000)] + ["topic 00001 alpah"]
    v = InterestVocabulary()
    tags = v.canonicalize_many(texts)
    assert tags[-1] == tags[1]


def test_round_trip_serialization():
    v = InterestVocabulary(aliases={"frobs": "Frobnication"})
    v.canonicalize_many(["ML", "widget frobbing", "widget frobing", "zz top"] * 3)
    data = json.loads(json.dumps(v.to_dict()))
    w = InterestVocabulary.from_dict(data)
    assert w.to_dict() == v.to_dict()
    for text in ["widget frobing", "frobs", "ML", "widget frobbbing", "new thing"]:
        assert w.tag_for(text) == v.tag_for(text)
    with pytest.raises(MatchingError):
        InterestVocabulary.from_dict({"version": 99})


def test_group_interests_labels_by_first_appearance():
    assert group_interests(["ML", "x", "machine learning", "", "AI", "!!"]) == [0, 1, 0, 2, 3, 4]
    assert group_interests([]) == []
    assert group_interests(["Java", "JavaScript", "java"]) == [0, 1, 0]


def test_bulk_rejects_non_strings():
    with pytest.raises(MatchingError):
        InterestVocabulary().canonicalize_many(["ml", 3])
