#!/usr/bin/env python3
"""Test vectors for the unified social credit code, computed by python-stdnum (an independent
implementation of GB 32100-2015), written to Tests/AppTests/Fixtures/credit-codes.tsv.

    pip install python-stdnum && python3 scripts/gen_credit_code_vectors.py

Each line: the text as typed, then `ok` and the normalised code, or the expected problem
(length, character, division, check). Seeded, so the file only changes when this script does."""
import random
from pathlib import Path

from stdnum.cn import uscc

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
TYPES = {"1": "1239", "2": "19", "3": "123459", "4": "19", "5": "1239", "6": "129", "7": "129",
         "8": "19", "9": "123", "A": "19", "N": "1239", "Y": "1"}
rng = random.Random(32100)
rows = []


def valid_code():
    authority = rng.choice(sorted(TYPES))
    first17 = authority + rng.choice(TYPES[authority]) + "".join(rng.choice("0123456789") for _ in range(6)) \
        + "".join(rng.choice(ALPHABET) for _ in range(9))
    code = first17 + uscc.calc_check_digit(first17)
    # stdnum also wants positions 1-2 to be digits; the authorities A, N and Y (added to the
    # standard's code list later) are letters, so only the others can be checked whole.
    assert uscc.is_valid(code) or not code[:2].isdigit(), code
    return code


for _ in range(200):
    code = valid_code()
    rows.append((code, "ok", code))
    wrong = code[:17] + rng.choice([c for c in ALPHABET if c != code[17]])
    assert not uscc.is_valid(wrong)
    rows.append((wrong, "check", ""))

for _ in range(20):
    code = valid_code()
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code)
    rows.append((full_width, "ok", code))                       # pasted from a Chinese document
    rows.append((" " + code.lower() + "\u3000", "ok", code))    # lower case and ideographic space
    rows.append((code[:17], "length", ""))
    rows.append((code + "0", "length", ""))
    position = rng.randrange(17)
    for letter in "IOSVZ":                                      # letters the code never uses
        rows.append((code[:position] + letter + code[position + 1:], "character", ""))
    rows.append((code[:5] + "-" + code[6:], "character", ""))
    letter = rng.choice("ABCDEFGHJKLMNPQRTUWXY")             # a letter in the division code (positions 3-8)
    first17 = code[:2] + letter + code[3:17]
    rows.append((first17 + uscc.calc_check_digit(first17), "division", ""))


out = Path(__file__).resolve().parent.parent / "Tests/AppTests/Fixtures/credit-codes.tsv"
out.write_text("".join(f"{text}\t{outcome}\t{code}\n" for text, outcome, code in rows), encoding="utf-8")
print(f"{len(rows)} vectors -> {out}")
