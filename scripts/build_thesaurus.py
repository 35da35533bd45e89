"""Generate matching/thesaurus.txt, the synonym table of the matching key, and matching/words.txt and
matching/names.txt, the dictionaries of the fuzzy step, from Princeton WordNet 3.0.

    apt-get install -y wordnet-base               # Debian's WordNet 3.0 data in /usr/share/wordnet
    .venv/bin/python scripts/build_thesaurus.py   # rewrites the three files (same bytes each run)

WordNet is a build-time source only: the files are committed and nothing reads WordNet at run time.
Only single, lower-case words (as written in the synset: "Java" the island is a proper noun) of
words with at least one sense-tagged use, and phrasal verbs ("carry_out", "take_care": WordNet's
multi-word verbs of two or three words), which join the verb groups below without counting towards
a family's size. Six kinds of lines in thesaurus.txt, one group each:

- ``n``: nouns whose *most frequent* sense (WordNet's index lists senses by tagged frequency) is
  one synset; ``v``: verbs sharing a synset among their ``--verb-rank`` most frequent senses, each
  word marked with the rank of that sense (``use:1 apply:1 employ:1``). Words of rank 1 in one
  group are one word in the matching key.
- ``h``: verb families, the verbs one of whose ``--family-rank`` most frequent senses is a
  synset or its direct hypernym ("handle / operate / use" under "manipulate"); families of more
  than ``--max-family`` verbs, or more than ``--max-root`` under a root verb ("be", "act",
  "change"), are dropped as too general. ``v`` and ``h`` groups only relate the leading verbs of
  two phrases with the same object (see matching/phrases.py).
- ``w``: the verb groups and families of a looser setting (``--wide-*``: more senses per verb,
  larger families) that the lines above do not already hold. They relate leading verbs only when
  the object has two or more content words ("operate / handle delivery drones"): a specific
  object leaves a verb less room to mean a different act than a one-word one ("teach / learn
  English" stay apart).
- ``s``: nouns sharing a synset among their ``--noun-rank`` most frequent senses, not already an
  ``n`` group. Two phrases that differ by one such noun and share another word are one interest
  ("voice assistants / helpers"); these never replace a word of the matching key.
- ``x``: two verbs of the groups above that WordNet records as different acts (one's frequent
  sense causes, entails or is the antonym of the other's: "teach / learn", "hire / fire"); never
  related, neither by a group nor by the usage a vocabulary teaches (matching/_usage.py).
"""

import argparse
import re
from collections import defaultdict
from pathlib import Path

WORDNET = Path("/usr/share/wordnet")
OUT = Path(__file__).resolve().parents[1] / "matching" / "thesaurus.txt"
_WORD = re.compile(r"^[a-z]{3,}$")
_NAME = re.compile(r"^[A-Z][a-z]{2,}$")
# Phrasal verbs ("carry_out", "take_care", "watch_over"): one token of the matching key when they
# lead a phrase (matching/phrases.py), related to single verbs through the same groups.
_PHRASAL = re.compile(r"^[a-z]{2,}(_[a-z]{2,}){1,2}$")


def tag_counts(wordnet):
    """``{sense key: times that sense was tagged in the semantic concordances}`` (cntlist.rev)."""
    by_key = {}
    for line in (wordnet / "cntlist.rev").read_text().splitlines():
        sense_key, _number, count = line.split()
        by_key[sense_key] = int(count)
    return by_key


def records(wordnet, kind, pos):
    """Fields of each line of ``index.<pos>`` or ``data.<pos>`` (``kind``), license lines skipped."""
    with open(wordnet / f"{kind}.{'noun' if pos == 'n' else 'verb'}", encoding="latin-1") as f:
        for line in f:
            if not line.startswith("  "):
                yield line.split(" | ")[0].split()


def hypernyms(wordnet, pos):
    """``{offset: [hypernym offsets]}`` of every synset of one part of speech."""
    out = {}
    for fields in records(wordnet, "data", pos):
        at = 4 + 2 * int(fields[3], 16)
        pointers = fields[at + 1: at + 1 + 4 * int(fields[at])]
        out[fields[0]] = [pointers[i + 1] for i in range(0, len(pointers), 4) if pointers[i] == "@"]
    return out


