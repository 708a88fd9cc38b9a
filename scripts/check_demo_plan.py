#!/usr/bin/env python3
"""Checks the demo action plan Sources/App/Resources/demo-plan.tsv against DemoCityData.swift.

Usage:  python3 scripts/check_demo_plan.py [PLAN.tsv] [DemoCityData.swift]
(defaults: the files in this repository; run from anywhere)

The plan is "桐江市打造一流营商环境实施方案（2026年）": UTF-8, tab-separated, one header line, one task
per line. Top-level tasks have codes "DD-TT" (domain, task); sub-tasks "DD-TT-N" name their parent.
A work order (任务工单) is one unit on one leaf task: the lead unit plus each responsible unit of every
task without sub-tasks (a parent's own units are not counted; its sub-tasks carry the work).

Checked: the header and column count; codes, numbering and parents; 19 domains; text lengths and
distinct titles; department and region codes, task-force and leader names against DemoCityData.swift
(read with regular expressions), the leader's title matching the task force's; enumerated columns;
deadlines in 2026 (a sub-task's not after its parent's); 2-4 milestones with ascending dates, the last on
the deadline; and the overall counts (tasks, work orders, key tasks, public share, sources).
Prints the counts. Exit status 0 when everything holds, 1 with one message per problem otherwise.
Standard library only.
"""
import collections
import datetime
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLAN = os.path.join(ROOT, "Sources", "App", "Resources", "demo-plan.tsv")
CITY = os.path.join(ROOT, "Sources", "App", "Modules", "Demo", "DemoCityData.swift")

COLUMNS = ["domain_no", "domain", "code", "parent_code", "title", "measures", "source", "lead_unit",
           "responsible_units", "task_force", "leader", "output", "key", "public", "deadline", "milestones"]
SOURCES = {"province", "city", "refine"}
OUTPUTS = {"policy", "innovation", "system", "mechanism", "service", "project", "report"}

# Targets for the whole plan (inclusive ranges).
DOMAINS = 19
TOP_LEVEL = (280, 320)        # "about 300 tasks"
WORK_ORDERS = (700, 780)      # "about 740 work orders"
PARENTS = (25, 35)            # tasks split into sub-tasks
SUBTASKS_PER_PARENT = (2, 4)
KEY = (50, 70)                # "about 60 key tasks"
PUBLIC_SHARE = (0.80, 0.90)   # "about 85% public"
SOURCE_SHARE = {"province": (0.55, 0.75), "city": (0.15, 0.25), "refine": (0.10, 0.20)}
TITLE_LEN = (12, 40)
MEASURES_LEN = (40, 120)
FIRST_DEADLINE = datetime.date(2026, 3, 1)
LAST_DEADLINE = datetime.date(2026, 12, 31)


def read_city(path):
    text = open(path, encoding="utf-8").read()
    departments = set(re.findall(r'DemoDepartment\(name: "[^"]+", shortName: "[^"]+", code: "([^"]+)"\)', text))
    regions = set(re.findall(r'DemoRegion\(name: "[^"]+", code: "(\d{6})"', text))
    groups = dict(re.findall(r'DemoGroup\(name: "([^"]+)",.*?leaderTitle: "([^"]+)"\)', text, re.S))
    leaders = dict(re.findall(r'DemoLeader\(name: "([^"]+)", title: "([^"]+)"\)', text))
    return departments, regions, groups, leaders


def parse_date(s):
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return None
    try:
        return datetime.date.fromisoformat(s)
    except ValueError:
        return None


def in_range(value, bounds):
    return bounds[0] <= value <= bounds[1]


