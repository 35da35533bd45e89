"""Leading verbs a vocabulary uses interchangeably, learned from the vocabulary being grouped
(own examples, not ESCO labels)."""

import pytest
from hypothesis import given, settings, strategies as st

from matching import InterestVocabulary, group_interests
from matching.phrases import different_acts

OBJECTS = ["laser cutters", "3D printers", "espresso machines", "pottery wheels", "sewing machines"]
# Objects only the broader of two verbs takes: a paraphrase is the rarer word on part of a
# broader one's objects, not a word written on exactly as many (see the role grids below).
MORE = ["band saws", "drill presses"]
OTHER = ["forklifts", "pallet jacks", "scissor lifts", "floor scrubbers", "cargo vans", "tower cranes"]


def written(verbs, objects):
    return [f"{v} {o}" for o in objects for v in verbs]


def partition(texts):
    """The grouping as a set of frozensets of texts, comparable across input orders."""
    groups = {}
    for text, label in zip(texts, group_interests(texts)):
        groups.setdefault(label, set()).add(text)
    return {frozenset(g) for g in groups.values()}


# (verb, verb): WordNet relates neither pair, but a vocabulary writing many of its objects with
# both verbs shows they are used interchangeably there.
LEARNED = [("handling", "using"), ("making sense of", "understanding"), ("handling", "running")]


@pytest.mark.parametrize(("a", "b"), LEARNED)
def test_verbs_used_on_the_same_objects_merge_on_them(a, b):
    texts = written([a, b], OBJECTS) + written([b], MORE)
    labels = group_interests(texts)[:2 * len(OBJECTS)]
    assert labels[0::2] == labels[1::2]
    assert len(set(labels)) == len(OBJECTS)


@pytest.mark.parametrize(("a", "b"), LEARNED)
def test_a_small_vocabulary_stays_as_strict_as_wordnet(a, b):
    assert group_interests(written([a, b], OBJECTS[:1])) == [0, 1]
    assert group_interests(written([a, b], OBJECTS[:2]) + ["cooking"]) == [0, 1, 2, 3, 4]


def test_a_verb_joins_the_tag_whose_verbs_it_mostly_relates_to():
    # "operating" relates to "handling" and "running" (WordNet) but not to "using": two of three
    # is enough, and the three learned verbs form one tag on every object.
    texts = (written(["handling", "using", "running"], OBJECTS) + written(["using"], MORE)
             + written(["running"], OTHER) + ["operating laser cutters"])
    *labels, operating = group_interests(texts)
    labels = labels[:3 * len(OBJECTS)]
    assert labels[0::3] == labels[1::3] == labels[2::3]
    assert operating == labels[0]


def test_learned_verbs_merge_on_new_objects_and_say_why():
    v = InterestVocabulary()
    v.canonicalize_many(written(["handling", "using"], OBJECTS) + written(["using"], MORE))
    tag = v.tag_for("handling pottery kilns")
    assert v.tag_for("using pottery kilns") == tag
    assert {a["text"]: a["reason"] for a in v.explain(tag)["aliases"]} == {
        "handling pottery kilns": "exact", "using pottery kilns": "usage"}
    w = InterestVocabulary.from_dict(v.to_dict())
    assert w.tag_for("use of laser cutters") == v.tag_for("use of laser cutters")


# (verb, verb, objects): converse or different acts a vocabulary writes on the same objects.
APART = [
    ("hiring", "firing", ["data engineers", "sales managers", "support staff", "line cooks"]),
    ("buying", "selling", ["used cars", "vintage watches", "solar panels", "rental homes"]),
    ("teaching", "learning", ["English grammar", "Spanish grammar", "music theory", "data science"]),
    ("lending", "borrowing", ["power tools", "camping gear", "board games", "sewing machines"]),
]


@pytest.mark.parametrize(("a", "b", "objects"), APART)
def test_different_acts_never_merge_whatever_the_usage(a, b, objects):
    texts = written([a, b], objects)
    labels = group_interests(texts)
    assert all(x != y for x, y in zip(labels[0::2], labels[1::2]))


def test_goals_are_distinct_acts_whatever_the_usage():
    # "hiring" names a goal of the catalogue: never interchangeable with "managing".
    objects = ["data engineers", "sales managers", "support staff", "line cooks", "night nurses"]
    labels = group_interests(written(["hiring", "managing"], objects))
    assert all(x != y for x, y in zip(labels[0::2], labels[1::2]))


def test_wordnet_antonyms_of_a_rarer_sense_are_different_acts():
    # "fire" means "dismiss" only in its fourth WordNet sense.
    assert different_acts("hire", "fire") and different_acts("teach", "learn")
    assert not different_acts("handl", "use")


