#!/usr/bin/env python3
"""Generate Sources/App/Resources/common-passwords.txt.

The list feeds the password policy: a password equal to, or containing, an entry is rejected.
It is built only from patterns written here (no downloaded lists): a hand-written core of
well-known weak passwords, Chinese-specific habits (pinyin, lucky and love numbers), keyboard
walks, repeated characters, digit runs, and common words combined with years and suffixes.

Output: lowercase, one entry per line, UTF-8, sorted, unique, 6–20 characters. Deterministic:
running the script twice gives the same file.

Usage: python3 scripts/gen_common_passwords.py [output-path]
"""

from __future__ import annotations

import sys
from pathlib import Path

MIN_LEN = 6
MAX_LEN = 20

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "Sources" / "App" / "Resources" / "common-passwords.txt"

# --- Hand-written core -------------------------------------------------------------------------

CORE = """
123456 1234567 12345678 123456789 1234567890 12345678910 123123 123321 112233 121212 123654
111111 000000 654321 666666 888888 999999 555555 777777 222222 333333 444444 100200 102030
password password1 password12 password123 passw0rd p@ssword p@ssw0rd pa$$word passwd
qwerty qwerty1 qwerty12 qwerty123 qwertyuiop qwer1234 1qaz2wsx 1q2w3e 1q2w3e4r 1q2w3e4r5t
1q2w3e4r5t6y zaq12wsx zaq1xsw2 qazwsx qazwsxedc 1qazxsw2 qweasd qweasdzxc qwe123 123qwe
asdfgh asdfghjkl asd123 123asd zxcvbn zxcvbnm zxc123 123zxc abc123 abc1234 abc12345 abc123456
abcd1234 abcdef abcdefg abcdefgh a123456 a1234567 a12345678 a123456789 aa123456 aa112233
iloveyou iloveu iloveyou1 iloveyou2 ilovey0u loveyou love123 lovely
admin admin1 admin12 admin123 admin1234 admin888 administrator adminadmin root123 root1234
welcome welcome1 welcome123 letmein letmein1 trustno1 monkey dragon master shadow sunshine
princess football baseball basketball superman batman michael charlie jordan23 hunter2
freedom whatever starwars pokemon naruto computer internet secret secret123 test123 test1234
testtest guest123 user123 changeme default login123 system manager qwerty12345 987654321
9876543210 0123456789 147258 147258369 159753 159357 741852963 963852741 258369 369258
789456 789456123 456789 456123 741852 852963 135790 246810 13579 24680 11223344 12344321
aaaaaa aaaaaaaa abcabc abc123abc 123abc a1b2c3 a1b2c3d4 1a2b3c 1a2b3c4d q1w2e3r4 q1w2e3
passport mypassword mypass123 nopassword password! password@123 admin@123 admin!@# root@123
qwe!@# !@#$%^ !@#$%^&* 1qaz!qaz !qaz2wsx !qaz@wsx 1qaz@wsx qwer!@#$ p@ssw0rd123 abc@123
"""

# Chinese-specific: pinyin phrases, love numbers (520 = 我爱你, 1314 = 一生一世), lucky numbers.
CHINESE_CORE = """
woaini woaini1314 woaini520 woaini123 woaini1234 woaini123456 woaini521 woainimama woainibaba
woaiwojia woaiwolaopo woaiwolaogong woaizhongguo aini1314 aini520 aini123 ainiyiwannian
5201314 1314520 520520 521521 5201314520 13145200 131452 520131 52013141 1314521 201314
5211314 1314woaini iloveyou1314 love1314 love520 l5201314 w5201314 wo5201314 qq5201314
88888888 66666666 99999999 168168 16888888 518518 518888 886886 888666 666888 123888 123666
168888 1688888 8888888 6666666 9999999 00000000 11111111 12121212 11112222 11223344
qq123456 qq123123 qq5201314 qq666666 qq888888 qqqqqq qqqqqqqq qq112233 q123456 q1234567
wodemima mima123 mima123456 mimamima nimabi nihao123 nihaoma haoren zhongguo zhonghua
zhongguo123 china123 chinese beijing shanghai guangzhou shenzhen tianjin chongqing wuhan
baobao baobei baobei520 baobei1314 laopo laopo520 laogong laogong520 xiaobao xiaobai
tiantian dandan yangyang jiajia lele xiaoming xiaohong xiaoqiang xiaoyu xiaolong qingqing
haha123 hahaha hehehe xixixi wangyi163 caonima sb123456 shabi123 meimei gege didi jiejie
jiayou jiayou123 kuaile kuaile123 xingfu xingfu123 pingan pingan123 fafa888 facai888
yiding qiangqiang lianglian feifei lili520 tingting huanhuan nannan jingjing yueyue
"""

