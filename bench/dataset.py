"""A realistic large municipality, built fast with bulk inserts into any
database URL, the same every time for the same arguments.

    .venv/bin/python bench/dataset.py --database-url URL [--years 10] [--comments 5000] [--proposals 500]

300 associations and 400 representatives; `years` approved rounds of 13
sections with a history of versions; a current round at the association
evening with `comments` comments and replies and `proposals` proposals,
spread unevenly over the sections (a few sections take most of the traffic).
"""
from __future__ import annotations

import argparse
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa

SEED = 2026
START = datetime(2016, 1, 10, 9, 0)
WORDS = ("kunta yhdistys järjestö avustus toimitila yhteistyö hyvinvointi ilta vuosikello koordinaattori "
         "hakemus päätös valtuusto lautakunta tiedottaminen kumppanuus vapaaehtoinen seura kylätalo nuoriso "
         "liikunta kulttuuri tapahtuma asukas osallisuus kuuleminen").split()
HEADINGS = ["Johdanto", "Kuntalain velvoitteet", "Kuntastrategia", "Järjestöyhteistyön muodot",
            "Järjestö-kuntayhteistyön rakenteet", "Avustukset ja tuet", "Järjestöille tarjottavat toimitilat",
            "Järjestöjen osallistuminen kunnan hyvinvointityöhön",
            "Järjestö- ja vapaaehtoistoiminnan kehittämistoimenpiteet", "Tiedottaminen",
            "Järjestöyhteistyön vuosikello", "Kunnan järjestöyhteyshenkilöt", "Yhteystiedot"]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def section_text(rng: random.Random) -> str:
    paragraphs = ["<p>" + " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(4)) + "</p>" for _ in range(4)]
    paragraphs.insert(2, "<ul>" + "".join(f"<li>{sentence(rng, 5)}</li>" for _ in range(4)) + "</ul>")
    return "".join(paragraphs)


def edited(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    for _ in range(rng.randint(3, 12)):
        position = rng.randrange(1, len(words) - 1)
        if "<" not in words[position] and ">" not in words[position]:
            words[position] = rng.choice(WORDS)
    return " ".join(words)


def weights(count: int) -> list[float]:
    """A few sections take most of the traffic."""
    return [1 / (rank + 1) ** 1.3 for rank in range(count)]


def build(url: str, *, years: int = 10, comments: int = 5000, proposals: int = 500, seed: int = SEED) -> dict:
    from drafting import create_app
    from drafting.auth.passwords import hash_password
    from drafting.extensions import db

    rng = random.Random(seed)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "dataset"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        t = db.metadata.tables
        connection = db.session.connection()

        def insert(table: str, rows: list[dict]) -> None:
            for start in range(0, len(rows), 2000):
                connection.execute(t[table].insert(), rows[start:start + 2000])

        insert("municipalities", [{"id": 1, "slug": "suurkunta", "name_fi": "Suurkunta", "name_sv": "Storkommun",
                                   "bilingual": True, "created_at": START}])
        insert("guidelines", [{"id": 1, "municipality_id": 1, "title": "Järjestöyhteistyön ohje", "created_at": START}])
        password = hash_password("suurkunta-salasana-2026")
        staff = [("koordinaattori@suurkunta.fi", "Kaisa Koordinaattori", "coordinator"),
                 ("hyvaksyja@suurkunta.fi", "Anna Hyväksyjä", "approver"),
                 ("hyvinvointi@suurkunta.fi", "Heikki Hyvinvointi", "welfare_member")]
        users = [{"id": n + 1, "email": email, "name": name, "password_hash": password, "language": "fi",
                  "active": True, "wants_notifications": True, "created_at": START}
                 for n, (email, name, _role) in enumerate(staff)]
        users += [{"id": 4 + n, "email": f"edustaja{n}@suurkunta.fi", "name": f"Edustaja {n}",
                   "password_hash": password, "language": "fi", "active": True, "wants_notifications": True,
                   "created_at": START} for n in range(400)]
        insert("users", users)
        insert("staff_roles", [{"id": n + 1, "user_id": n + 1, "municipality_id": 1, "kind": role, "granted_at": START}
                               for n, (_e, _n, role) in enumerate(staff)])
        insert("associations", [{"id": n + 1, "municipality_id": 1, "name": f"Suurkunnan yhdistys {n} ry",
                                  "name_key": f"suurkunnan yhdistys {n}", "active": True, "created_at": START,
                                  "updated_at": START} for n in range(300)])
        memberships = [{"id": n + 1, "user_id": 4 + n, "association_id": n % 300 + 1, "created_at": START}
                       for n in range(400)]
        memberships += [{"id": 401 + n, "user_id": 4 + n, "association_id": (n * 7 + 11) % 300 + 1,
                         "created_at": START} for n in range(0, 400, 4) if (n * 7 + 11) % 300 != n % 300]
        insert("memberships", memberships)

        rounds, sections, versions, decisions = [], [], [], []
        section_id = version_id = decision_id = 0
        previous_sections: dict[int, tuple[int, int]] = {}
        texts = {position: section_text(rng) for position in range(13)}
        for index in range(years + 1):
            year = 2016 + index
            current = index == years
            moment = START + timedelta(days=365 * index)
            rounds.append({
                "id": index + 1, "guideline_id": 1, "year": year,
                "state": "association_evening" if current else ("approved" if index == years - 1 else "archived"),
                "opened_by_id": 1, "opened_at": moment, "source": "previous_round" if index else "outline",
                "outline_key": None if index else "document_model", "previous_round_id": index or None,
                "wishes_opens_on": (moment + timedelta(days=20)).date(),
                "wishes_closes_on": (moment + timedelta(days=50)).date(),
                "evening_on": (moment + timedelta(days=120)).date(), "evening_place": "Kunnantalo",
                "approved_at": None if current else moment + timedelta(days=200),
                "content_hash": None if current else f"{index:064x}",
                "archived_at": None if current or index == years - 1 else moment + timedelta(days=565),
            })
            for step, body, day in (("decision", "management_group", 5), ("welfare_review", "welfare_group", 90),
                                    ("approval", "council", 190)):
                if current and step == "approval":
                    continue
                decision_id += 1
                decisions.append({"id": decision_id, "round_id": index + 1, "step": step, "body": body,
                                  "decided_on": (moment + timedelta(days=day)).date(), "minutes_paragraph": f"§ {day}",
                                  "responsible_persons": "Kaisa Koordinaattori" if step == "decision" else None,
                                  "authorised_coordinator": "Kaisa Koordinaattori" if step == "decision" else None,
                                  "outcome": "Luonnos hyväksyttiin." if step == "welfare_review" else None,
                                  "recorded_by_id": 1, "recorded_at": moment + timedelta(days=day)})
            new_sections = {}
            for position in range(13):
                section_id += 1
                history = rng.randint(1, 4)
                origin = previous_sections.get(position)
                sections.append({"id": section_id, "round_id": index + 1, "position": position + 1,
                                 "heading": HEADINGS[position], "guidance": None, "current_number": history,
                                 "origin_section_id": origin[0] if origin else None, "created_at": moment})
                for number in range(1, history + 1):
                    version_id += 1
                    if number > 1:
                        texts[position] = edited(rng, texts[position])
                    versions.append({"id": version_id, "section_id": section_id, "number": number,
                                     "text": texts[position], "author_id": 1,
                                     "created_at": moment + timedelta(days=number),
                                     "origin": "carried_over" if number == 1 and origin else "edit",
                                     "origin_version_id": origin[1] if number == 1 and origin else None,
                                     "reason": None, "proposal_id": None})
                new_sections[position] = (section_id, version_id)
            previous_sections = new_sections
        insert("drafting_rounds", rounds)
        insert("step_decisions", decisions)
        insert("sections", sections)
        insert("section_versions", versions)

        current_round = years + 1
        current_sections = [previous_sections[p][0] for p in range(13)]
        section_weights = weights(13)
        evening = START + timedelta(days=365 * years + 120)
        top_level = max(1, int(comments * 0.7))
        rows, responses = [], []
        for number in range(1, comments + 1):
            moment = evening + timedelta(minutes=number)
            author = 4 + rng.randrange(400)
            association = (author - 4) % 300 + 1
            if number <= top_level:
                section = rng.choices(current_sections, section_weights)[0] if rng.random() > 0.05 else None
                rows.append({"id": number, "round_id": current_round, "section_id": section, "kind": "comment",
                             "internal": False, "author_id": author, "association_id": association,
                             "recorded_at_evening": False, "text": f"<p>{sentence(rng, rng.randint(10, 40))}</p>",
                             "created_at": moment, "parent_id": None, "root_id": None})
                if rng.random() < 0.6:
                    responses.append({"id": len(responses) + 1, "comment_id": number, "disposition": "noted",
                                      "text": "Kiitos, otamme huomioon.", "author_id": 1, "created_at": moment})
            else:
                parent = rows[rng.randrange(top_level)]
                rows.append({"id": number, "round_id": current_round, "section_id": parent["section_id"],
                             "kind": "comment", "internal": False, "author_id": author,
                             "association_id": association, "recorded_at_evening": False,
                             "text": f"<p>{sentence(rng, rng.randint(5, 20))}</p>", "created_at": moment,
                             "parent_id": parent["id"], "root_id": parent["id"]})
        insert("comments", rows)
        insert("comment_responses", responses)
        current_versions = {previous_sections[p][0]: (previous_sections[p][1], texts[p]) for p in range(13)}
        proposal_rows = []
        for number in range(1, proposals + 1):
            section = rng.choices(current_sections, section_weights)[0]
            version, text = current_versions[section]
            status = rng.choices(["pending", "rejected", "withdrawn"], [6, 3, 1])[0]
            author = 4 + rng.randrange(400)
            proposal_rows.append({
                "id": number, "round_id": current_round, "section_id": section, "base_version_id": version,
                "base_text": text, "proposed_text": edited(rng, text), "rebased_on_version_id": version,
                "current_text": None, "conflict": False, "rationale": sentence(rng, 12), "author_id": author,
                "association_id": (author - 4) % 300 + 1, "status": status,
                "created_at": evening + timedelta(minutes=number),
                "decided_at": None if status == "pending" else evening + timedelta(days=1),
                "decided_by_id": None if status == "pending" else 1,
                "decision_reason": "Ei sovi ohjeeseen." if status == "rejected" else None, "accepted_text": None})
            proposal_rows[-1]["current_text"] = proposal_rows[-1]["proposed_text"]
        insert("change_proposals", proposal_rows)
        db.session.commit()
        if connection.dialect.name == "postgresql":
            for table in ("municipalities", "guidelines", "users", "staff_roles", "associations", "memberships",
                          "drafting_rounds", "step_decisions", "sections", "section_versions", "comments",
                          "comment_responses", "change_proposals"):
                db.session.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                           f"(SELECT coalesce(max(id), 1) FROM {table}))"))
            db.session.commit()
        busy = max(current_sections, key=lambda s: sum(1 for r in rows if r["section_id"] == s))
        return {"current_round": current_round, "approved_round": years, "busy_section": busy,
                "quiet_section": current_sections[-1], "slug": "suurkunta", "coordinator": "koordinaattori@suurkunta.fi",
                "password": "suurkunta-salasana-2026", "year": 2016 + years - 1}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--comments", type=int, default=5000)
    parser.add_argument("--proposals", type=int, default=500)
    args = parser.parse_args()
    import time

    started = time.perf_counter()
    result = build(args.database_url, years=args.years, comments=args.comments, proposals=args.proposals)
    print(f"built in {time.perf_counter() - started:.1f} s: {result}")


if __name__ == "__main__":
    main()
