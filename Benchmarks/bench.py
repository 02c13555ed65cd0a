#!/usr/bin/env python3
"""Whole-process benchmarks for Shuyu, run side by side with a reference on the same
machine in the same run: A and B alternate, and the report gives medians, the B/A ratio
and peak memory. Ratios, not absolute times, are the targets (machines here are shared).

Usage:
  Benchmarks/bench.py import N [--runs R]     shuyu import of N synthetic concepts vs xmllint --stream
  Benchmarks/bench.py lookup [--runs R]       whole `shuyu lookup` processes on the bundled glossary
  Benchmarks/bench.py lint MB [--runs R]      shuyu lint of an MB-sized synthetic corpus (throughput)
  Benchmarks/bench.py export N [--runs R] [--store S]
                                              shuyu export of a store of N synthetic concepts vs
                                              xmllint --stream reading the result (S: a store
                                              already holding them; by default the one
                                              `import N` left, .build-bench/import-N.sqlite)

Needs a release build (swift build -c release) and xmllint (Debian: libxml2-utils).
Benchmarks/ab.py compares two builds of Shuyu the same way (a change against the commit before).
Data goes to .build-bench/ (ignored by git) and is generated deterministically.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, ".build-bench")
SHUYU = os.path.join(ROOT, ".build", "release", "shuyu")
GLOSSARY = os.path.join(ROOT, "glossary")


def measure(command, prepare=None):
    """Wall seconds and peak resident kilobytes of one run."""
    if prepare:
        prepare()
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr}")
    peak = int(result.stderr.strip().splitlines()[-1])
    return elapsed, peak


def alternate(a, b, runs, prepare_a=None, prepare_b=None):
    times_a, times_b, peaks_a, peaks_b = [], [], [], []
    for _ in range(runs):
        t, m = measure(a, prepare_a); times_a.append(t); peaks_a.append(m)
        t, m = measure(b, prepare_b); times_b.append(t); peaks_b.append(m)
    return statistics.median(times_a), statistics.median(times_b), max(peaks_a), max(peaks_b)


def ensure(path, command):
    if not os.path.exists(path):
        os.makedirs(DATA, exist_ok=True)
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return path


def fresh_store(path):
    def prepare():
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        # The glossary part of the store is built before timing, so only the import is measured.
        subprocess.run([SHUYU, "lookup", "--store", path, "--glossary", GLOSSARY, "录音制品"], stdout=subprocess.DEVNULL, check=True)
    return prepare


def bench_import(concepts, runs):
    tbx = ensure(os.path.join(DATA, f"synthetic-{concepts}.tbx"),
                 [sys.executable, os.path.join(ROOT, "Benchmarks", "generate-tbx.py"), str(concepts), os.path.join(DATA, f"synthetic-{concepts}.tbx")])
    # One store per size: the import leaves it for `export N` and the lookup benchmark.
    store = os.path.join(DATA, f"import-{concepts}.sqlite")
    size = os.path.getsize(tbx) / 1048576
    a, b, ma, mb = alternate(["xmllint", "--stream", "--noout", tbx],
                             [SHUYU, "import", "-q", "--store", store, "--glossary", GLOSSARY, tbx], runs, prepare_b=fresh_store(store))
    print(f"| import {concepts:,} concepts ({size:.0f} MB) | xmllint --stream {a:.2f} s | shuyu import {b:.2f} s | {b / a:.1f}× | {mb / 1024:.0f} MB (xmllint {ma / 1024:.0f} MB) |")


def bench_lookup(runs):
    store = os.path.join(DATA, "lookup.sqlite")
    fresh_store(store)()
    times = {}
    for query in ["录音制品", "phonograms", "录音", "sovereignty"]:
        samples = [measure([SHUYU, "lookup", "--store", store, "--glossary", GLOSSARY, query])[0] for _ in range(runs)]
        times[query] = statistics.median(samples)
    print("| lookup (whole process, median) | " + ", ".join(f"`{q}` {t * 1000:.0f} ms" for q, t in times.items()) + " |")


def bench_lint(megabytes, runs):
    prefix = os.path.join(DATA, f"corpus-{megabytes}")
    ensure(prefix + ".zh.txt", [sys.executable, os.path.join(ROOT, "Benchmarks", "generate-corpus.py"), str(megabytes), prefix])
    store = os.path.join(DATA, "lint.sqlite")
    fresh_store(store)()
    samples = [measure([SHUYU, "lint", "--store", store, "--glossary", GLOSSARY, "--format", "json", "--fail-on", "none",
                        prefix + ".zh.txt", prefix + ".en.txt"]) for _ in range(runs)]
    seconds = statistics.median(s[0] for s in samples)
    size = os.path.getsize(prefix + ".zh.txt") / 1048576
    print(f"| lint {size:.0f} MB of Chinese + its English | {seconds:.2f} s | {size / seconds:.2f} MB/s | peak {max(s[1] for s in samples) / 1024:.0f} MB |")


def bench_export(concepts, runs, store):
    if store is None and os.path.exists(os.path.join(DATA, f"import-{concepts}.sqlite")):
        store = os.path.join(DATA, f"import-{concepts}.sqlite")
    if store is None:
        store = os.path.join(DATA, f"export-{concepts}.sqlite")
        if not os.path.exists(store):
            tbx = ensure(os.path.join(DATA, f"synthetic-{concepts}.tbx"),
                         [sys.executable, os.path.join(ROOT, "Benchmarks", "generate-tbx.py"), str(concepts), os.path.join(DATA, f"synthetic-{concepts}.tbx")])
            fresh_store(store)()
            subprocess.run([SHUYU, "import", "-q", "--store", store, "--glossary", GLOSSARY, tbx], check=True)
    out = os.path.join(DATA, f"export-{concepts}.tbx")
    export = [SHUYU, "export", "--store", store, "--glossary", GLOSSARY, "-o", out]
    measure(export)  # the file xmllint reads, and a warm cache for both
    a, b, ma, mb = alternate(["xmllint", "--stream", "--noout", out], export, runs)
    size = os.path.getsize(out) / 1048576
    print(f"| export {concepts:,} concepts ({size:.0f} MB of TBX) | xmllint --stream {a:.2f} s | shuyu export {b:.2f} s | {b / a:.1f}× | {mb / 1024:.0f} MB (xmllint {ma / 1024:.0f} MB) |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["import", "lookup", "lint", "export"])
    parser.add_argument("size", nargs="?", type=float, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store", help="export: a store that already holds the concepts")
    args = parser.parse_args()
    if not os.path.exists(SHUYU):
        sys.exit("build first: swift build -c release")
    if args.what == "import":
        bench_import(int(args.size), args.runs)
    elif args.what == "export":
        bench_export(int(args.size), args.runs, args.store)
    elif args.what == "lookup":
        bench_lookup(args.runs)
    else:
        bench_lint(args.size if args.size != 10000 else 1, args.runs)


if __name__ == "__main__":
    main()
