#!/usr/bin/env python3
"""Checks an .xlsx written by the Swift XLSXWriter by opening it with openpyxl.

Usage:  python3 scripts/check_xlsx_with_openpyxl.py FILE.xlsx EXPECTED.json

EXPECTED.json: {"sheet": "<name of the first sheet>", "rows": [[...], ...]}
Cell values in "rows":
  string      text; also dates, written "yyyy-mm-dd" or "yyyy-mm-dd HH:MM:SS"
  number      a number, compared exactly as decimals
  true/false  a boolean
  null        an empty cell
Trailing empty cells of each row and trailing empty rows are ignored on both sides.
Optional key "boldHeader" (default true): every non-empty cell of row 1 must be bold.

Produce the pair from the Swift tests with
  YINGSHANG_XLSX_OUT=/tmp/out swift test --filter XLSXWriter
which writes writer-roundtrip.xlsx and writer-roundtrip.expected.json.
Exit status 0 when everything matches, 1 (with a message per mismatch) otherwise.
"""
import datetime
import json
import sys
from decimal import Decimal

try:
    import openpyxl
except ImportError:  # pragma: no cover
    print("openpyxl is not installed: pip install openpyxl", file=sys.stderr)
    sys.exit(2)

def normalise_actual(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float)):
        return Decimal(repr(value))
    if isinstance(value, str):
        # openpyxl itself turns the writer's "_x005F_" escape back into "_".
        return value if value != "" else None
    return value


def normalise_expected(value):
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value if value != "" else None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    return value


def trim(rows):
    rows = [list(row) for row in rows]
    for row in rows:
        while row and row[-1] is None:
            row.pop()
    while rows and not rows[-1]:
        rows.pop()
    return rows


def same(expected, actual):
    if type(expected) is bool or type(actual) is bool:
        return type(expected) is type(actual) and expected == actual
    return expected == actual


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    xlsx_path, expected_path = argv[1], argv[2]
    with open(expected_path, encoding="utf-8") as handle:
        expected_doc = json.load(handle, parse_float=Decimal)

    try:
        workbook = openpyxl.load_workbook(xlsx_path)
    except Exception as error:  # noqa: BLE001 - any failure to open is the finding
        print(f"FAIL: openpyxl cannot open {xlsx_path}: {type(error).__name__}: {error}")
        return 1

    problems = []
    sheet_name = expected_doc.get("sheet")
    if not workbook.sheetnames:
        print("FAIL: workbook has no sheets")
        return 1
    if sheet_name is not None and workbook.sheetnames[0] != sheet_name:
        problems.append(f"first sheet is {workbook.sheetnames[0]!r}, expected {sheet_name!r}")
    sheet = workbook.worksheets[0]

    actual = trim([[normalise_actual(v) for v in row] for row in sheet.iter_rows(values_only=True)])
    expected = trim([[normalise_expected(v) for v in row] for row in expected_doc.get("rows", [])])

    if len(actual) != len(expected):
        problems.append(f"row count is {len(actual)}, expected {len(expected)}")
    for r in range(max(len(actual), len(expected))):
        a_row = actual[r] if r < len(actual) else []
        e_row = expected[r] if r < len(expected) else []
        for c in range(max(len(a_row), len(e_row))):
            a = a_row[c] if c < len(a_row) else None
            e = e_row[c] if c < len(e_row) else None
            if not same(e, a):
                ref = f"{openpyxl.utils.get_column_letter(c + 1)}{r + 1}"
                problems.append(f"cell {ref}: got {a!r}, expected {e!r}")

    if expected_doc.get("boldHeader", True):
        for cell in next(sheet.iter_rows(min_row=1, max_row=1), ()):
            if cell.value is not None and not (cell.font and cell.font.b):
                problems.append(f"header cell {cell.coordinate} is not bold")

    if problems:
        print(f"FAIL: {xlsx_path} does not match {expected_path}:")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print(f"OK: {xlsx_path} matches {expected_path} ({len(expected)} rows, sheet {workbook.sheetnames[0]!r})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
