"""Near misses of the usage rule on conference phrasing (own examples): people write the same
objects with the verbs of their different roles, and those stay apart."""

import pytest

from matching import group_interests, same_interest

from .test_usage import MORE, written

# (verbs, objects): every verb written on every object, as an event's attendees do.
ROLE_GRIDS = [
    (["hosting", "attending"], ["tech meetups", "design sprints", "hackathons"]),
    # Not "organizing / joining": WordNet's third sense of "organize" is "form or join a union".
    (["hosting", "attending", "joining", "sponsoring", "speaking at"],
     ["tech meetups", "design sprints", "hackathons", "developer conferences", "startup weekends"]),
    (["building", "using", "maintaining"], ["mobile apps", "data pipelines", "developer tools",
                                            "saas platforms"]),
    (["founding", "advising", "scaling"], ["climate startups", "carbon removal startups",
                                           "clean energy companies", "green hydrogen projects"]),
    (["providing", "receiving", "designing"], ["mental health support", "patient care programs",
                                               "digital health services", "telehealth consultations"]),
    # Not "training / coaching": one frequent WordNet sense, and one act.
    (["leading", "coaching", "recruiting"], ["remote teams", "software engineers",
                                                         "sales teams", "data scientists"]),
    (["reading", "reviewing", "publishing"], ["research papers", "case studies", "open textbooks"]),
]


@pytest.mark.parametrize(("verbs", "objects"), ROLE_GRIDS)
def test_verbs_of_different_roles_on_the_same_objects_stay_apart(verbs, objects):
    # "building / using" apps: WordNet relates "use" and "maintain" by a looser sense, and the
    # vocabulary writes them as parallel roles, so that sense is not the one meant.
    texts = written(verbs, objects)
    assert len(set(group_interests(texts))) == len(texts)


@pytest.mark.parametrize(("verbs", "objects"), ROLE_GRIDS[:2])
def test_each_role_also_taking_objects_of_its_own_stays_apart(verbs, objects):
    texts = written(verbs, objects) + [f"{v} {o}" for v in verbs for o in MORE]
    assert len(set(group_interests(texts))) == len(texts)


@pytest.mark.parametrize(("a", "b", "same"), [
    ("investing in climate startups", "founding climate startups", False),
    ("investing in clean energy companies", "establishing clean energy companies", False),
    ("buying used cars", "purchasing used cars", True),
])
def test_a_goal_verb_relates_only_by_its_own_frequent_senses(a, b, same):
    # Investor and founder are complementary goals, not one interest (a looser WordNet family
    # relates "invest" and "establish").
    assert same_interest(a, b) is same
    assert (group_interests([a, b]) == [0, 0]) is same
