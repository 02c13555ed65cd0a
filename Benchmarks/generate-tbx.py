#!/usr/bin/env python3
"""Writes a synthetic TBX v3 (TBX-Basic, DCA) file with N concepts, deterministically from
a seed: Chinese terms of 2-8 characters drawn with a skewed character distribution,
English terms of 1-4 words, some synonyms and deprecated terms, subject fields, notes and
a transaction history (about 1 KB of XML per concept, like real exports).

Usage: Benchmarks/generate-tbx.py N OUTPUT.tbx [--seed S]
The output is for benchmarks only: never commit it.
"""
import argparse
import random
from xml.sax.saxutils import escape

parser = argparse.ArgumentParser()
parser.add_argument("concepts", type=int)
parser.add_argument("output")
parser.add_argument("--seed", type=int, default=30042)
args = parser.parse_args()
rng = random.Random(args.seed)

# 3,000 common ideographs, weighted like a Zipf distribution.
common = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
weights = [1.0 / (rank + 1) for rank in range(len(common))]
# A vocabulary of 4,000 pseudo-words (plus a few real ones), Zipf-weighted, so that English
# terms repeat about as often as in a real termbase rather than in a handful of combinations.
syllables = ["ra", "to", "ne", "li", "mo", "ka", "ser", "vin", "tal", "pro", "con", "dis", "ment", "tion", "ure", "ic", "al", "ing", "ex", "in"]
words = ["right", "public", "work", "treaty", "performance", "measure", "information", "network", "data", "security"]
while len(words) < 4000:
    word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
    if word not in words:
        words.append(word)
word_weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(words))]
subjects = ["copyright", "related rights", "cyberspace policy", "treaty administration", "data security"]

def chinese():
    return "".join(rng.choices(common, weights, k=rng.randint(2, 8)))

def english():
    return " ".join(rng.choices(words, word_weights, k=rng.randint(1, 4)))

def term(text, status):
    return (f'<termSec><term>{escape(text)}</term>'
            f'<termNote type="administrativeStatus">{status}Term-admn-sts</termNote>'
            f'<termNote type="partOfSpeech">noun</termNote></termSec>')

with open(args.output, "w", encoding="utf-8") as out:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="en" '
              'xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><sourceDesc><p>Synthetic benchmark data'
              '</p></sourceDesc></fileDesc></tbxHeader><text><body>\n')
    for n in range(args.concepts):
        zh = [term(chinese(), "preferred")]
        en = [term(english(), "preferred")]
        if rng.random() < 0.3:
            en.append(term(english(), "admitted"))
        if rng.random() < 0.4:
            en.append(term(english(), "deprecated"))
        if rng.random() < 0.2:
            zh.append(term(chinese(), "deprecated"))
        out.write(
            f'<conceptEntry id="c{n}"><descrip type="subjectField">{rng.choice(subjects)}</descrip>'
            f'<descripGrp><descrip type="definition">{escape(english())} of {escape(english())}, '
            f'as used in {escape(english())}.</descrip><admin type="source">Synthetic Art. {n % 97}</admin></descripGrp>'
            f'<transacGrp><transac type="transactionType">origination</transac><date>2024-0{1 + n % 9}-1{n % 10}</date></transacGrp>'
            f'<note>Benchmark note {n}.</note>'
            f'<langSec xml:lang="zh">{"".join(zh)}</langSec><langSec xml:lang="en">{"".join(en)}</langSec></conceptEntry>\n')
    out.write("</body></text></tbx>\n")
