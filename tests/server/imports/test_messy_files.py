"""Messy real-world lists (BOM, semicolons, Windows-1252, UTF-16, blank lines, duplicates, missing emails,
bad goals, formulas, a 3-sheet workbook) import with exactly the expected per-row report."""
import io

import openpyxl

from tests.server.imports.helpers import API, attendees, organizer_with_event, upload


def _goal_help(client, owner, event) -> str:
    intents = client.get(f"{API}/events/{event['id']}/intents", headers=owner["headers"]).json["intents"]
    return ", ".join(f"{i['key']} ({i['label']})" for i in intents)


SEMICOLON_BOM = (
    "\ufeff"
    '"Ticket ID";"First Name";"Last Name";"E-mail Address";"Company / Organisation";"Job title";'
    '"Interests (separate with ;)";"Goals";"Phone";"Notes"\r\n'
    "T-001;Ana;Sousa;ana.sousa@example.org;Quantix;CTO;ML; machine learning; Payments;Hiring, raising funds;"
    "'+351 912 345 678;first\r\n".replace("ML; machine learning; Payments", '"ML; machine learning; Payments"')
    + "\r\n"
    "T-002;Bruno;Lima;BRUNO@Example.org;=1+2;@founder;Rust|rust;Investing|Mentoring;;\r\n"
    "T-003;Carla;Nomail;;Acme;;;;;\r\n"
    "T-004;Dan;Twice;bruno@example.org;Other;;;;;\r\n"
    "T-005;Eve;Bad;eve@example.org;;;;world peace, hiring;;\r\n"
    ";Fay;Typo;fay-at-example.org;;;;;;\r\n"
    ";;;;;;;;;\r\n"
    f"T-007;Gus;Long;gus@example.org;{'x' * 121};;;;;\r\n"
)


def test_semicolon_csv_with_bom_blank_lines_duplicates_and_bad_rows(client, app):
    owner, event = organizer_with_event(client)
    response = upload(client, owner, event, SEMICOLON_BOM)
    assert response.status_code == 201, response.json
    report = response.json
    goal_help = _goal_help(client, owner, event)
    assert report["status"] == "succeeded" and report["format"] == "csv" and report["sheet"] is None
    assert report["columns"] == {
        "Ticket ID": "external_id", "First Name": "first_name", "Last Name": "last_name",
        "E-mail Address": "email", "Company / Organisation": "company", "Job title": "job_title",
        "Interests (separate with ;)": "interests", "Goals": "goals", "Phone": "phone",
    }
    assert report["ignored_columns"] == ["Notes"]
    assert report["progress"] == {"rows_done": 9, "rows_total": 9}
    assert report["counts"] == {"created": 2, "updated": 0, "unchanged": 0, "error": 5}
    assert report["errors"] == [
        {"row": 5, "column": "E-mail Address", "message": "Required for a new attendee (no attendee has this "
                                                          "external ID yet)."},
        {"row": 6, "column": "E-mail Address", "message": "Same email as row 4, which is imported instead."},
        {"row": 7, "column": "Goals", "message": f"Unknown goal 'world peace'; the event's goals are {goal_help}."},
        {"row": 8, "column": "E-mail Address", "message": "Not a valid email address."},
        {"row": 10, "column": "Company / Organisation", "message": "Length must be between 0 and 120."},
    ]
    assert report["errors_total"] == 5
    assert [(r["row"], r["status"]) for r in report["rows"]] == [
        (2, "created"), (4, "created"), (5, "error"), (6, "error"), (7, "error"), (8, "error"), (10, "error")]
    people = {a["email"]: a for a in attendees(client, owner, event)}
    assert set(people) == {"ana.sousa@example.org", "bruno@example.org"}
    ana, bruno = people["ana.sousa@example.org"], people["bruno@example.org"]
    assert (ana["display_name"], ana["company"], ana["job_title"]) == ("Ana Sousa", "Quantix", "CTO")
    assert ana["interests"] == ["ML", "Payments"]  # "machine learning" is the same interest as "ML"
    assert ana["goals"] == ["hiring", "raising_funds"] and ana["phone"] == "+351 912 345 678"
    assert ana["status"] == "invited"
    # Formulas are just text in a profile; exports neutralise them.
    assert (bruno["company"], bruno["job_title"], bruno["interests"]) == ("=1+2", "@founder", ["Rust"])
    assert bruno["goals"] == ["investing", "mentoring"]


