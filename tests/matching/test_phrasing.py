"""Interests written in different words: parentheses, initialisms, inflection, compounds, order."""

import random

import pytest
from hypothesis import given, settings, strategies as st

from matching import InterestVocabulary, group_interests, interest_similarity, same_interest

# (phenomenon, a, b): pairs people write for one interest. Own examples, not ESCO labels.
SAME = [
    ("parenthetical", "AI", "Artificial Intelligence (AI)"),
    ("parenthetical", "Natural Language Processing (NLP)", "natural language processing"),
    ("parenthetical", "CX (customer experience)", "Customer Experience"),
    ("parenthetical", "Objectives and Key Results (OKRs)", "objectives & key results"),
    ("parenthetical", "SRE (site reliability)", "Site Reliability Engineering"),
    ("inflection", "impact investing", "Impact Investment"),
    ("inflection", "product managers", "product management"),
    ("inflection", "organisational design", "Organizational Design"),
    ("inflection", "building communities", "community building"),
    ("inflection", "analysing user behaviour", "user behavior analysis"),
    ("compound", "PropTech", "prop tech"),
    ("compound", "HR tech", "HRTech"),
    ("compound", "Health Tech", "healthtech"),
    ("compound", "Insur Tech", "InsurTech"),
    ("compound", "space-tech", "SpaceTech"),
    ("word order", "management of remote teams", "remote team management"),
    ("word order", "design of experiments", "experiment design"),
    ("word order", "fundamentals of negotiation", "Negotiation"),
    ("generic head", "varieties of coffee", "coffee"),
    ("generic head", "typology of business models", "business models"),
    ("generic head", "sorts of sourdough bread", "sourdough bread"),
    ("generic head", "a range of electric vehicles", "electric vehicles"),
    ("light verb", "conducting user interviews", "interviewing users"),
    ("light verb", "carrying out site inspections", "inspecting sites"),
    ("light verb", "performing code reviews", "reviewing code"),
    ("competence frame", "knowledge of Python", "Python"),
    ("competence frame", "experience in fundraising", "fundraising"),
    ("competence frame", "expertise in machine learning", "Machine Learning"),
    ("competence frame", "familiarity with Kubernetes", "kubernetes"),
    ("competence frame", "ability to negotiate", "negotiating"),
    ("competence frame", "show competency in public speaking", "public speaking"),
    ("competence frame", "interested in climate tech", "Climate Tech"),
    ("competence frame", "passionate about open source", "open source"),
    ("method head", "negotiation techniques", "negotiation"),
    ("method head", "user research methodology", "user research"),
    ("method head", "approaches to impact measurement", "impact measurement"),
    ("name typo", "Brasilian market", "Brazilian market"),
    ("name typo", "Phillipines", "Philippines"),
    ("name spelling", "Romani", "Romany"),
    ("name derivative", "Latin America", "Latin American"), ("name derivative", "German market", "Germany market"),
]

# (phenomenon, a, b): close in spelling, different topics.
APART = [
    ("parenthetical", "Python (snakes)", "Python"),
    ("parenthetical", "Growth (B2B)", "growth"),
    ("inflection", "product marketing", "product management"),
    ("inflection", "production design", "product design"),
    ("inflection", "marketing analytics", "market analytics"),
    ("inflection", "Java", "JavaScript"),
    ("compound", "HR tech", "HR"),
    ("compound", "ad tech", "edtech"),
    ("compound", "prop tech", "proptech investing"),
    ("word order", "management of remote teams", "remote sensing management"),
    ("word order", "management of remote teams", "remote management"),
    ("typo guard", "understanding written Persian", "understanding written Russian"),
    ("generic head", "driving range", "driving"), ("generic head", "tennis sets", "tennis"), ("generic head", "coffee sorting", "coffee"),
    ("light verb", "performing arts", "arts"), ("light verb", "doing business", "business"),
    ("light verb", "performing live music", "live music"),
    ("competence frame", "user experience", "user"), ("competence frame", "experience design", "design"),
    ("competence frame", "knowledge management", "management"),
    ("competence frame", "interest on loans", "loans"),
    ("competence frame", "be fluent in French", "French"),  # fluent in a language = speaking it
    ("method head", "scientific method", "science"),
    # Names of different things spelled alike are no typos of each other.
    ("name", "Austria", "Australia"), ("name", "Austrian market", "Australian market"),
    ("name", "Javanese", "Japanese"),
    ("name", "Prussian history", "Russian history"), ("name", "Slovakia", "Slovenia"),
]

# (initialism, expansion written by someone else at the same event)
# (None of these is in the curated table.)
INITIALISMS = [
    ("CRO", "conversion rate optimization"), ("OKRs", "objectives and key results"),
    ("CAC", "customer acquisition cost"), ("ARR", "annual recurring revenue"),
    ("P2P", "peer-to-peer"), ("B2G", "business to government"), ("TAM", "total addressable market"),
]