def main(argv):
    plan_path = argv[1] if len(argv) > 1 else PLAN
    city_path = argv[2] if len(argv) > 2 else CITY
    departments, regions, groups, leaders = read_city(city_path)
    errors = []
    if not departments or not regions or not groups or not leaders:
        errors.append(f"{city_path}: could not read departments/regions/task forces/leaders "
                      f"({len(departments)}/{len(regions)}/{len(groups)}/{len(leaders)})")

    raw = open(plan_path, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print(f"{plan_path}: not UTF-8: {e}")
        return 1
    if text.startswith("\ufeff"):
        errors.append("file starts with a BOM")
        text = text[1:]
    if "\r" in text:
        errors.append("file contains carriage returns (use LF line ends)")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].split("\t") != COLUMNS:
        errors.append("header must be: " + "\t".join(COLUMNS))

    rows = []
    for n, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            errors.append(f"line {n}: {len(fields)} columns, expected {len(COLUMNS)}")
            continue
        for name, value in zip(COLUMNS, fields):
            if value != value.strip():
                errors.append(f"line {n}: {name} has leading or trailing spaces")
        rows.append((n, dict(zip(COLUMNS, fields))))

    by_code = {}
    domain_names = {}
    titles = collections.Counter(r["title"] for _, r in rows)
    children = collections.defaultdict(list)
    top_numbers = collections.defaultdict(list)

    for n, r in rows:
        where = f"line {n} ({r['code']})"
        if not re.fullmatch(r"[1-9]|1[0-9]", r["domain_no"]):
            errors.append(f"{where}: domain_no {r['domain_no']!r} not in 1..19")
            continue
        dno = int(r["domain_no"])
        if domain_names.setdefault(dno, r["domain"]) != r["domain"]:
            errors.append(f"{where}: domain {r['domain']!r} differs from {domain_names[dno]!r} for domain {dno}")
        if not r["domain"]:
            errors.append(f"{where}: empty domain name")
        if r["code"] in by_code:
            errors.append(f"{where}: duplicate code")
        by_code[r["code"]] = r
        m = re.fullmatch(r"(\d{2})-(\d{2})(?:-(\d))?", r["code"])
        if not m or int(m.group(1)) != dno:
            errors.append(f"{where}: code must be '{dno:02d}-TT' or '{dno:02d}-TT-N'")
        elif m.group(3) is None:
            if r["parent_code"]:
                errors.append(f"{where}: top-level code with a parent_code")
            top_numbers[dno].append(int(m.group(2)))
        else:
            parent = f"{m.group(1)}-{m.group(2)}"
            if r["parent_code"] != parent:
                errors.append(f"{where}: parent_code {r['parent_code']!r}, expected {parent!r}")
            children[parent].append((int(m.group(3)), r))

        title_len, measures_len = len(r["title"]), len(r["measures"])
        if not in_range(title_len, TITLE_LEN):
            errors.append(f"{where}: title has {title_len} characters, expected {TITLE_LEN[0]}-{TITLE_LEN[1]}")
        if titles[r["title"]] > 1:
            errors.append(f"{where}: title is not distinct: {r['title']}")
        if not in_range(measures_len, MEASURES_LEN):
            errors.append(f"{where}: measures has {measures_len} characters, expected {MEASURES_LEN[0]}-{MEASURES_LEN[1]}")
        if r["source"] not in SOURCES:
            errors.append(f"{where}: source {r['source']!r} not in {sorted(SOURCES)}")
        if r["lead_unit"] not in departments:
            errors.append(f"{where}: lead_unit {r['lead_unit']!r} is not a department code")
        resp = r["responsible_units"].split(";") if r["responsible_units"] else []
        if len(resp) > 4:
            errors.append(f"{where}: {len(resp)} responsible units, at most 4")
        if len(set(resp)) != len(resp):
            errors.append(f"{where}: responsible unit listed twice")
        for u in resp:
            if u not in departments and u not in regions:
                errors.append(f"{where}: responsible unit {u!r} is neither a department nor a region code")
            if u == r["lead_unit"]:
                errors.append(f"{where}: lead unit {u} also listed as responsible")
        if r["leader"] not in leaders:
            errors.append(f"{where}: leader {r['leader']!r} is not a city leader")
        if r["task_force"]:
            if r["task_force"] not in groups:
                errors.append(f"{where}: task_force {r['task_force']!r} is not a task force")
            elif leaders.get(r["leader"]) != groups[r["task_force"]]:
                errors.append(f"{where}: leader {r['leader']} ({leaders.get(r['leader'])}) does not hold the title "
                              f"{groups[r['task_force']]!r} of {r['task_force']}")
        if r["output"] not in OUTPUTS:
            errors.append(f"{where}: output {r['output']!r} not in {sorted(OUTPUTS)}")
        for flag in ("key", "public"):
            if r[flag] not in ("0", "1"):
                errors.append(f"{where}: {flag} must be 0 or 1")
        deadline = parse_date(r["deadline"])
        if deadline is None or not FIRST_DEADLINE <= deadline <= LAST_DEADLINE:
            errors.append(f"{where}: deadline {r['deadline']!r} not a date from {FIRST_DEADLINE} to {LAST_DEADLINE}")
        milestones = r["milestones"].split(";") if r["milestones"] else []
        if not 2 <= len(milestones) <= 4:
            errors.append(f"{where}: {len(milestones)} milestones, expected 2-4")
        dates = []
        for ms in milestones:
            date_text, sep, what = ms.partition(":")
            d = parse_date(date_text)
            if not sep or d is None or not what.strip() or d.year != 2026:
                errors.append(f"{where}: milestone {ms!r} is not 'YYYY-MM-DD:description' in 2026")
            else:
                dates.append(d)
        if dates and len(dates) == len(milestones):
            if any(a >= b for a, b in zip(dates, dates[1:])):
                errors.append(f"{where}: milestone dates not ascending")
            if deadline and dates[-1] != deadline:
                errors.append(f"{where}: last milestone {dates[-1]} is not the deadline {deadline}")

    # Numbering, parents and sub-tasks.
    for dno, numbers in top_numbers.items():
        if sorted(numbers) != list(range(1, len(numbers) + 1)):
            errors.append(f"domain {dno}: top-level tasks not numbered 1..{len(numbers)}")
    for parent, subs in children.items():
        p = by_code.get(parent)
        if p is None:
            errors.append(f"sub-tasks of {parent}: parent does not exist")
            continue
        numbers = sorted(k for k, _ in subs)
        if numbers != list(range(1, len(numbers) + 1)):
            errors.append(f"{parent}: sub-tasks not numbered 1..{len(numbers)}")
        if not in_range(len(subs), SUBTASKS_PER_PARENT):
            errors.append(f"{parent}: {len(subs)} sub-tasks, expected {SUBTASKS_PER_PARENT[0]}-{SUBTASKS_PER_PARENT[1]}")
        for _, s in subs:
            if s["domain_no"] != p["domain_no"]:
                errors.append(f"{s['code']}: in another domain than its parent")
            if s["deadline"] > p["deadline"]:
                errors.append(f"{s['code']}: deadline {s['deadline']} after its parent's {p['deadline']}")

    # Counts.
    top = [r for _, r in rows if not r["parent_code"]]
    subs = [r for _, r in rows if r["parent_code"]]
    leaves = [r for _, r in rows if r["code"] not in children]
    work_orders = sum(1 + (len(r["responsible_units"].split(";")) if r["responsible_units"] else 0) for r in leaves)
    key = sum(r["key"] == "1" for _, r in rows)
    public = sum(r["public"] == "1" for _, r in rows)
    total = len(rows) or 1
    sources = collections.Counter(r["source"] for _, r in rows)
    outputs = collections.Counter(r["output"] for _, r in rows)
    months = collections.Counter(r["deadline"][:7] for _, r in rows)
    quarter_ends = sum(r["deadline"][5:] in ("03-31", "06-30", "09-30", "12-31") for _, r in rows)
    units = collections.Counter()
    for r in leaves:
        units[r["lead_unit"]] += 1
        for u in filter(None, r["responsible_units"].split(";")):
            units[u] += 1

    print(f"plan: {plan_path}")
    print(f"DemoCityData: {len(departments)} department codes, {len(regions)} region codes, "
          f"{len(groups)} task forces, {len(leaders)} leaders")
    print(f"domains: {len(domain_names)}")
    print(f"top-level tasks: {len(top)}")
    print(f"sub-tasks: {len(subs)} (under {len(children)} parent tasks)")
    print(f"rows (all tasks): {len(rows)}")
    print(f"leaf tasks (carry work orders): {len(leaves)}")
    print(f"work orders (lead + responsible units on leaf tasks): {work_orders}")
    print(f"units with work orders: {len(units)}")
    print(f"key tasks: {key}")
    print(f"public tasks: {public} ({public / total:.0%})")
    print("sources: " + ", ".join(f"{k} {v} ({v / total:.0%})" for k, v in sources.most_common()))
    print("outputs: " + ", ".join(f"{k} {v}" for k, v in outputs.most_common()))
    print("deadlines by month: " + ", ".join(f"{k[5:]} {v}" for k, v in sorted(months.items())))
    print(f"deadlines on a quarter end: {quarter_ends} ({quarter_ends / total:.0%})")
    print("tasks per domain: " + ", ".join(
        f"{d} {domain_names[d]} {sum(1 for r in top if int(r['domain_no']) == d)}" for d in sorted(domain_names)))

    if len(domain_names) != DOMAINS or sorted(domain_names) != list(range(1, DOMAINS + 1)):
        errors.append(f"expected domains 1..{DOMAINS}, found {sorted(domain_names)}")
    if len(set(domain_names.values())) != len(domain_names):
        errors.append("two domains share a name")
    checks = [("top-level tasks", len(top), TOP_LEVEL), ("work orders", work_orders, WORK_ORDERS),
              ("parent tasks", len(children), PARENTS), ("key tasks", key, KEY)]
    for name, value, bounds in checks:
        if not in_range(value, bounds):
            errors.append(f"{value} {name}, expected {bounds[0]}-{bounds[1]}")
    if not in_range(public / total, PUBLIC_SHARE):
        errors.append(f"public share {public / total:.1%}, expected {PUBLIC_SHARE[0]:.0%}-{PUBLIC_SHARE[1]:.0%}")
    for name, bounds in SOURCE_SHARE.items():
        share = sources.get(name, 0) / total
        if not in_range(share, bounds):
            errors.append(f"source {name} share {share:.1%}, expected {bounds[0]:.0%}-{bounds[1]:.0%}")

    for e in errors:
        print("ERROR: " + e)
    print("OK" if not errors else f"{len(errors)} problem(s)")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
