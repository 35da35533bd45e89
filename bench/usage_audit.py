"""Every 'usage' and verb/noun 'synonym' merge a vocabulary learns on conference-like phrasing,
for review by eye (issue 10): `.venv/bin/python bench/usage_audit.py [--reasons usage,synonym]`.

Vocabularies: the raw interests of `bench/synthetic.py` (100k attendees), the demo event
(`server/demo.py`), tests/matching's 108 conference interests, and event vocabularies written for this audit (tech, climate, health, HR,
investing) where people write the same objects with role-opposed or complementary verbs.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matching import InterestVocabulary  # noqa: E402

ROLES = {
    "tech": (["hosting", "attending", "organizing", "joining", "running", "speaking at", "sponsoring"],
             ["tech meetups", "design sprints", "hackathons", "developer conferences",
              "coding bootcamps", "product workshops", "startup weekends"]),
    "build": (["building", "using", "selling", "buying", "testing", "designing", "maintaining"],
              ["mobile apps", "data pipelines", "ml models", "developer tools", "saas platforms",
               "api integrations"]),
    "climate": (["investing in", "founding", "funding", "advising", "mentoring", "scaling"],
                ["climate startups", "carbon removal startups", "clean energy companies",
                 "circular economy ventures", "green hydrogen projects"]),
    "health": (["teaching", "learning", "providing", "receiving", "delivering", "designing"],
               ["mental health support", "patient care programs", "digital health services",
                "clinical trials", "telehealth consultations"]),
    "hr": (["hiring", "recruiting", "training", "onboarding", "managing", "leading", "coaching"],
           ["remote teams", "software engineers", "sales teams", "data scientists",
            "customer support staff"]),
    "investing": (["buying", "selling", "renting", "leasing", "valuing", "managing", "financing"],
                  ["commercial real estate", "rental properties", "office buildings",
                   "residential property portfolios", "green bonds"]),
    "edu": (["teaching", "taking", "creating", "reviewing", "publishing", "reading"],
            ["online courses", "research papers", "case studies", "open textbooks"]),
    "supply": (["providing", "consuming", "producing", "importing", "exporting", "distributing"],
               ["cloud services", "renewable electricity", "organic produce", "medical supplies",
                "consumer electronics"]),
}


#: Objects a verb also takes in a real vocabulary, beside the grid ("hosting webinars").
EXTRA = ["community podcasts", "local chapters", "industry panels", "online forums",
         "research projects", "pilot programs", "open source projects", "regional networks"]


def conference_sets():
    out = {}
    for name, (verbs, objs) in ROLES.items():
        out[name] = [f"{v} {o}" for o in objs for v in verbs]
        # The same grid where each verb also takes two objects of its own (shared with its
        # neighbours in the list): the tie is no longer written on exactly the same things.
        out[name + "+own"] = out[name] + [f"{v} {EXTRA[(i + k) % len(EXTRA)]}"
                                          for i, v in enumerate(verbs) for k in (0, 1)]
        # One verb far broader than the others (most people attend; a few host): the case
        # matching._usage cannot tell from a paraphrase by counts alone.
        out[name + "+broad"] = out[name] + [f"{verbs[1]} {o}" for o in EXTRA]
        # Two roles sharing three objects and taking four of their own each.
        out[name + "+partial"] = ([f"{v} {o}" for o in objs[:3] for v in verbs[:2]]
                                  + [f"{verbs[0]} {o}" for o in EXTRA[:4]]
                                  + [f"{verbs[1]} {o}" for o in EXTRA[4:]])
    from bench.synthetic import event  # noqa: PLC0415
    from server.demo import INTERESTS  # noqa: PLC0415
    from tests.matching.test_thesaurus import CONFERENCE  # noqa: PLC0415
    out["demo"] = [t for group in INTERESTS for t in group]
    out["tests-conference"] = [t for group in CONFERENCE for t in (group if isinstance(group, (list, tuple)) else [group])]
    out["synthetic-100k"] = [t for person in event(100_000).profiles for t in person.interests]
    return out


def merges(texts, reasons):
    """[(reason, alias, label)] for aliases that joined their tag for one of ``reasons``."""
    v = InterestVocabulary()
    tags = sorted(set(v.canonicalize_many(texts)))
    out = []
    for tag in tags:
        info = v.explain(tag)
        for a in info["aliases"]:
            if a["reason"] in reasons:
                out.append((a["reason"], a["text"], info["label"]))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reasons", default="usage,synonym")
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    reasons = set(args.reasons.split(","))
    for name, texts in conference_sets().items():
        if args.only and name not in args.only.split(","):
            continue
        found = merges(texts, reasons)
        print(f"## {name}: {len(set(texts))} texts, {len(found)} merges ({','.join(sorted(reasons))})")
        for reason, alias, label in found:
            print(f"  {reason:8} {alias!r} -> {label!r}")


if __name__ == "__main__":
    main()