def test_one_word_objects_teach_nothing():
    # Every language is read and written: one-word objects are kinds, not evidence of synonymy.
    languages = ["Danish", "Spanish", "Greek", "Polish", "Welsh", "Finnish"]
    labels = group_interests(written(["reading", "writing"], languages))
    assert len(set(labels)) == 2 * len(languages)


def test_a_weak_tie_beside_a_strong_one_teaches_nothing():
    # "understanding" is used like "making sense of" on every object; "explaining" shares a
    # few of its objects only: a different act on the same things.
    objects = OBJECTS + ["tax forms", "legal contracts", "wine labels"]
    texts = (written(["understanding", "making sense of"], objects) + written(["understanding"], MORE)
             + written(["explaining"], objects[:3] + ["chess openings", "card tricks", "tide tables",
                                                      "bus timetables", "knitting patterns"]))
    labels = dict(zip(texts, group_interests(texts)))
    assert labels["understanding laser cutters"] == labels["making sense of laser cutters"]
    assert labels["explaining laser cutters"] != labels["understanding laser cutters"]


CONTEXTS = ["food safety", "data privacy", "fire safety", "workplace health"]


@pytest.mark.parametrize(("a", "b"), [("rules", "norms"), ("standards", "requirements")])
def test_nouns_used_with_the_same_words_merge_and_say_why(a, b):
    texts = written(CONTEXTS, [a, b]) + written(["road safety"], [b])
    labels = group_interests(texts)[:2 * len(CONTEXTS)]
    assert labels[:len(CONTEXTS)] == labels[len(CONTEXTS):]
    assert len(set(labels)) == len(CONTEXTS)
    assert group_interests(written(CONTEXTS[:1], [a, b])) == [0, 1]
    v = InterestVocabulary()
    tags = v.canonicalize_many(texts)
    assert "usage" in {x["reason"] for x in v.explain(tags[0])["aliases"]}


def test_nouns_of_one_kind_with_one_word_in_common_teach_nothing():
    # Parallel phrases of one other word are kinds of a thing, not synonyms.
    languages = ["Danish", "Spanish", "Greek", "Polish", "Welsh"]
    labels = group_interests(written(languages, ["literature", "cooking"]))
    assert len(set(labels)) == 2 * len(languages)


pool = written(["handling", "using", "hiring", "firing"], OBJECTS[:4]) + ["cooking", "3D printing"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(pool), min_size=1, max_size=24), st.randoms(use_true_random=False))
def test_learning_does_not_depend_on_input_order(texts, rng):
    shuffled = texts[:]
    rng.shuffle(shuffled)
    assert partition(texts) == partition(shuffled)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(pool), min_size=1, max_size=24))
def test_learning_ignores_case_and_punctuation(texts):
    respelled = [t.upper().replace(" ", "-") + "." for t in texts]
    assert group_interests(texts) == group_interests(respelled)


# Verbs WordNet relates pairwise, though not every pair: resolved key by key in any order, a
# later verb related to two earlier tags joined neither and the object split in three.
PLANNED = ["organizing", "planning", "running", "managing"]
PLANNED_OBJECTS = ["volunteer programs", "community partnerships"]


def test_a_batch_groups_mostly_related_verbs_whatever_their_order():
    texts = written(PLANNED, PLANNED_OBJECTS)
    expected = {frozenset(written(PLANNED, [o])) for o in PLANNED_OBJECTS}
    assert partition(texts) == expected and partition(texts[::-1]) == expected
    vocab = InterestVocabulary()
    tag = vocab.canonicalize_many(texts)[0]
    reasons = {a["text"]: a["reason"] for a in vocab.explain(tag)["aliases"]}
    assert set(reasons) == set(written(PLANNED, PLANNED_OBJECTS[:1]))
    assert sorted(reasons.values()).count("exact") == 1 and "fuzzy" not in reasons.values()


def test_a_planned_group_follows_its_first_key_whatever_form_it_has():
    # "community partnership coordination" comes first in the batch and has the match key of
    # "coordinating community partnerships": the group follows its tag instead of splitting in two.
    texts = written(["organizing", "arranging", "coordinating"], ["community partnerships"])
    assert len(set(group_interests([*texts, "community partnership coordination"]))) == 1


def test_a_verb_tied_to_unrelated_groups_joins_none():
    # "using" is tied to building, designing and maintaining apps, which are different acts:
    # it is the hub between them, and no chain through it merges anything.
    verbs = ["building", "designing", "maintaining"]
    objects = ["mobile apps", "data pipelines", "developer tools", "saas platforms"]
    texts = written(["using", *verbs], objects) + written(["using"], ["research projects", "online forums",
                                                                      "pilot programs", "local chapters"])
    assert all(len(group) == 1 for group in partition(texts))
