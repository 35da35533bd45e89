"""Which column holds which profile field: a forgiving header mapping the caller can override."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from server.errors import ValidationFailed

# Profile fields an import can set, plus the two halves of a name.
FIELDS = ("external_id", "email", "display_name", "first_name", "last_name", "company", "job_title",
          "industry", "bio", "phone", "links", "interests", "goals", "department", "team", "office")
# Fields that several columns may feed (their values are joined), e.g. "LinkedIn" and "Website".
MULTI = {"links", "interests", "goals"}

_ALIASES = {
    "external_id": ["external id", "externalid", "ticket id", "ticket", "ticket number", "attendee id",
                    "registration id", "crm id"],
    "email": ["email", "e mail", "email address", "e mail address", "mail", "work email", "email adress"],
    "display_name": ["display name", "name", "full name", "attendee name", "participant name"],
    "first_name": ["first name", "firstname", "given name", "forename", "first"],
    "last_name": ["last name", "lastname", "surname", "family name", "last"],
    "company": ["company", "organisation", "organization", "company organisation", "company organization",
                "organisation company", "organization company", "employer", "company name"],
    "job_title": ["job title", "title", "position", "role", "job", "job position"],
    "industry": ["industry", "sector", "industry department"],
    # A bare "Department" column: see _department_target.
    "department": ["dept", "department name", "business unit", "division", "org unit", "organisational unit",
                   "organizational unit", "function"],
    "team": ["team name", "squad", "sub team", "subteam"],
    "office": ["office location", "work location", "site", "base office", "location office", "workplace"],
    "bio": ["bio", "biography", "about", "about me", "short bio"],
    "phone": ["phone", "mobile", "phone number", "mobile phone", "mobile number", "telephone", "tel", "cell"],
    "links": ["links", "link", "linkedin", "linkedin url", "linkedin profile", "website", "web", "url",
              "homepage", "twitter"],
    "interests": ["interests", "interest", "topics", "tags", "areas of interest", "topics of interest",
                  "fields of interest", "interest areas", "interested in"],
    "goals": ["goals", "goal", "looking for", "intents", "objectives", "networking goals"],
}
_BY_ALIAS = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
_BY_ALIAS.update({name.replace("_", " "): name for name in FIELDS})
# Registration forms export their questions as headers ("What are you looking for?", "Please enter your
# work email", "Your job title - required"): these words only frame the question. A header is matched
# again without them, and still only when what is left is a known header, so "Email opt-in" or
# "Company size" stay ignored rather than filling a field with the wrong answers.
_QUESTION_WORDS = frozenset(
    "what which who where are is do does you your yours please enter select choose provide list tell us "
    "me i m am my our the a an currently current here required optional mandatory work business".split())


def _field_of(key: str) -> str | None:
    """The field a normalized header names, as written or without the words framing a question."""
    return _BY_ALIAS.get(key) or _BY_ALIAS.get(" ".join(w for w in key.split() if w not in _QUESTION_WORDS))


def normalize_header(header: str) -> str:
    """"Interests (separate with ;)" -> "interests", "E-mail Address" -> "e mail address"."""
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", str(header).casefold())
    return " ".join(re.sub(r"[^\w]+|_", " ", text).split())


@dataclass
class ColumnPlan:
    """Column positions per field, and what the organizer should hear about the header."""

    fields: dict[str, list[int]] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # header -> field, for the report
    ignored: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)

    def header_of(self, name: str) -> str:
        """The organizer's header for a field (the first column that feeds it)."""
        if name in self.fields:
            return self.headers[self.fields[name][0]]
        return name


def _department_target(headers: list[str], internal: bool) -> str:
    """Where a bare "Department" column goes. Conference registration lists have long used it for
    the sector, and their imports keep filling `industry`; an internal event's list, or a file that
    also has an industry, team or office column, means the organizational unit."""
    others = {_field_of(normalize_header(h)) for h in headers}
    return "department" if internal or others & {"industry", "team", "office"} else "industry"


def plan_columns(headers: list[str], column_map: dict[str, str | None] | None = None, *,
                 internal: bool = False) -> ColumnPlan:
    """Map headers to fields: `column_map` first (exact or normalized header), then the aliases.
    `internal`: the event connects departments (a bare "Department" column is the unit)."""
    column_map = dict(column_map or {})
    explicit = {normalize_header(h): target for h, target in column_map.items()}
    present = {normalize_header(h) for h in headers} | set(headers)
    missing = [h for h in column_map if h not in present and normalize_header(h) not in present]
    if missing:
        raise ValidationFailed("column_map", f"Not a header of the file: {', '.join(map(repr, missing))}.")
    plan = ColumnPlan(headers=[str(h) for h in headers])
    for position, header in enumerate(plan.headers):
        key = normalize_header(header)
        if header in column_map:
            target = column_map[header]
        elif key in explicit:
            target = explicit[key]
        elif key == "department":
            target = _department_target(plan.headers, internal)
        else:
            target = _field_of(key)
        if not target or (target in plan.fields and target not in MULTI):
            if header.strip():
                plan.ignored.append(header)
            continue
        plan.fields.setdefault(target, []).append(position)
        plan.columns[header] = target
    if "email" not in plan.fields and "external_id" not in plan.fields:
        raise ValidationFailed(
            "file", "No column holds email addresses or external IDs: name one `Email` or `External ID`, "
            "or send a column_map.", found_headers=plan.headers,
        )
    return plan


def check_column_map(raw: object) -> dict[str, str | None]:
    """Validate the `column_map` form field: a JSON object of header -> field name (or null to skip)."""
    if not isinstance(raw, dict) or not all(isinstance(k, str) for k in raw):
        raise ValidationFailed("column_map", "Give a JSON object of header -> field.")
    for header, target in raw.items():
        if target is not None and target != "" and target not in FIELDS:
            raise ValidationFailed(
                "column_map", f"{header!r}: unknown field {target!r}; one of {', '.join(FIELDS)} or null."
            )
    return raw
