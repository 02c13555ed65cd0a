#!/usr/bin/env python3
"""The reference for Shuyu's Chinese matcher: the Rust aho-corasick crate (through
ahocorasick-rs, `pip install ahocorasick-rs`) finding the same terms leftmost-longest in
the same corpus, line by line as Shuyu does and over the whole text at once.

    Benchmarks/scan-ahocorasick.py TERMS CORPUS
"""
import sys
import time

import ahocorasick_rs

terms = [line for line in open(sys.argv[1], encoding="utf-8").read().split("\n") if line]
start = time.perf_counter()
automaton = ahocorasick_rs.AhoCorasick(terms, matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST)
build = time.perf_counter() - start
text = open(sys.argv[2], encoding="utf-8").read()
size = len(text.encode("utf-8")) / 1e6
start = time.perf_counter()
whole = len(automaton.find_matches_as_indexes(text))
seconds = time.perf_counter() - start
lines = text.split("\n")
start = time.perf_counter()
by_line = sum(len(automaton.find_matches_as_indexes(line)) for line in lines)
line_seconds = time.perf_counter() - start
print(f"ahocorasick-rs: {len(terms)} terms, build {build:.2f} s; scan {size:.1f} MB whole in {seconds:.2f} s "
      f"({size / seconds:.1f} MB/s), {whole} matches; by line {line_seconds:.2f} s ({size / line_seconds:.1f} MB/s), {by_line} matches")
