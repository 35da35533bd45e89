"""Why two people should meet: reason records, the :class:`Match` that carries them, icebreakers.

Every reason is a frozen dataclass with a ``kind``, a ``weight`` (its contribution to the score),
a human ``text`` written from the viewpoint of the person receiving the suggestion ("you" = the
viewer, "they" = the suggested person), and :meth:`to_dict` for JSON. The server can render names
from the structured fields instead of the text.
"""

from dataclasses import dataclass, fields

__all__ = [
    "SharedInterest", "ComplementaryGoal", "CrossIndustry", "SameOrganization", "Match",
    "icebreaker",
]


class _Reason:
    kind = "reason"
    weight = 0.0

    def to_dict(self):
        # A shallow copy: reasons hold only scalars and tuples, and asdict's deep copy costs
        # more than building the whole suggestion list; field names are looked up once per class.
        names = _FIELD_NAMES.get(type(self))
        if names is None:
            names = _FIELD_NAMES[type(self)] = tuple(f.name for f in fields(self))
        data = {"kind": self.kind}
        for name in names:
            data[name] = getattr(self, name)
        data["text"] = self.text
        return data


_FIELD_NAMES = {}  # reason class -> its dataclass field names, in order


@dataclass(frozen=True)
class SharedInterest(_Reason):
    """Both listed the same interest; ``yours``/``theirs`` are the words each side wrote."""

    tag: int
    label: str
    yours: tuple[str, ...]
    theirs: tuple[str, ...]
    weight: float
    kind = "shared_interest"

    @property
    def text(self):
        if not self.yours or not self.theirs or set(self.yours) & set(self.theirs):
            return f"You both listed {self.label}."
        return (f'You both care about {self.label} '
                f'(you wrote "{self.yours[0]}", they wrote "{self.theirs[0]}").')


@dataclass(frozen=True)
class ComplementaryGoal(_Reason):
    """Goals that complement each other: ``offered_by`` (the suggested person) can offer
    ``they_offer`` to ``offered_to`` (the viewer), who brings ``you_offer`` in return."""

    your_goal: str
    their_goal: str
    your_phrase: str
    their_phrase: str
    you_offer: str
    they_offer: str
    offered_by: object
    offered_to: object
    weight: float
    kind = "complementary_goal"

    @property
    def text(self):
        if self.your_goal == self.their_goal:
            return f"You are both {self.your_phrase}."
        return (f"They are {self.their_phrase}; you are {self.your_phrase}: "
                f"they bring {self.they_offer}, you bring {self.you_offer}.")


@dataclass(frozen=True)
class CrossIndustry(_Reason):
    """Common ground across industries (only counted when there is common ground)."""

    your_industry: str
    their_industry: str
    weight: float
    kind = "cross_industry"

    @property
    def text(self):
        return f"You work in {self.your_industry}, they work in {self.their_industry}."


@dataclass(frozen=True)
class SameOrganization(_Reason):
    """Colleagues: the score was multiplied by ``factor``; ``weight`` is 0 (a penalty)."""

    organization: str
    factor: float
    weight: float = 0.0
    kind = "same_organization"

    @property
    def text(self):
        return f"You both work at {self.organization}."


@dataclass(frozen=True)
class Match:
    """A suggested person: ``profile_id`` is theirs, ``score`` the symmetric pair score,
    ``rank_score`` the score after exposure damping (what lists are sorted by), ``reasons`` by
    weight descending, and ``icebreaker`` one sentence from the strongest reason."""

    profile_id: object
    score: float
    reasons: tuple
    icebreaker: str
    rank_score: float

    def to_dict(self):
        return {
            "profile_id": self.profile_id, "score": self.score, "rank_score": self.rank_score,
            "icebreaker": self.icebreaker, "reasons": [r.to_dict() for r in self.reasons],
        }


def icebreaker(reasons):
    """Short opening line from the first (strongest) reason that is not a penalty."""
    for r in reasons:
        if isinstance(r, SharedInterest):
            if r.yours and r.theirs and not set(r.yours) & set(r.theirs):
                return (f'You both care about {r.label} ("{r.yours[0]}" / "{r.theirs[0]}"): '
                        "ask what they are working on there.")
            return f"You both listed {r.label}: ask what got them into it."
        if isinstance(r, ComplementaryGoal):
            if r.your_goal == r.their_goal:
                return f"You are both {r.your_phrase}: compare what you are looking for."
            return f"They are {r.their_phrase} and you are {r.your_phrase}: ask what they look for."
        if isinstance(r, CrossIndustry):
            return (f"You work in {r.your_industry}, they work in {r.their_industry}: "
                    "what could each learn from the other?")
        if getattr(r, "opener", None):  # reasons defined elsewhere (matching.unit_terms)
            return r.opener
    return "Say hello and ask what brought them here."