# Words people build passwords from (English and pinyin).
WORDS = """
password pass admin root test user guest love iloveyou welcome hello monkey dragon master
shadow sunshine princess football baseball soccer superman batman michael charlie jordan
hunter ranger killer pepper ginger cheese flower summer winter spring autumn orange purple
yellow silver golden computer internet freedom whatever starwars pokemon naruto liverpool
chelsea arsenal angel lovely family forever friends banana apple samsung iphone google
windows system server oracle mysql company china qwerty abc abcd asdf zxcv letmein secret
tiger lucky happy sweet honey kitty hellokitty mickey snoopy doraemon kobe james jack
woaini aini baobei baobao laopo laogong xiaobao mima nihao zhongguo beijing shanghai
haha jiayou kuaile xingfu pingan tiantian yangyang jiajia qq wang li zhang liu chen
"""

# Pinyin surnames and common full names.
PINYIN_SURNAMES = """
wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng
liang xie song tang xu han feng deng cao peng zeng xiao tian dong yuan pan yu jiang cai du
ye cheng su wei lv ding ren shen yao lu jin shi fan fang bai zou meng xiong qin qiu yin xue
"""

PINYIN_GIVEN = """
wei fang na min jing li qiang lei jun yang yong yan jie juan tao ming chao xia ping gang hui
hua hong ling bin yu hao kai jian jun fan xu ning long xin ting ying lin
"""

# Words most often followed by a year (summer2019, woaini1990, …); the two-digit form is kept too.
YEAR_WORDS = """
password pass admin test love iloveyou welcome hello monkey dragon master shadow sunshine
princess football baseball soccer superman batman michael charlie jordan summer winter spring
autumn china qwerty abc woaini aini baobei laopo laogong zhongguo beijing shanghai qq
"""

SUFFIXES = [
    "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "111", "000", "888",
    "666", "520", "521", "1314", "5201314", "!", "!!", "@123", "#123", "123!", "@", ".",
    "007", "99", "88", "01", "11", "2008", "abc", "qwe",
]

YEARS = range(1970, 2031)

LEET = str.maketrans({"a": "@", "o": "0", "e": "3", "i": "1", "s": "$"})


def words(block: str) -> list[str]:
    return block.split()


def keyboard_walks() -> set[str]:
    rows = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "!@#$%^&*()"]
    out: set[str] = set()
    for row in rows:
        for length in range(MIN_LEN, len(row) + 1):
            for start in range(0, len(row) - length + 1):
                chunk = row[start:start + length]
                out.add(chunk)
                out.add(chunk[::-1])
    # Vertical walks over the digit and letter rows (1qaz, 2wsx, …), run forward and back.
    columns = ["1qaz", "2wsx", "3edc", "4rfv", "5tgb", "6yhn", "7ujm", "8ik,", "9ol.", "0p;/"]
    for n in range(2, 5):
        for start in range(0, len(columns) - n + 1):
            cols = columns[start:start + n]
            out.add("".join(cols))
            out.add("".join(c[:3] for c in cols))
            out.add("".join(c[::-1] for c in cols))
    # Pairs of rows interleaved: 1q2w3e…, q1w2e3…, qawsed…
    pairs = [("1234567890", "qwertyuiop"), ("qwertyuiop", "asdfghjkl"), ("asdfghjkl", "zxcvbnm")]
    for top, bottom in pairs:
        for length in range(3, min(len(top), len(bottom)) + 1):
            out.add("".join(a + b for a, b in zip(top[:length], bottom[:length])))
            out.add("".join(b + a for a, b in zip(top[:length], bottom[:length])))
    # Row prefixes glued together.
    for a in ("qwe", "qwer", "asd", "asdf", "zxc", "zxcv"):
        for b in ("123", "1234", "12345", "123456", "asd", "asdf", "zxc", "zxcv", "!@#", "!@#$"):
            out.add(a + b)
            out.add(b + a)
    return out


