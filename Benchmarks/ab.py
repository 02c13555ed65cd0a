#!/usr/bin/env python3
"""A/B comparison of two builds of Shuyu: the commit REV (A) against the working tree's
release build (B), the same `shuyu` command run alternately, as bench.py runs its
comparisons. Reports the medians, B/A and peak memory. REV is built once, in a git worktree
under .build-bench/ab/ (its own .build), and kept for the next comparison.

Usage:
  Benchmarks/ab.py REV [--runs R] [--copy STORE | --fresh] -- SHUYU-ARGUMENTS...

  --copy STORE   before each run, copy STORE to a scratch store and put its path where the
                 arguments say {store}: for commands that change a store (a re-import), so
                 that every run starts from the same one.
  --fresh        before each run, make {store} afresh with the build about to run, holding
                 the bundled glossary only (as bench.py import does): an import into an empty
                 store, across a change of the store's schema too.

Examples:
  Benchmarks/ab.py HEAD~1 -- lookup --store .build-bench/import-1000000.sqlite --glossary glossary 录音制品
  Benchmarks/ab.py HEAD~1 --runs 3 --copy .build-bench/import-100000.sqlite -- \\
      import -q --store {store} --glossary glossary /tmp/rev/synthetic-100000.tbx
  Benchmarks/ab.py HEAD~3 --runs 3 --fresh -- import -q --store {store} --glossary glossary .build-bench/synthetic-100000.tbx

Both builds must read the store's format: a store of a newer schema is refused by an
older build (and a store an older build opens may be upgraded in place by a newer one,
which --copy keeps away from the original).
"""
import argparse
import os
import shutil
import subprocess
import sys

from bench import DATA, ROOT, SHUYU, alternate


def build(rev):
    """The shuyu binary of commit `rev`, built in a worktree of its own."""
    sha = subprocess.run(["git", "rev-parse", "--verify", rev + "^{commit}"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    tree = os.path.join(DATA, "ab", sha[:12])
    if not os.path.isdir(tree):
        os.makedirs(os.path.dirname(tree), exist_ok=True)
        subprocess.run(["git", "worktree", "add", "--detach", tree, sha], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    binary = os.path.join(tree, ".build", "release", "shuyu")
    if not os.path.exists(binary):
        print(f"building {rev} ({sha[:12]}) in {tree} …", file=sys.stderr)
        subprocess.run(["swift", "build", "-c", "release", "--product", "shuyu"], cwd=tree, check=True, stdout=subprocess.DEVNULL)
    return binary, sha[:12]


def main():
    parser = argparse.ArgumentParser(usage="ab.py REV [--runs R] [--copy STORE] -- SHUYU-ARGUMENTS...")
    parser.add_argument("rev", help="the commit to compare against (A)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copy", help="a store copied afresh before each run, named {store} in the arguments")
    parser.add_argument("--fresh", action="store_true", help="{store} made afresh by each build before each run")
    argv = sys.argv[1:]
    if "--" not in argv:
        parser.error("give the shuyu arguments after --")
    args = parser.parse_args(argv[:argv.index("--")])
    arguments = argv[argv.index("--") + 1:]
    if not arguments:
        parser.error("give the shuyu arguments after --")
    if not os.path.exists(SHUYU):
        sys.exit("build the working tree first: swift build -c release")
    old, sha = build(args.rev)
    scratch = os.path.join(DATA, "ab", "run.sqlite")
    arguments = [argument.replace("{store}", scratch) for argument in arguments]

    def preparing(binary):
        if not args.copy and not args.fresh:
            return None

        def prepare():
            for suffix in ("", "-wal", "-shm", ".matcher"):
                if os.path.exists(scratch + suffix):
                    os.remove(scratch + suffix)
            if args.copy:
                shutil.copyfile(args.copy, scratch)
                # What the source's log holds and its file does not yet.
                if os.path.exists(args.copy + "-wal"):
                    shutil.copyfile(args.copy + "-wal", scratch + "-wal")
            else:
                subprocess.run([binary, "lookup", "--store", scratch, "--glossary", os.path.join(ROOT, "glossary"), "录音制品"],
                               check=True, stdout=subprocess.DEVNULL)
        return prepare
    os.chdir(ROOT)
    a, b, peak_a, peak_b = alternate([old] + arguments, [SHUYU] + arguments, args.runs,
                                     prepare_a=preparing(old), prepare_b=preparing(SHUYU))
    print(f"| `shuyu {' '.join(arguments)}` | {args.rev} ({sha}) {a:.3f} s | working tree {b:.3f} s | B/A {b / a:.2f} | "
          f"{peak_a / 1024:.0f} MB → {peak_b / 1024:.0f} MB | {args.runs} runs each, alternated |")


if __name__ == "__main__":
    main()
