import pytest
from hypothesis import given, settings, strategies as st

from matching import MatchingError, interest_similarity, normalize_interest, same_interest

SAME = [
    ("ML", "machine learning"), ("Machine-Learning", "machine learning"),
    ("machine learnig", "Machine Learning"), ("machine_learning", "MACHINE LEARNING"),
    ("AI", "Artificial Intelligence"), ("artifical intelligence", "AI"),
    ("NLP", "natural language processing"), ("UX", "user experience"), ("UI", "user interface"),
    ("VC", "venture capital"), ("SaaS", "software as a service"), ("B2B", "business to business"),
    ("DevOps", "dev ops"), ("k8s", "Kubernetes"), ("kubernets", "kubernetes"),
    ("JS", "JavaScript"), ("TS", "typescript"), ("AR/VR", "XR"), ("IoT", "internet of things"),
    ("LLMs", "large language models"), ("LLM", "Large Language Model"),
    ("golang", "Go"), ("React.js", "react"), ("node.js", "Node"), ("C++", "cpp"), ("C#", "c sharp"),
    ("Startups", "startup"), ("start-ups", "Startup"), ("technologies", "technology"),
    ("companies", "Company"), ("  data   science ", "Data Science"), ("data-science!", "data science"),
    ("Économie comportementale", "economie comportementale"), ("naïve bayes", "naive bayes"),
    ("Café", "cafe"), ("Ｍａｃｈｉｎｅ Ｌｅａｒｎｉｎｇ", "machine learning"),
    ("quantum error-correction", "Quantum Error Correction"), ("QEC", "quantum error correction"),
    ("quantum eror correction", "quantum error correction"),
    ("product mgmt", "Product Management"), ("ML engineering", "machine learning engineering"),
    ("e-commerce", "ecommerce"), ("Web3", "web 3.0"), ("NFT", "NFTs"),
    ("Python", "pyhton"), ("blockchian", "blockchain"), ("cyber-security", "Cybersecurity"),
    ("Sustainability", "sustainablity"), ("R&D", "r and d"),
]

APART = [
    ("Java", "JavaScript"), ("product management", "project management"), ("C", "C++"),
    ("C", "C#"), ("C++", "C#"), ("React", "Redux"), ("AI", "AR"), ("data science", "data engineering"),
    ("marketing", "market research"), ("ML", "NLP"), ("scala", "scale"), ("rust", "trust"),
    ("Go", "Rust"), ("AI ethics", "AI safety"), ("UX", "UI"), ("iOS", "OS"),
    ("Python", "Pytorch"), ("fintech", "insurtech"), ("deep learning", "machine learning"),
    ("product design", "product management"), ("R", "C"), ("Swift", "Shift"),
    ("content marketing", "contact marketing"), ("climate tech", "climate change"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_interest(a, b):
    assert normalize_interest(a) == normalize_interest(b)
    assert same_interest(a, b) and same_interest(b, a)
    assert interest_similarity(a, b) == 1.0


@pytest.mark.parametrize(("a", "b"), APART)
def test_near_misses_stay_apart(a, b):
    assert normalize_interest(a) != normalize_interest(b)
    assert not same_interest(a, b)
    assert interest_similarity(a, b) < 1.0


def test_canonical_keys_are_readable():
    assert normalize_interest("Machine-Learning") == "machine learning"
    assert normalize_interest("ML") == "machine learning"
    assert normalize_interest("quantum thing") == "quantum thing"


def test_ambiguous_acronyms_are_not_expanded():
    assert normalize_interest("PM") == "pm"
    assert normalize_interest("CV") == "cv"
    assert not same_interest("CV", "computer vision")


def test_uncurated_typos_still_match_each_other():
    assert same_interest("frobnication theory", "frobnicaton theory")
    assert not same_interest("frobnication theory", "frobnication practice")


def test_blank_and_bad_input():
    assert normalize_interest("  !! ") == ""
    assert not same_interest("", "")
    assert interest_similarity("", "x") == 0.0
    with pytest.raises(MatchingError):
        normalize_interest(42)


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=25)


@settings(max_examples=150, deadline=None)
@given(words, words)
def test_similarity_symmetric_and_bounded(a, b):
    assert interest_similarity(a, b) == interest_similarity(b, a)
    assert 0.0 <= interest_similarity(a, b) <= 1.0
    assert same_interest(a, b) == same_interest(b, a)


@settings(max_examples=150, deadline=None)
@given(words, st.sampled_from(["upper", "title", "hyphen", "underscore", "punct", "spaces"]))
def test_invariant_to_case_and_punctuation(text, change):
    variant = {
        "upper": text.upper(), "title": text.title(), "hyphen": text.replace(" ", "-"),
        "underscore": text.replace(" ", "_"), "punct": f"{text}!?.", "spaces": f"  {text}  ",
    }[change]
    assert normalize_interest(variant) == normalize_interest(text)
