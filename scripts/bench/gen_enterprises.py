#!/usr/bin/env python3
"""A registry export of N enterprises (default 300,000) as CSV, for the import benchmark:
valid credit codes (check characters by python-stdnum), realistic names, the demo city's towns
and streets (by code, as exports give them), GB/T 4754 divisions, sizes, flags, capital, tags.

    pip install python-stdnum
    python3 scripts/bench/gen_enterprises.py 300000 /tmp/enterprises.csv
Seeded: the same N gives the same file."""
import csv
import random
import re
import sys
from pathlib import Path

from stdnum.cn import uscc

ROOT = Path(__file__).resolve().parents[2]
count = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/tmp/enterprises.csv")
towns = re.findall(r'DemoTown\(name: "[^"]+", code: "(\d+)"', (ROOT / "Sources/App/Modules/Demo/DemoCityData.swift").read_text())
divisions = [line.split("\t")[0] for line in (ROOT / "Sources/App/Resources/industries.tsv").read_text().splitlines()
             if line and not line.startswith("#") and line.split("\t")[1]]
rng = random.Random(count)
places = "桐江 桐湖 江北 城南 临溪 青山 白沙 东湖 西岭 南浦 北塘 新港 石门 云溪 凤岭".split()
words = "华信 远航 金石 瑞丰 恒达 鑫源 博远 天成 宏图 盛世 汇通 联创 智谷 云帆 海纳 同舟 卓越 明德 凯旋 安泰 永盛 嘉禾 润华 中科 兴业 九州 星河 蓝天 绿野 长青".split()
trades = "科技 贸易 建材 食品 电子 机械 物流 餐饮 服装 医药 化工 农业 文化 传媒 咨询 装饰 软件 网络 新能源 新材料".split()
forms = ["有限公司"] * 6 + ["股份有限公司", "有限责任公司", "商行", "经营部", "店", "农民专业合作社"]
tags = ["高新技术企业", "专精特新", "科技型中小企业", "外资", "民营", "国有", "上市企业"]
seen = set()
with out.open("w", newline="", encoding="utf-8") as handle:
    writer = csv.writer(handle)
    writer.writerow(["统一社会信用代码", "企业名称", "法定代表人", "所属镇街", "住所", "行业", "企业规模", "规上企业", "小升规",
                     "成立日期", "注册资本（万元）", "从业人数", "标签", "登记状态"])
    for index in range(count):
        while True:
            first17 = "9" + rng.choice("123") + "471102" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
            if first17 not in seen:
                seen.add(first17)
                break
        form = rng.choice(forms)
        name = rng.choice(places) + rng.choice(words) + rng.choice(words)[0] + rng.choice(trades) + form
        size = rng.choices(["大型", "中型", "小型", "微型"], [1, 4, 25, 70])[0]
        above = size in ("大型", "中型") or rng.random() < 0.01
        writer.writerow([
            first17 + uscc.calc_check_digit(first17), name, rng.choice("张王李赵刘陈杨黄周吴") + rng.choice("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"),
            rng.choice(towns), f"桐江市{rng.choice(places)}路{rng.randint(1, 999)}号", rng.choice(divisions), size,
            "是" if above else "否", "是" if not above and rng.random() < 0.02 else "否",
            f"{rng.randint(1995, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            f"{rng.randint(1, 50000) / 10:.1f}", rng.randint(1, 3000), "、".join(rng.sample(tags, rng.choice([0, 0, 0, 1, 2]))),
            rng.choices(["存续", "迁出", "注销"], [92, 3, 5])[0],
        ])
print(f"{count} enterprises -> {out}")