def test_windows_1252_tab_separated_with_goal_labels(client, app):
    owner, event = organizer_with_event(client)
    text = ("Name\tEmail\tCompany\tIndustry\tLooking for\r\n"
            "Zoë Müller\tzoe@example.org\tSociété Générale\tBanking\tInvesting\r\n"
            "José Niño\tjose@example.org\tCafé Ñandú\t\tseeking a MENTOR; Raising Funds\r\n")
    response = upload(client, owner, event, text.encode("cp1252"), "export.txt")
    assert response.status_code == 201, response.json
    assert response.json["counts"] == {"created": 2, "updated": 0, "unchanged": 0, "error": 0}
    assert response.json["columns"] == {"Name": "display_name", "Email": "email", "Company": "company",
                                        "Industry": "industry", "Looking for": "goals"}
    people = {a["email"]: a for a in attendees(client, owner, event)}
    assert (people["zoe@example.org"]["display_name"], people["zoe@example.org"]["company"]) == (
        "Zoë Müller", "Société Générale")
    assert people["jose@example.org"]["company"] == "Café Ñandú"
    assert people["jose@example.org"]["goals"] == ["seeking_mentor", "raising_funds"]


def test_utf16_pipe_separated_with_two_link_columns(client, app):
    owner, event = organizer_with_event(client)
    text = ("mail|Position|Department|Website|LinkedIn|Bio\n"
            "ines@example.org|Designer|R&D|https://ines.example|https://linkedin.com/in/ines|Ceramics, type.\n"
            "joao@example.org|PM|Ops|not a url||\n")
    response = upload(client, owner, event, text.encode("utf-16"))
    assert response.status_code == 201, response.json
    assert response.json["counts"] == {"created": 1, "updated": 0, "unchanged": 0, "error": 1}
    assert response.json["errors"] == [{"row": 3, "column": "Website", "message": "'not': Not a valid URL. "
                                                                                  "'a': Not a valid URL. "
                                                                                  "'url': Not a valid URL."}]
    (ines,) = attendees(client, owner, event)
    assert ines["links"] == ["https://ines.example", "https://linkedin.com/in/ines"]
    assert (ines["job_title"], ines["industry"], ines["bio"]) == ("Designer", "R&D", "Ceramics, type.")
    assert ines["display_name"] == "ines"  # no name column: the address's local part