def synset_words(wordnet, pos, offsets):
    """``{offset: (lex file number, [(word as written, lex_id), ...])}`` for the given synsets."""
    out = {}
    for fields in records(wordnet, "data", pos):
        if fields[0] in offsets:
            n = int(fields[3], 16)
            out[fields[0]] = (fields[1], [(fields[4 + 2 * i], fields[5 + 2 * i]) for i in range(n)])
    return out


def senses(wordnet, pos):
    """``{lemma: [synset offsets, most frequent first]}`` for single-word lemmas of ``pos`` (and
    phrasal verbs) with a tagged sense."""
    out = {}
    for fields in records(wordnet, "index", pos):
        lemma, n_synsets, n_ptrs = fields[0], int(fields[2]), int(fields[3])
        word = _WORD.match(lemma) or (pos == "v" and _PHRASAL.match(lemma))
        if word and int(fields[5 + n_ptrs]):
            out[lemma] = fields[6 + n_ptrs: 6 + n_ptrs + n_synsets]
    return out


def build(wordnet, *, min_count, verb_rank, family_rank, max_family, max_root, noun_rank=1):
    """Sorted groups ``(count, pos, offset, [(word, sense rank), most frequent first])``: nouns by
    their ``noun_rank`` most frequent senses (the first only by default), verbs by their
    ``verb_rank`` most frequent senses."""
    counts = tag_counts(wordnet)
    groups = []
    for pos, ss_num, rank in (("v", 2, verb_rank), ("n", 1, max(1, noun_rank))):
        ranked = senses(wordnet, pos)
        members = defaultdict(list)
        for lemma, offsets in ranked.items():
            for r, offset in enumerate(offsets[:rank], 1):
                members[offset].append((lemma, r))
        words = synset_words(wordnet, pos, {o for o, m in members.items() if len(m) > 1})
        for offset, lemmas in members.items():
            if len(lemmas) < 2:
                continue
            lex_file, in_synset = words[offset]
            written = {w.lower(): (w, lex_id) for w, lex_id in in_synset}
            scored = []
            for lemma, r in lemmas:
                as_written, lex_id = written.get(lemma, (None, None))
                # Written with a capital in this synset: a proper noun or a name ("Java").
                if as_written != lemma:
                    continue
                count = counts.get(f"{lemma}%{ss_num}:{lex_file}:{int(lex_id, 16):02d}::", 0)
                if count >= min_count:
                    scored.append((-count, lemma, r))
            if len(scored) > 1:
                scored.sort()
                groups.append((-sum(c for c, _, _ in scored), pos, offset,
                               [(w, r) for _, w, r in scored]))
    groups += _families(wordnet, family_rank, max_family, max_root)
    groups.sort(key=lambda g: (-g[0], g[1], g[2]))
    return groups


def _families(wordnet, verb_rank, max_family, max_root):
    """Verb families ("h" lines): the words whose frequent senses share a direct hypernym (or are
    that hypernym), e.g. "handle / operate / use"."""
    up = hypernyms(wordnet, "v")
    ranked = senses(wordnet, "v")
    words = synset_words(wordnet, "v", {o for offs in ranked.values() for o in offs[:verb_rank]})
    family = defaultdict(dict)
    for lemma, offsets in ranked.items():
        for r, offset in enumerate(offsets[:verb_rank], 1):
            written = {w.lower(): w for w, _ in words.get(offset, (0, ()))[1]}
            if written.get(lemma) != lemma:
                continue
            for head in (offset, *up.get(offset, ())):
                family[head].setdefault(lemma, r)
    out = []
    for head, members in family.items():
        # Under a root verb ("be", "act", "change") only small families say something. Phrasal
        # verbs join the families single verbs make, so they do not count towards the size.
        single = sum("_" not in m for m in members)
        if 1 < len(members) and single <= (max_family if up.get(head) else max_root):
            out.append((0, "h", head, sorted(members.items())))
    return out


