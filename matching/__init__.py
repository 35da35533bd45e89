"""Rapport matching: common ground, mutual benefit and speed-networking rounds.

A pure library (plain data in, plain data out): no Flask, SQLAlchemy or server imports. Every
result is deterministic; ties are broken by profile id (or canonical key) ascending.
"""

from .errors import InfeasibleError, MatchingError, UnknownIntentError, UnknownProfileError
from .index import MatchIndex
from .intents import INTENTS, Intent, IntentCatalogue, make_catalogue, normalize_goal
from .normalize import interest_similarity, normalize_interest, same_interest
from .reasons import ComplementaryGoal, CrossIndustry, Match, SameOrganization, SharedInterest
from .rounds import plan_rounds, round_weight
from .score import Profile, Weights, score_pair
from .unit_terms import CrossDepartment, CrossOffice, SameDepartment, SameTeam
from .units import SCOPES, same_unit_pairs, scope_weights, team_key, unit_key, unit_labels
from .vocabulary import InterestVocabulary, group_interests

__all__ = [
    "normalize_interest", "same_interest", "interest_similarity", "group_interests",
    "InterestVocabulary", "INTENTS", "Intent", "IntentCatalogue", "make_catalogue",
    "normalize_goal", "Profile", "Weights", "Match", "SharedInterest", "ComplementaryGoal",
    "CrossIndustry", "SameOrganization", "score_pair", "MatchIndex", "MatchingError",
    "UnknownIntentError", "UnknownProfileError", "InfeasibleError", "plan_rounds", "round_weight",
    "CrossDepartment", "CrossOffice", "SameDepartment", "SameTeam", "SCOPES", "scope_weights",
    "unit_key", "team_key", "unit_labels", "same_unit_pairs",
]