def repeats_and_runs() -> set[str]:
    out: set[str] = set()
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    for ch in alphabet:
        for n in range(MIN_LEN, 13):
            out.add(ch * n)
    # Repeated short groups: 121212, 123123, abcabc, 5252…
    for unit in ["12", "21", "123", "321", "1234", "abc", "ab", "qwe", "asd", "520", "521", "1314",
                 "147", "258", "369", "159", "753", "00", "01", "10", "11", "52", "88", "66", "99"]:
        for times in range(2, 7):
            out.add(unit * times)
    # Two digits as pairs: 112233, 998877 …
    for a in "0123456789":
        for b in "0123456789":
            if a != b:
                out.add(a * 3 + b * 3)
                out.add(a * 4 + b * 4)
                out.add((a + b) * 3)
                out.add((a + b) * 4)
    # Ascending and descending digit runs (with wrap-around), and letter runs.
    digits = "01234567890123456789"
    for start in range(10):
        for n in range(MIN_LEN, 11):
            run = digits[start:start + n]
            out.add(run)
            out.add(run[::-1])
    letters = "abcdefghijklmnopqrstuvwxyz"
    for n in range(MIN_LEN, 11):
        out.add(letters[:n])
        out.add(letters[:n][::-1])
        out.add(letters[:n] + "123")
    for k in range(3, 7):
        seq = "123456789"[:k]
        out.add("a" * 2 + seq)
        out.add(seq + seq)
        out.add(seq + seq[::-1])
        out.add(letters[:k] + seq)
        out.add(seq + letters[:k])
    return out


def combos() -> set[str]:
    out: set[str] = set()
    base = words(WORDS)
    for w in base:
        out.add(w)
        out.add(w + w)
        for s in SUFFIXES:
            out.add(w + s)
        for prefix in ("1", "123", "520", "i", "my", "a"):
            out.add(prefix + w)
    for w in words(YEAR_WORDS):
        for y in YEARS:
            out.add(w + str(y))
            out.add(w + str(y)[2:])
    # Leet variants of a few favourites, with and without suffixes.
    for w in ("password", "admin", "welcome", "iloveyou", "monkey", "dragon", "master", "secret",
              "letmein", "sunshine", "woaini", "baobei", "shanghai", "beijing", "qwerty"):
        full = w.translate(LEET)
        variants = {full}
        for i, ch in enumerate(w):
            sub = ch.translate(LEET)
            if sub != ch:
                variants.add(w[:i] + sub + w[i + 1:])
        for v in variants:
            out.add(v)
            for s in ("1", "123", "!", "@123", "2024", "2025"):
                out.add(v + s)
    surnames = words(PINYIN_SURNAMES)
    given = words(PINYIN_GIVEN)
    for sn in surnames:
        for s in SUFFIXES:
            out.add(sn + s)
        for y in range(1980, 2006):
            out.add(sn + str(y))
        out.add(sn + sn)
    # Full names as people type them: surname + given (+ digits).
    for sn in surnames[:20]:
        for g in given:
            name = sn + g
            out.add(name)
            for s in ("123", "1234", "123456", "888", "520", "1314"):
                out.add(name + s)
    # Initial + digits (a123456, z123456, …) and digits + initial.
    for ch in "abcdefghijklmnopqrstuvwxyz":
        for s in ("123456", "1234567", "12345678", "123456789", "111111", "888888", "666666", "5201314"):
            out.add(ch + s)
            out.add(s + ch)
        out.add(ch * 2 + "123456")
    # Birth years doubled and year + lucky numbers (19881988, 1990520, …).
    for y in YEARS:
        ys = str(y)
        out.add(ys + ys)
        for s in ("520", "1314", "123", "888", "666"):
            out.add(ys + s)
    return out


def build() -> list[str]:
    entries: set[str] = set()
    entries.update(words(CORE))
    entries.update(words(CHINESE_CORE))
    entries.update(keyboard_walks())
    entries.update(repeats_and_runs())
    entries.update(combos())
    cleaned = set()
    for e in entries:
        e = e.strip().lower()
        if MIN_LEN <= len(e) <= MAX_LEN and e.isascii() and e.isprintable() and " " not in e:
            cleaned.add(e)
    return sorted(cleaned)


def main() -> None:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT
    entries = build()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("\n".join(entries) + "\n", encoding="utf-8")
    print(f"wrote {len(entries)} entries to {output}")


if __name__ == "__main__":
    main()