def converse_pairs(wordnet, groups, rank, target_rank):
    """``x`` lines: pairs of verbs of the v/h/w groups that WordNet records as different acts: a
    synset among one's ``rank`` most frequent senses causes, entails or is the antonym of one
    among the other's ("teach" causes "learn", "buy" entails "pay") when they share a group, or
    causes or is the antonym of one among the other's ``target_rank`` ("hire" / "fire") for any
    two verbs; and they share none of their ``rank`` most frequent senses. These are never
    related, whether by a group they share or by the usage a vocabulary teaches
    (matching/_usage.py)."""
    links, opposite = defaultdict(set), defaultdict(set)
    for fields in records(wordnet, "data", "v"):
        at = 4 + 2 * int(fields[3], 16)
        pointers = fields[at + 1: at + 1 + 4 * int(fields[at])]
        for i in range(0, len(pointers), 4):
            if pointers[i] in (">", "*", "!") and pointers[i + 2] == "v":
                links[fields[0]].add(pointers[i + 1])
            if pointers[i] in (">", "!") and pointers[i + 2] == "v":
                opposite[fields[0]].add(pointers[i + 1])
    ranked = senses(wordnet, "v")
    top = {lemma: set(offsets[:rank]) for lemma, offsets in ranked.items()}
    pairs = set()
    for _c, pos, _o, words in groups:
        if pos == "n" or pos == "s":
            continue
        for a, _ in words:
            reach = {t for o in top.get(a, ()) for t in links.get(o, ())}
            pairs.update(tuple(sorted((a, b))) for b, _ in words
                         if b != a and reach & top.get(b, set()) and not top[a] & top.get(b, set()))
    # Any two verbs of the table, for the usage a vocabulary teaches: causes and antonyms (not
    # entailments: "pilot" entails "fly" in a sense), of a rarer sense of the other verb too
    # ("hire" is the antonym of "fire" in its fourth sense).
    verbs = sorted({w for _c, pos, _o, words in groups if pos not in ("n", "s") for w, _ in words})
    having = defaultdict(set)
    for lemma in verbs:
        for offset in ranked.get(lemma, ())[:target_rank]:
            having[offset].add(lemma)
    for a in verbs:
        for b in {b for o in top.get(a, ()) for t in opposite.get(o, ()) for b in having.get(t, ())}:
            if b != a and not top.get(a, set()) & top.get(b, set()):
                pairs.add(tuple(sorted((a, b))))
    return [(0, "x", "", [(a, 0), (b, 0)]) for a, b in sorted(pairs)]


def wide_groups(wide, narrow):
    """The groups of ``wide`` whose words are not already one group of ``narrow``: verb groups as
    ``w``, noun groups as ``s``."""
    seen = {(pos == "n", frozenset(w for w, _ in words)) for _c, pos, _o, words in narrow}
    out = []
    for count, pos, offset, words in wide:
        if (pos == "n", frozenset(w for w, _ in words)) not in seen:
            seen.add((pos == "n", frozenset(w for w, _ in words)))
            out.append((count, "s" if pos == "n" else "w", offset, words))
    return out


def dictionary(wordnet):
    """Single lower-case words of any part of speech with at least one sense-tagged use, sorted:
    the words fuzzy matching never takes for typos of one another ("hiring" / "firing")."""
    words = set()
    for pos in ("noun", "verb", "adj", "adv"):
        with open(wordnet / f"index.{pos}", encoding="latin-1") as f:
            for fields in (line.split() for line in f if not line.startswith("  ")):
                if _WORD.match(fields[0]) and int(fields[5 + int(fields[3])]):
                    words.add(fields[0])
    return sorted(words)


