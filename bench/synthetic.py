"""Seeded synthetic events for the matching benchmarks.

Vocabulary: the curated phrases of ``matching`` plus composed "domain x topic" phrases, about
2,000 canonical phrases in all, none of which the library would merge with another (pairs one
typo apart are dropped: telling real near-misses apart is covered by the labelled tests).
Popularity is Zipf-skewed (s=1.0), with "Networking" and "Artificial intelligence" the most
popular. Each mention is written clean or with noise: case, hyphens/underscores, plural toggles,
stray punctuation/whitespace, one typo (phrases of 8+ characters, words of 5+), or an
abbreviation/acronym. Ground truth is the canonical phrase of each mention.
"""

import random
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from matching import INTENTS, Profile
from matching._curated import PHRASES, TOKEN_ABBREVIATIONS
from matching.normalize import DICTIONARY, fuzzy_accepts, fuzzy_form, normalize_interest

DOMAINS = """applied quantum clinical industrial urban marine financial computational environmental
social behavioral mobile embedded sustainable medical agricultural automotive retail space legal
public creative digital molecular civic rural arctic tropical coastal nuclear wireless satellite
acoustic optical thermal autonomous collaborative generative predictive precision circular
regenerative humanitarian maritime aviation forensic""".split()
TOPICS = """analytics robotics design security policy research optimization simulation forecasting
ethics infrastructure marketing education logistics imaging modeling networks sensing automation
governance startups investing hardware software materials diagnostics platforms communities
storytelling operations manufacturing journalism finance economics architecture mapping farming
planning testing compliance procurement""".split()
ABBREV = {v: k for k, v in TOKEN_ABBREVIATIONS.items() if " " not in v}


@dataclass
class Event:
    profiles: list      # noisy profiles (what attendees typed)
    clean: list         # same people with canonical phrases only
    truth: list         # canonical phrase per mention, aligned with flattened noisy interests
    phrases: list       # the canonical vocabulary, most popular first


def vocabulary(size=2000, seed=0):
    rng = random.Random(seed)
    curated = sorted(PHRASES)
    composed = [f"{d.title()} {t}" for d in DOMAINS for t in TOPICS]
    rng.shuffle(composed)
    phrases, keys = [], set()
    for phrase in curated + composed:
        key = normalize_interest(phrase)
        if key and key not in keys:
            phrases.append(phrase)
            keys.add(key)
        if len(phrases) >= size * 1.05:
            break
    forms = [fuzzy_form(normalize_interest(p)) for p in phrases]
    sim = process.cdist(forms, forms, scorer=fuzz.ratio, score_cutoff=79, dtype=np.uint8, workers=-1)
    drop = set()
    for i, j in zip(*np.nonzero(sim)):
        if i < j and j not in drop and fuzzy_accepts(forms[i], forms[j], DICTIONARY):
            drop.add(j)
    phrases = [p for k, p in enumerate(phrases) if k not in drop][:size]
    head = ["Networking", "Artificial intelligence"]
    rest = [p for p in phrases if p not in head]
    rng.shuffle(rest)
    return head + rest


def _typo(word, rng):
    i = rng.randrange(1, len(word) - 1)
    op = rng.randrange(4)
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    if op == 0:
        return word[:i] + word[i + 1:]
    if op == 1:
        return word[:i] + letter + word[i:]
    if op == 2:
        return word[:i] + letter + word[i + 1:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def noisy(phrase, rng, rate=0.45):
    """One way an attendee might write ``phrase``."""
    if rng.random() > rate:
        return rng.choice([phrase, phrase.lower(), phrase.title()])
    kind = rng.choice(["case", "sep", "plural", "punct", "typo", "typo", "abbrev", "abbrev"])
    words = phrase.split()
    if kind == "case":
        return rng.choice([phrase.upper(), phrase.lower(), phrase.swapcase()])
    if kind == "sep":
        return rng.choice(["-", "_", "  "]).join(words)
    if kind == "plural":
        last = words[-1]
        words[-1] = last[:-1] if last.endswith("s") and not last.endswith("ss") else last + "s"
        return " ".join(words)
    if kind == "punct":
        return rng.choice([f"{phrase}!", f" {phrase} ", f"{phrase}.", f"#{phrase}"])
    if kind == "typo":
        long_words = [k for k, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
        if len(phrase) < 8 or not long_words:
            return phrase
        k = rng.choice(long_words)
        words[k] = _typo(words[k], rng)
        return " ".join(words)
    aliases = PHRASES.get(phrase, ())
    if aliases:
        return rng.choice(aliases)
    swaps = [k for k, w in enumerate(words) if w.lower() in ABBREV]
    if swaps:
        k = rng.choice(swaps)
        words[k] = ABBREV[words[k].lower()]
        return " ".join(words)
    return phrase.lower()


def event(n, *, seed=0, vocab_size=2000, zipf=1.0):
    rng = random.Random(seed)
    phrases = vocabulary(vocab_size, seed)
    weights = np.array([1.0 / (r + 1) ** zipf for r in range(len(phrases))])
    cum = np.cumsum(weights / weights.sum())
    nprng = np.random.default_rng(seed)
    goals = list(INTENTS.keys())
    goal_w = np.array([3, 1, 2, 1, 2, 2, 2, 1, 1, 2, 2, 1, 4], dtype=float)
    goal_w /= goal_w.sum()
    n_orgs = max(5, n // 20)
    profiles, clean, truth = [], [], []
    for i in range(n):
        m = rng.randint(3, 7)
        picks = []
        while len(picks) < m:
            p = int(np.searchsorted(cum, nprng.random()))
            if p not in picks:
                picks.append(p)
        texts = [noisy(phrases[p], rng) for p in picks]
        g = list(nprng.choice(goals, size=rng.randint(1, 2), replace=False, p=goal_w))
        org = f"Org {int(nprng.zipf(1.6)) % n_orgs}"
        industry = f"Industry {rng.randrange(25)}"
        profiles.append(Profile(i, texts, g, org, industry))
        clean.append(Profile(i, [phrases[p] for p in picks], g, org, industry))
        truth.extend(phrases[p] for p in picks)
    return Event(profiles, clean, truth, phrases)
