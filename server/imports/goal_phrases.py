"""How registration forms write the default goals, so a "What are you looking for?" column imports.

Organizers' forms rarely use our labels: people answer "Investors", "Find a mentor", "Talent" or
"Partnerships". Each phrase names one default goal from the answerer's side ("Investors" in a list of
what someone looks for means they raise funds). A phrase counts only for goals the event has; an event's
own goals are matched by their key and label as before.
"""
from __future__ import annotations

import re

__all__ = ["phrase_key", "PHRASES"]

PHRASES: dict[str, tuple[str, ...]] = {
    "raising_funds": ("investors", "investor", "funding", "fundraising", "fund raising", "raise funds",
                      "raise funding", "raising capital", "raise capital", "capital", "vcs", "vc", "angels",
                      "angel investors", "seed funding"),
    "investing": ("investment opportunities", "deal flow", "dealflow", "startups to invest in", "invest",
                  "investments"),
    "seeking_mentor": ("mentor", "mentors", "mentorship", "guidance", "advice", "advisor", "advisors", "coaching"),
    "mentoring": ("mentees", "mentee", "mentor others", "mentor someone"),
    "hiring": ("talent", "candidates", "recruiting", "recruitment", "hire", "hires", "employees", "team members",
               "engineers to hire"),
    "job_seeking": ("job", "jobs", "job opportunities", "career opportunities", "employment", "internship",
                    "internships", "next role", "career"),
    "selling": ("customers", "clients", "leads", "sales", "buyers"),
    "buying": ("suppliers", "vendors", "solutions", "tools", "service providers", "providers"),
    "finding_cofounder": ("co founder", "co founders", "cofounder", "cofounders", "technical co founder"),
    "partnering": ("partners", "partnership", "partnerships", "collaboration", "collaborations", "collaborators",
                   "business partners", "distributors", "resellers"),
    "learning": ("learn", "knowledge", "insights", "education", "inspiration", "ideas", "trends", "training"),
    "sharing_expertise": ("share expertise", "share knowledge", "share my expertise", "speaking", "teaching"),
    "meeting_peers": ("peers", "networking", "network", "contacts", "connections", "people", "like minded people",
                      "community"),
}

# Words that frame an answer without changing which goal it names ("to find a mentor" = "mentor").
_FRAMING = frozenset("a an the some new more potential good great find finding meet meeting looking look "
                     "for seeking seek get getting i am want wanting to my our other".split())


def phrase_key(text: str) -> str:
    """A phrase as it is looked up: lower case, words only, framing words left out."""
    words = re.sub(r"[^\w]+|_", " ", text.casefold()).split()
    return " ".join(w for w in words if w not in _FRAMING)
