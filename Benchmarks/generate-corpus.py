#!/usr/bin/env python3
"""Writes an aligned bilingual corpus (NAME.zh.txt / NAME.en.txt) built from the bundled
glossary, deterministically from a seed: sentences in the style of policy documents with
glossary terms at a realistic density (1-3 per sentence) and about 3% planted drift
(a deprecated or forbidden rendering in place of the approved one).

Usage: Benchmarks/generate-corpus.py SIZE_MB OUTPUT_PREFIX [--seed S] [--glossary DIR]
The output is for benchmarks only: never commit it.
"""
import argparse
import glob
import os
import random

import yaml

parser = argparse.ArgumentParser()
parser.add_argument("megabytes", type=float)
parser.add_argument("prefix")
parser.add_argument("--seed", type=int, default=2026)
parser.add_argument("--glossary", default=os.path.join(os.path.dirname(__file__), "..", "glossary"))
args = parser.parse_args()
rng = random.Random(args.seed)

pairs = []  # (zh, approved en, rejected en or None)
for path in sorted(glob.glob(os.path.join(args.glossary, "*.yaml"))):
    for concept in yaml.safe_load(open(path, encoding="utf-8"))["concepts"]:
        terms = concept["terms"]
        zh = [t if isinstance(t, str) else t["term"] for t in terms.get("zh", []) if isinstance(t, str) or t.get("status", "preferred") == "preferred"]
        en = [t if isinstance(t, str) else t for t in terms.get("en", [])]
        approved = [t if isinstance(t, str) else t["term"] for t in en if isinstance(t, str) or t.get("status", "preferred") in ("preferred", "admitted")]
        rejected = [t["term"] for t in en if isinstance(t, dict) and t.get("status") in ("deprecated", "forbidden")]
        if zh and approved:
            pairs.append((zh[0], approved[0], rejected[0] if rejected else None))

frames = [
    ("各方应当在{0}方面加强合作。", "All parties should strengthen cooperation on {0}."),
    ("根据{0}和{1}，缔约各方应采取必要措施。", "Under {0} and {1}, the parties shall take the necessary measures."),
    ("我们重申{0}的重要性，并支持{1}。", "We reaffirm the importance of {0} and support {1}."),
    ("{0}、{1}和{2}是本报告讨论的重点。", "{0}, {1} and {2} are the focus of this report."),
    ("会议就{0}交换了意见。", "The meeting exchanged views on {0}."),
]

target = int(args.megabytes * 1024 * 1024)
written = 0
lines = 0
with open(args.prefix + ".zh.txt", "w", encoding="utf-8") as zh_out, open(args.prefix + ".en.txt", "w", encoding="utf-8") as en_out:
    while written < target:
        zh_frame, en_frame = rng.choice(frames)
        count = zh_frame.count("{")
        chosen = [rng.choice(pairs) for _ in range(count)]
        english = []
        for zh, approved, rejected in chosen:
            english.append(rejected if rejected and rng.random() < 0.03 else approved)
        zh_line = zh_frame.format(*[c[0] for c in chosen])
        en_line = en_frame.format(*english)
        zh_out.write(zh_line + "\n")
        en_out.write(en_line + "\n")
        written += len(zh_line.encode("utf-8")) + 1
        lines += 1
print(f"{lines} lines, {written / 1048576:.1f} MB of Chinese, {len(pairs)} glossary concepts used")