@pytest.mark.parametrize(("kind", "a", "b"), SAME)
def test_same_interest_across_phrasings(kind, a, b):
    assert same_interest(a, b) and same_interest(b, a)
    assert interest_similarity(a, b) == 1.0
    assert group_interests([a, b]) == [0, 0]


@pytest.mark.parametrize(("kind", "a", "b"), APART)
def test_near_misses_stay_apart(kind, a, b):
    assert not same_interest(a, b)
    assert interest_similarity(a, b) < 1.0
    assert group_interests([a, b]) == [0, 1]


@pytest.mark.parametrize(("short", "long"), INITIALISMS)
def test_initialisms_learned_from_the_vocabulary(short, long):
    for texts in ([short, long], [long, short]):
        v = InterestVocabulary()
        a, b = v.tags_for(texts)
        assert a == b
        assert {x["reason"] for x in v.explain(a)["aliases"]} >= {"initialism"}
    assert group_interests(["machine learning", short, "robotics", long])[1::2] == [1, 1]


@pytest.mark.parametrize(("short", "long"), INITIALISMS)
def test_initialisms_need_an_acronym_and_initials_that_fit(short, long):
    if short.isalpha():  # "tam" typed in lower case may be a word; "p2p" is not
        v = InterestVocabulary()
        assert v.tag_for(long) != v.tag_for(short.lower())
    other = InterestVocabulary()
    assert other.tag_for(long) != other.tag_for(short + "X")


def test_ambiguous_initialism_merges_nothing_and_is_reported():
    for order in (1, 2, 3):
        texts = ["product management", "project management", "PM"]
        random.Random(order).shuffle(texts)
        v = InterestVocabulary()
        tags = dict(zip(texts, v.canonicalize_many(texts)))
        assert len(set(tags.values())) == 3
        assert v.ambiguous_acronyms() == {"pm": ["Product management", "Project management"]}


def test_parenthetical_teaches_the_short_form():
    v = InterestVocabulary()
    tag = v.tag_for("Objectives and Key Results (OKRs)")
    assert v.tag_for("OKRs") == tag == v.tag_for("objectives & key results")
    reasons = {a["text"]: a["reason"] for a in v.explain(tag)["aliases"]}
    assert reasons == {"Objectives and Key Results (OKRs)": "parenthetical",
                       "OKRs": "parenthetical", "objectives & key results": "exact"}


def test_explain_names_every_kind_of_merge():
    v = InterestVocabulary()
    texts = ["Machine learning", "ML", "machine-learning", "Machine Learnng", "machine learnings",
             "FrobTech", "frob tech", "Artificial Intelligence (AI)", "CAC", "customer acquisition cost",
             "Widget Frobbing", "frobbing of widgets"]
    tags = v.tags_for(texts)
    reasons = {}
    for tag in set(tags):
        reasons.update({a["text"]: a["reason"] for a in v.explain(tag)["aliases"]})
    assert reasons == {
        "Machine learning": "exact", "ML": "curated", "machine-learning": "exact",
        "Machine Learnng": "fuzzy", "machine learnings": "exact", "FrobTech": "exact",
        "frob tech": "compound", "Artificial Intelligence (AI)": "parenthetical", "CAC": "exact",
        "customer acquisition cost": "initialism", "Widget Frobbing": "exact",
        "frobbing of widgets": "stem",
    }
    assert v.explain(tags[0])["label"] == "Machine learning"


def test_graded_relatedness_weighs_rare_words_more():
    v = InterestVocabulary()
    v.canonicalize_many([f"{w} management" for w in "risk people product brand cash crisis".split()]
                        + ["quantum sensing", "quantum optics", "remote sensing"])
    rare = interest_similarity("quantum sensing", "quantum optics", vocabulary=v)
    common = interest_similarity("risk management", "people management", vocabulary=v)
    assert 0 < common < rare < 1.0
    assert interest_similarity("people management", "risk management") == pytest.approx(0.3)
    assert same_interest("risk management", "people management") is False


def test_vocabulary_round_trip_keeps_learned_merges():
    v = InterestVocabulary()
    v.canonicalize_many(["Objectives and Key Results (OKRs)", "CAC", "customer acquisition cost",
                         "PropTech", "PM", "product management", "project management"])
    w = InterestVocabulary.from_dict(v.to_dict())
    assert w.to_dict() == v.to_dict()
    for text in ["OKRs", "prop tech", "customer-acquisition costs", "PM", "objective and key result"]:
        assert w.tag_for(text) == v.tag_for(text)


phrases = st.lists(st.sampled_from([a for _, a, _ in SAME + APART] + [b for _, _, b in SAME + APART]),
                   min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(phrases, st.randoms(use_true_random=False))
def test_grouping_does_not_depend_on_order(texts, rng):
    shuffled = texts[:]
    rng.shuffle(shuffled)
    by_text = dict(zip(texts, group_interests(texts)))
    again = dict(zip(shuffled, group_interests(shuffled)))
    assert {(by_text[a] == by_text[b]) for a in texts for b in texts} >= set()
    assert all((by_text[a] == by_text[b]) == (again[a] == again[b]) for a in texts for b in texts)
