"""Benchmark: an internal event of a generated company, matched in each networking scope.

    .venv/bin/python -m bench.departments               # 2,000 people, 20 departments, 200 teams, 5 offices
    .venv/bin/python -m bench.departments --people 10000 --teams 1000

For every person's top-10 suggestions it prints the share crossing departments (and offices), pairs
inside one team, the mean shared interests per suggestion (common ground still ranks them), and the
time to build the index and answer a query; then one session of 3 rounds in pairs (teams apart) and
in mixed trios (no two of a department at a table), with the time per plan and any violation.
"""

import argparse
import statistics
import time

from bench.company import company, profiles
from matching import MatchIndex, Weights, plan_rounds, same_unit_pairs, scope_weights, team_key, unit_key


def _suggestions(people, scope):
    started = time.perf_counter()
    index = MatchIndex(people, weights=scope_weights(scope, Weights()))
    build = time.perf_counter() - started
    by_id = {p.id: p for p in people}
    crossed = offices = teams = total = shared = 0
    times = []
    for p in people:
        started = time.perf_counter()
        matches = index.suggest(p.id, 10)
        times.append(time.perf_counter() - started)
        for m in matches:
            q = by_id[m.profile_id]
            total += 1
            crossed += unit_key(p.department) != unit_key(q.department)
            offices += unit_key(p.office) != unit_key(q.office)
            teams += team_key(p.department, p.team) == team_key(q.department, q.team)
            shared += sum(r.kind == "shared_interest" for r in m.reasons)
    times.sort()
    return {"scope": scope, "build_s": build, "p50_ms": 1000 * statistics.median(times),
            "p95_ms": 1000 * times[int(0.95 * len(times))], "suggestions": total,
            "crossed": crossed / total, "other_office": offices / total, "same_team": teams,
            "shared_interests": shared / total}


def _seating(people, group_size, mix):
    weights = scope_weights("cross_department", Weights())
    blocked = same_unit_pairs(people, unit="team")
    if mix:
        blocked |= same_unit_pairs(people, unit="department")
    started = time.perf_counter()
    plan = plan_rounds(people, 3, blocked=blocked, weights=weights, group_size=group_size)
    elapsed = time.perf_counter() - started
    by_id = {p.id: p for p in people}
    team_violations = mix_violations = 0
    sizes = set()
    for groups in plan:
        for g in groups:
            sizes.add(len(g))
            team_violations += len({team_key(by_id[i].department, by_id[i].team) for i in g}) < len(g)
            mix_violations += mix and len({unit_key(by_id[i].department) for i in g}) < len(g)
    return {"group_size": group_size, "mix_departments": mix, "seconds": elapsed, "sizes": sorted(sizes),
            "tables_with_teammates": team_violations, "tables_with_one_department_twice": mix_violations}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--departments", type=int, default=20)
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--offices", type=int, default=5)
    args = parser.parse_args()
    raw = company(args.people, departments=args.departments, teams=args.teams, offices=args.offices)
    people = profiles(raw)
    print(f"{args.people} people; department spellings {len({p['department'] for p in raw})} -> keys "
          f"{len({unit_key(p['department']) for p in raw})}; office spellings {len({p['office'] for p in raw})} "
          f"-> keys {len({unit_key(p['office']) for p in raw})}")
    for scope in ("open", "cross_company", "cross_department"):
        r = _suggestions(people, scope)
        print(f"{r['scope']:>16}: crossed departments {r['crossed']:.1%}, other office {r['other_office']:.1%}, "
              f"same-team pairs {r['same_team']}, shared interests/suggestion {r['shared_interests']:.2f}, "
              f"build {r['build_s']:.2f} s, query p50 {r['p50_ms']:.2f} ms p95 {r['p95_ms']:.2f} ms "
              f"({r['suggestions']} suggestions)")
    for group_size, mix in ((2, False), (3, True)):
        r = _seating(people, group_size, mix)
        print(f"seating group_size={group_size} mix_departments={mix}: 3 rounds in {r['seconds']:.2f} s, "
              f"group sizes {r['sizes']}, tables with teammates {r['tables_with_teammates']}, "
              f"tables with one department twice {r['tables_with_one_department_twice']}")


if __name__ == "__main__":
    main()
