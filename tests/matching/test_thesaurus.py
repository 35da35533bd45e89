"""WordNet synonyms in the matching key: what they merge, what they must keep apart, and the
precision of grouping on conference phrasing (own examples, not ESCO labels)."""

from itertools import combinations
from pathlib import Path

import pytest

import matching
from matching import group_interests, same_interest
from matching.phrases import related_verbs, verb_object

# Conference interests as attendees write them, in groups of one meaning. Neighbouring groups are
# near misses (a shared word, a related verb, a stem in common); nothing may merge across groups.
CONFERENCE = [
    ["impact investing", "impact investment"], ["impact assessment"],
    ["data engineering", "data engineer"], ["data governance"],
    ["sales enablement"], ["sales operations"],
    ["product design"], ["production design"], ["product marketing"],
    ["product management", "product managers"], ["Java"], ["JavaScript"], ["coffee"],
    ["selling software"], ["buying software", "purchasing software"],
    ["teaching English"], ["learning English"],
    ["raising funds", "fundraising"], ["managing funds"],
    ["writing code"], ["reviewing code", "code review"], ["reading code"],
    ["hiring engineers"], ["managing engineers"],
    ["building teams", "team building"], ["leading teams"],
    ["running events"], ["attending events"], ["hosting events"], ["event planning", "planning events"],
    ["growth marketing"], ["growth hacking"], ["content marketing"], ["content moderation"],
    ["market research"], ["user research"], ["brand strategy"], ["brand design"],
    ["supply chain"], ["supply chain finance"], ["climate tech", "climatetech"], ["climate finance"],
    ["carbon accounting"], ["carbon capture"], ["public speaking"], ["public policy"],
    ["writing proposals"], ["reviewing proposals"], ["negotiating contracts"], ["drafting contracts"],
    ["protecting data"], ["sharing data"], ["selling data"],
    ["analysing data", "data analysis"], ["collecting data", "gathering data"],
    ["venture capital", "VC"], ["private equity"], ["angel investing"],
    ["mentoring founders"], ["advising founders"], ["funding founders"],
    ["helping founders", "assisting founders"],
    ["cycling"], ["cooking"], ["baking"], ["wine tasting"], ["wine making"],
    ["choosing wine", "selecting wine"], ["open source"], ["closed source"],
    ["machine learning", "ML"], ["machine vision"],
    ["operating drones", "flying drones", "piloting drones"], ["building drones"], ["repairing drones"],
    ["fixing bikes", "repairing bikes"], ["selling bikes"],
    ["watching films"], ["making films"], ["teaching kids to code"], ["coding for kids"],
    ["setting up startups", "founding startups"], ["shutting down startups"], ["selling startups"],
    ["carrying out audits", "performing audits"], ["writing audits"],
    ["giving up smoking"], ["taking up smoking"],
]

# (a, b): phrasings the thesaurus merges, one object led by a synonym or related verb.
SAME = [
    ("collecting data", "gathering data"), ("helping founders", "assisting founders"),
    ("handling complaints", "dealing with complaints"), ("fixing bikes", "repairing bikes"),
    ("buying a house", "purchasing a house"), ("building furniture", "constructing furniture"),
    ("operating drones", "flying drones"), ("examining patients", "checking patients"),
    ("combining chemicals", "mixing chemicals"), ("choosing wine", "selecting wine"),
    ("writing poetry", "composing poetry"), ("recommending books", "suggesting books"),
    ("showing art", "exhibiting art"), ("use a forklift", "utilise forklifts"),
    # a less frequent sense relates the verbs of an object of two or more words
    ("operating delivery drones", "handling delivery drones"),
    ("cleaning solar panels", "washing solar panels"),
    # one noun for another of the same sense, with a word in common
    ("voice assistants", "voice helpers"), ("car sharing", "automobile sharing"),
    # a leading phrasal verb is one verb
    ("carrying out audits", "performing audits"), ("carry out audits", "conducting audits"),
    ("taking care of patients", "minding patients"), ("setting up a company", "establishing a company"),
    ("putting together furniture", "assembling furniture"), ("finding out facts", "discovering facts"),
    ("watching over children", "watching children"),
]

# (a, b): near misses a thesaurus could wrongly merge: converse or different acts on one object,
# tech terms WordNet reads as common words, and the curated guard.
APART = [
    ("teaching kids", "learning kids"), ("buying software", "selling software"),
    ("sharing data", "selling data"), ("repairing drones", "building drones"),
    ("raising funds", "managing funds"), ("investing in startups", "funding startups"),
    ("running events", "attending events"), ("writing code", "reading code"),
    ("hosting events", "attending events"), ("Java", "coffee"), ("java", "Java island"),
    ("Python", "snakes"), ("product marketing", "product management"), ("Java", "JavaScript"),
    ("program design", "plan design"), ("marketing strategy", "selling strategy"),
    # a specific object does not relate converse acts (WordNet: "teach" causes "learn")
    ("teaching English grammar", "learning English grammar"), ("buying used cars", "selling used cars"),
    ("writing grant proposals", "reviewing grant proposals"), ("hosting tech meetups", "attending tech meetups"),
    ("designing mobile apps", "developing mobile apps"), ("protecting user data", "selling user data"),
    # nouns of one kind are not synonyms; a topic word's stem is not a verb's ("secure")
    ("danish literature", "spanish literature"), ("cyber security", "cyber procurement"),
    # two curated phrases stay what the curated table says
    ("Extended reality", "Augmented reality"),
    # phrasal verbs of other acts, or a particle that changes the act
    ("setting up events", "attending events"), ("giving up smoking", "taking up smoking"),
    ("looking for investors", "looking after investors"), ("scaling up startups", "scaling down startups"),
    ("following up leads", "carrying out leads"), ("shutting down startups", "setting up startups"),
    ("taking over companies", "setting up companies"), ("picking up languages", "giving up languages"),
]

