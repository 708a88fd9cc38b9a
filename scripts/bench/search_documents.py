#!/usr/bin/env python3
"""Appends to each data row of a registry CSV the search document the app indexes for its name
(SearchTerms.document: the name's overlapping two-character pieces, then its distinct characters),
so the sqlite3 CLI baseline fills the same FTS index with the same tokens as the app does.

    python3 scripts/bench/search_documents.py IN.csv OUT.csv     # OUT has no header row
"""
import csv
import sys


def normalise(text):
    kept = []
    for ch in text:
        if 0xFF01 <= ord(ch) <= 0xFF5E:
            ch = chr(ord(ch) - 0xFEE0)
        if ch.isalpha() or ch.isnumeric():
            kept.append(ch)
    return "".join(kept).upper()


def document(name):
    text = normalise(name)
    distinct = list(dict.fromkeys(text))
    return " ".join([text[i:i + 2] for i in range(len(text) - 1)] + distinct)


with open(sys.argv[1], newline="", encoding="utf-8") as source, open(sys.argv[2], "w", newline="", encoding="utf-8") as target:
    rows = csv.reader(source)
    next(rows)
    out = csv.writer(target)
    for row in rows:
        out.writerow(row + [document(row[1])])
