#!/usr/bin/env python3
"""Writes Sources/App/Resources/work-calendar.tsv from the PyPI package `chinese-calendar`.

The file lists, for 2020-2026, every statutory holiday (法定节假日, including days of a holiday
period that fall on a weekend) and every weekend day made a working day (调休上班).
Days not listed follow the week: Monday-Friday work, Saturday-Sunday rest.

    pip install chinese-calendar
    python3 scripts/gen_work_calendar.py            # writes the resource
    python3 scripts/gen_work_calendar.py /tmp/x.tsv # writes elsewhere, e.g. to diff

Administrators add later years in the app (日历管理); the app's own entries win over this file.
"""
import sys

import chinese_calendar

FIRST_YEAR, LAST_YEAR = 2020, 2026

# The package names holidays in English; the app shows Chinese by default.
CHINESE = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def rows():
    for kind, table in (("holiday", chinese_calendar.holidays), ("workday", chinese_calendar.workdays)):
        for day, name in table.items():
            if FIRST_YEAR <= day.year <= LAST_YEAR:
                yield day.isoformat(), kind, CHINESE.get(name, name)


def main():
    target = sys.argv[1] if len(sys.argv) > 1 else "Sources/App/Resources/work-calendar.tsv"
    lines = ["date\tkind\tname"] + ["\t".join(row) for row in sorted(rows())]
    with open(target, "w", encoding="utf-8", newline="\n") as out:
        out.write("\n".join(lines) + "\n")
    print(f"wrote {len(lines) - 1} days to {target}")


if __name__ == "__main__":
    main()