def _three_sheet_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    readme = workbook.active
    readme.title = "Read me"
    readme.append(["How to fill in this list"])
    readme.append(["One person per row on the next sheet."])
    people = workbook.create_sheet("Registrations")
    people.append(["Lisbon Summit registrations"])
    people.append([])
    people.append(["Attendee ID", "Full name", "Email", "Company", "Mobile", "Interests"])
    people.append([1001, "Ana Sousa", "ana@example.org", "Quantix", 351912000111, "Rust, Payments"])
    people.append([])
    people.append([1002, "Bruno Lima", "bruno@example.org", "Northwind", None, "Robotics"])
    people.append([1003, "Carla Dias", "ana@example.org", "Acme", None, None])
    formula_text = people.cell(row=people.max_row + 1, column=1, value="1004")
    people.cell(row=formula_text.row, column=2, value="Dora")
    people.cell(row=formula_text.row, column=3, value="dora@example.org")
    company = people.cell(row=formula_text.row, column=4, value="=SUM(A1:A2)")
    company.data_type = "s"  # text that looks like a formula, as Excel stores '=SUM(A1:A2)
    lookups = workbook.create_sheet("Lookups")
    lookups.append(["Goal", "Label"])
    lookups.append(["hiring", "Hiring"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_three_sheet_workbook_reads_the_sheet_with_a_header(client, app):
    owner, event = organizer_with_event(client)
    data = _three_sheet_workbook()
    response = upload(client, owner, event, data, "summit.xlsx")
    assert response.status_code == 201, response.json
    report = response.json
    assert (report["format"], report["sheet"]) == ("xlsx", "Registrations")
    assert report["columns"] == {"Attendee ID": "external_id", "Full name": "display_name", "Email": "email",
                                 "Company": "company", "Mobile": "phone", "Interests": "interests"}
    assert report["counts"] == {"created": 3, "updated": 0, "unchanged": 0, "error": 1}
    assert [(r["row"], r["status"]) for r in report["rows"]] == [
        (4, "created"), (6, "created"), (7, "error"), (8, "created")]
    assert report["errors"] == [{"row": 7, "column": "Email", "message": "Same email as row 4, which is imported instead."}]
    people = {a["email"]: a for a in attendees(client, owner, event)}
    assert people["ana@example.org"]["phone"] == "351912000111"  # a number cell, not 351912000111.0
    assert people["ana@example.org"]["interests"] == ["Rust", "Payments"]
    assert people["dora@example.org"]["company"] == "=SUM(A1:A2)"
    # Naming a sheet picks it, and says so when it has no usable header.
    wrong = upload(client, owner, event, data, "summit.xlsx", sheet="Lookups")
    assert wrong.status_code == 422 and "file" in wrong.json["errors"]
    again = upload(client, owner, event, data, "summit.xlsx", sheet="2")
    assert again.json["sheet"] == "Registrations"
    assert again.json["counts"] == {"created": 0, "updated": 0, "unchanged": 3, "error": 1}


def test_json_array_with_lists(client, app):
    owner, event = organizer_with_event(client)
    body = [{"email": "ana@example.org", "display_name": "Ana", "interests": ["Rust", "rust", "Go"],
             "goals": ["Hiring"], "external_id": 7},
            {"email": "bad", "display_name": "Bad"}]
    response = client.post(f"{API}/events/{event['id']}/imports?dry_run=true", json=body, headers=owner["headers"])
    assert response.status_code == 201, response.json
    assert response.json["dry_run"] is True
    assert response.json["counts"] == {"created": 1, "updated": 0, "unchanged": 0, "error": 1}
    assert response.json["errors"] == [{"row": 2, "column": "email", "message": "Not a valid email address."}]
    assert attendees(client, owner, event) == []  # a dry run writes nothing
    response = client.post(f"{API}/events/{event['id']}/imports", json=body, headers=owner["headers"])
    (ana,) = attendees(client, owner, event)
    assert (ana["interests"], ana["goals"]) == (["Rust", "Go"], ["hiring"])


# Registration forms export their questions as headers. A question maps when, without the words that frame it,
# it is a known header; anything else stays ignored rather than filling a field with the wrong answers.
FORM_HEADERS = [
    ("What are you looking for?", "goals"),
    ("What are your interests?", "interests"),
    ("Areas of interest", "interests"),
    ("I'm interested in", "interests"),
    ("Your job title - required", "job_title"),
    ("Current company", "company"),
    ("Please enter your mobile number", "phone"),
    ("Your LinkedIn profile", "links"),
    ("Email opt-in", None),
    ("Company size", None),
    ("Are you hiring?", None),
    ("Name of your company", None),
]


def test_registration_form_questions_map_to_fields_and_look_alikes_stay_ignored(client, app):
    owner, event = organizer_with_event(client)
    header = ",".join(f'"{question}"' for question, _ in FORM_HEADERS)
    cells = ",".join(f'"{i}"' for i in range(len(FORM_HEADERS)))
    report = upload(client, owner, event, f'"Please enter your work email",{header}\nana@example.org,{cells}\n',
                    dry_run=True).json
    assert report["columns"] == {"Please enter your work email": "email",
                                 **{question: field for question, field in FORM_HEADERS if field}}
    assert report["ignored_columns"] == [question for question, field in FORM_HEADERS if not field]


def test_goals_as_registration_forms_phrase_them(client, app):
    """A "What are you looking for?" column answered in the attendee's words imports as the default goals;
    words that name no goal still make the row an error that lists the event's goals."""
    owner, event = organizer_with_event(client)
    text = ('Email,What are you looking for?\n'
            'ana@example.org,"Investors; find a mentor; Talent"\n'
            'ben@example.org,"Partnerships, a co-founder, new customers"\n'
            'cai@example.org,"Networking | to learn | Raising funds"\n'
            'dee@example.org,"world peace, hiring"\n')
    report = upload(client, owner, event, text).json
    assert report["counts"]["created"] == 3 and [e["row"] for e in report["errors"]] == [5]
    assert "world peace" in report["errors"][0]["message"] and "raising_funds" in report["errors"][0]["message"]
    goals = {a["email"]: a["goals"] for a in attendees(client, owner, event)}
    assert goals == {"ana@example.org": ["raising_funds", "seeking_mentor", "hiring"],
                     "ben@example.org": ["partnering", "finding_cofounder", "selling"],
                     "cai@example.org": ["meeting_peers", "learning", "raising_funds"]}