# (a, b): two different English words one or two letters apart are no typo of each other, while
# misspellings, spellings and word families still are.
TWO_WORDS = [("hiring engineers", "firing engineers"), ("Danish cooking", "Spanish cooking"),
             ("ride sharing", "rice sharing")]
TYPOS = [("machine learnig", "machine learning"), ("recruting", "recruiting"),
         ("programme management", "program management"), ("desing thinking", "design thinking"),
         ("creating cutting plans", "cutting plan creation")]


def test_conference_phrasing_merges_nothing_across_meanings():
    texts = [t for group in CONFERENCE for t in group]
    gold = [i for i, group in enumerate(CONFERENCE) for _ in group]
    pred = group_interests(texts)
    wrong = [(a, b) for (a, ga, pa), (b, gb, pb) in combinations(zip(texts, gold, pred), 2)
             if pa == pb and ga != gb]
    missed = [(a, b) for (a, ga, pa), (b, gb, pb) in combinations(zip(texts, gold, pred), 2)
              if pa != pb and ga == gb]
    assert len(texts) >= 60
    assert wrong == []
    assert missed == []


@pytest.mark.parametrize(("a", "b"), SAME)
def test_synonym_verbs_on_one_object_are_one_interest(a, b):
    assert same_interest(a, b) and same_interest(b, a)
    assert group_interests([a, b]) == group_interests([b, a]) == [0, 0]


@pytest.mark.parametrize(("a", "b"), APART)
def test_near_misses_stay_apart_with_the_thesaurus(a, b):
    assert not same_interest(a, b) and not same_interest(b, a)
    assert group_interests([a, b]) == [0, 1]


@pytest.mark.parametrize(("a", "b"), TWO_WORDS)
def test_two_english_words_are_not_typos_of_each_other(a, b):
    assert not same_interest(a, b) and not same_interest(b, a)
    assert group_interests([a, b]) == [0, 1]


@pytest.mark.parametrize(("a", "b"), TYPOS)
def test_misspellings_and_word_families_still_merge(a, b):
    assert same_interest(a, b) and group_interests([a, b]) == [0, 0]


def test_synonym_merges_are_explained():
    v = matching.InterestVocabulary()
    tag = v.tag_for("fixing bikes")
    assert v.tag_for("repairing bikes") == tag
    assert {a["text"]: a["reason"] for a in v.explain(tag)["aliases"]} == {
        "fixing bikes": "exact", "repairing bikes": "synonym"}


def test_related_verbs_do_not_chain():
    # "coach" relates to "teach" and to "drive" (a coach is driven); "teach" and "drive" do not.
    for order in (["teaching drones", "driving drones", "coaching drones"],
                  ["coaching drones", "teaching drones", "driving drones"],
                  ["driving drones", "coaching drones", "teaching drones"]):
        labels = dict(zip(order, group_interests(order)))
        assert labels["teaching drones"] != labels["driving drones"]
        assert len(set(labels.values())) == 2


def test_only_a_leading_verb_relates_phrases():
    assert verb_object("flying drones") == ("fli", "drone")
    assert verb_object("drones") is None
    # Protected (curated) words are never verbs for the thesaurus: "marketing" is not "selling".
    assert verb_object("marketing strategy") is None
    assert related_verbs("fli", "pilot") and not related_verbs("teach", "learn")


def test_less_frequent_senses_relate_verbs_of_specific_objects_only():
    assert related_verbs("oper", "handl", wide=True) and not related_verbs("oper", "handl")
    assert same_interest("operating delivery drones", "handling delivery drones")
    assert not same_interest("operating drones", "handling drones")
    # "teach" shares a rare sense with "learn" ("learn" = instruct) but causes its first one.
    assert not related_verbs("teach", "learn", wide=True)


def test_table_is_small_generated_and_licensed():
    folder = Path(matching.__file__).parent
    table = (folder / "thesaurus.txt").read_text()
    assert len(table.encode()) < 1_000_000
    assert "scripts/build_thesaurus.py" in table and "WordNet 3.0" in table
    for name in ("words.txt", "names.txt"):
        text = (folder / name).read_text()
        assert len(text.encode()) < 300_000 and "scripts/build_thesaurus.py" in text
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in (
        folder / "THESAURUS-LICENSE").read_text()