def proper_names(wordnet):
    """Sorted distinct lines of names: the single words each synset writes with a capital letter
    ("Austria", "Javanese"; "Romani Romany" share one), lower-cased. Fuzzy matching never takes
    two names of different synsets for typos of each other ("Austria" / "Australia")."""
    lines = set()
    for pos in ("noun", "verb", "adj", "adv"):
        with open(wordnet / f"data.{pos}", encoding="latin-1") as f:
            for fields in (line.split() for line in f if not line.startswith("  ")):
                written = (re.sub(r"\(.*\)$", "", fields[4 + 2 * i]) for i in range(int(fields[3], 16)))
                names = sorted({w.lower() for w in written if _NAME.match(w)})
                if names:
                    lines.add(" ".join(names))
    return sorted(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wordnet", type=Path, default=WORDNET)
    parser.add_argument("--min-count", type=int, default=0, help="least tagged count of a sense")
    parser.add_argument("--verb-rank", type=int, default=3, help="senses of a verb in v groups")
    parser.add_argument("--family-rank", type=int, default=3, help="senses of a verb in families")
    parser.add_argument("--max-family", type=int, default=30, help="most verbs in one family")
    parser.add_argument("--max-root", type=int, default=10, help="most verbs under a root verb")
    parser.add_argument("--wide-verb-rank", type=int, default=30, help="the same, for w lines")
    parser.add_argument("--wide-family-rank", type=int, default=30)
    parser.add_argument("--wide-max-family", type=int, default=200)
    parser.add_argument("--wide-max-root", type=int, default=40)
    parser.add_argument("--noun-rank", type=int, default=5, help="senses of a noun in s lines")
    parser.add_argument("--converse-rank", type=int, default=3, help="senses of a verb in x lines")
    parser.add_argument("--converse-target-rank", type=int, default=10,
                        help="senses of the other verb an x line's sense may point to")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--words", type=Path, default=OUT.with_name("words.txt"))
    parser.add_argument("--names", type=Path, default=OUT.with_name("names.txt"))
    args = parser.parse_args()
    names = ("min_count", "verb_rank", "family_rank", "max_family", "max_root")
    options = {k: getattr(args, k) for k in names}
    wide_options = {k: getattr(args, f"wide_{k}", args.min_count) for k in names}
    groups = build(args.wordnet, **options)
    groups += wide_groups(build(args.wordnet, **wide_options, noun_rank=args.noun_rank), groups)
    groups += converse_pairs(args.wordnet, groups, args.converse_rank, args.converse_target_rank)
    lines = [
        "# Synonym groups of the matching key: one per line, most frequent word first (a rank-1 word",
        "# stands for its n/v group); word:rank = which of the word's senses. Generated; do not edit:",
        "# scripts/build_thesaurus.py " + " ".join(f"--{k.replace('_', '-')} {v}" for k, v in options.items())
        + "".join(f" --wide-{k.replace('_', '-')} {v}" for k, v in wide_options.items() if k != "min_count")
        + f" --noun-rank {args.noun_rank} --converse-rank {args.converse_rank}"
        + f" --converse-target-rank {args.converse_target_rank}",
        "# Source: Princeton WordNet 3.0 (Debian wordnet-base); license in THESAURUS-LICENSE.",
    ]
    lines += [f"{pos} {' '.join(f'{w}:{r}' for w, r in words)}" for _count, pos, _offset, words in groups]
    args.out.write_text("\n".join(lines) + "\n")
    print(f"{len(groups)} groups, {sum(len(g[3]) for g in groups)} words -> {args.out}")
    words = dictionary(args.wordnet)
    write_generated(args.words, words, "English words (WordNet lemmas with a sense-tagged use): fuzzy "
                    "matching never takes two different ones for typos of each other.")
    print(f"{len(words)} dictionary words -> {args.words}")
    names = proper_names(args.wordnet)
    write_generated(args.names, names, "Names (WordNet's capitalized single words), one synset per line: "
                    "fuzzy matching never takes names of different lines for typos of each other.")
    print(f"{len(names)} name groups -> {args.names}")


def write_generated(path, lines, about):
    """Write ``lines`` under a header saying what they are, how they are made and their source."""
    header = [f"# {about}", "# Generated by scripts/build_thesaurus.py; do not edit.",
              "# Source: Princeton WordNet 3.0 (Debian wordnet-base); license in THESAURUS-LICENSE."]
    path.write_text("\n".join(header + lines) + "\n")

if __name__ == "__main__":
    main()
