"""Score terms and reasons from where people sit: another department, another office, one team.

Two forms of the same terms (see the formula in :mod:`matching.score`): :func:`unit_reasons` for
one pair, with reasons written in each side's own words, and :func:`adjust` over arrays of unit
codes, for the index and the candidate graph. Both add the bonuses only to pairs whose score is
already positive (common ground first, then the reach across the organization), then apply the
department and team factors. Reasons' ``text`` is from the viewer's side ("you" = viewer).
"""

from dataclasses import dataclass

import numpy as np

from .reasons import _Reason
from .units import team_key, unit_key

__all__ = ["CrossDepartment", "CrossOffice", "SameDepartment", "SameTeam", "unit_reasons", "adjust",
           "unit_codes"]


@dataclass(frozen=True)
class CrossDepartment(_Reason):
    """Common ground with someone of another department."""

    your_department: str
    their_department: str
    weight: float
    kind = "cross_department"

    @property
    def text(self):
        return (f"You are in {self.your_department}, they are in {self.their_department}: "
                "a cross-functional contact.")

    @property
    def opener(self):
        return (f"You are in {self.your_department}, they are in {self.their_department}: "
                "ask what their team is working on this quarter.")


@dataclass(frozen=True)
class CrossOffice(_Reason):
    """Common ground with someone who works in another office."""

    your_office: str
    their_office: str
    weight: float
    kind = "cross_office"

    @property
    def text(self):
        return f"You work in {self.your_office}, they work in {self.their_office}."

    @property
    def opener(self):
        return f"You work in {self.your_office}, they work in {self.their_office}: compare how your offices work."


@dataclass(frozen=True)
class SameDepartment(_Reason):
    """Both in one department: the score was multiplied by ``factor``; ``weight`` is 0 (a penalty)."""

    department: str
    factor: float
    weight: float = 0.0
    kind = "same_department"

    @property
    def text(self):
        return f"You are both in {self.department}."


@dataclass(frozen=True)
class SameTeam(_Reason):
    """Both in one team: the score was multiplied by ``factor`` (0 hides the pair entirely)."""

    team: str
    factor: float
    weight: float = 0.0
    kind = "same_team"

    @property
    def text(self):
        return f"You are both on the {self.team} team."


def unit_reasons(a, b, base, weights, reasons):
    """``base`` after the unit terms of the pair (a, b); appends their reasons. O(1)."""
    da, db = unit_key(a.department), unit_key(b.department)
    oa, ob = unit_key(a.office), unit_key(b.office)
    if base > 0 and da and db and da != db and weights.cross_department > 0:
        base += weights.cross_department
        reasons.append(CrossDepartment(a.department.strip(), b.department.strip(), weights.cross_department))
    if base > 0 and oa and ob and oa != ob and weights.cross_office > 0:
        base += weights.cross_office
        reasons.append(CrossOffice(a.office.strip(), b.office.strip(), weights.cross_office))
    if da and da == db and weights.same_department != 1:
        base *= weights.same_department
        reasons.append(SameDepartment(b.department.strip(), weights.same_department))
    ta = team_key(a.department, a.team)
    if ta and ta == team_key(b.department, b.team) and weights.same_team != 1:
        base *= weights.same_team
        reasons.append(SameTeam(b.team.strip(), weights.same_team))
    return base


def unit_codes(profile, code):
    """(department, team, office) codes of ``profile`` from ``code(kind, key)`` (-1 when blank)."""
    return (code("department", unit_key(profile.department)),
            code("team", team_key(profile.department, profile.team)),
            code("office", unit_key(profile.office)))


def adjust(weights, mine, theirs, scores):
    """``scores`` with the unit terms applied, for code triples ``mine`` and ``theirs`` (arrays of
    department, team and office codes that broadcast against ``scores``; -1 = unknown).
    O(size of scores); returns ``scores`` itself when the weights do not use units."""
    if not weights.uses_units:
        return scores
    (md, mt, mo), (td, tt, to) = mine, theirs
    positive = scores > 1e-9
    out = scores.astype(float, copy=True)
    if weights.cross_department:
        out += weights.cross_department * (positive & (md >= 0) & (td >= 0) & (md != td))
    if weights.cross_office:
        out += weights.cross_office * (positive & (mo >= 0) & (to >= 0) & (mo != to))
    if weights.same_department != 1:
        out = np.where((md >= 0) & (md == td), out * weights.same_department, out)
    if weights.same_team != 1:
        out = np.where((mt >= 0) & (mt == tt), out * weights.same_team, out)
    return out
