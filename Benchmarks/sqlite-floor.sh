#!/usr/bin/env bash
# What SQLite alone needs to write an import's rows: copies every row of a store made by
# `shuyu import` into an empty store of the same schema, with SQLite's own INSERT … SELECT
# (no XML, no Swift), in one transaction with the import's settings (WAL, foreign keys,
# 32 MB page cache, 1 GiB memory map, since session 9 a sorter helper thread for the index
# builds). Three ways:
#   rows-then-indexes  the tables first, then the secondary indexes built (as a large
#                      import does since session 6)
#   indexes-kept       every index kept up row by row, table after table
#   concepts-and-terms as rows-then-indexes, without the bigram, word and pair rows: what
#                      the store would cost with no substring index at all
# Usage: Benchmarks/sqlite-floor.sh STORE [rows-then-indexes|indexes-kept|concepts-and-terms]
# Needs the sqlite3 command-line shell (Debian: sqlite3). Writes a scratch store next to
# STORE and deletes it.
set -euo pipefail
store=$1
mode=${2:-rows-then-indexes}
scratch="$store.floor.sqlite"
rm -f "$scratch" "$scratch-wal" "$scratch-shm"
sqlite3 "$scratch" "PRAGMA journal_mode = wal" >/dev/null
schema=$(sqlite3 "$store" "SELECT sql || ';' FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND type = 'table'")
indexes=$(sqlite3 "$store" "SELECT sql || ';' FROM sqlite_master WHERE sql IS NOT NULL AND type = 'index'")
triggers=$(sqlite3 "$store" "SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger'")
copy="
INSERT INTO main.meta SELECT * FROM source.meta;
INSERT INTO main.concept SELECT * FROM source.concept ORDER BY position;
INSERT INTO main.term SELECT * FROM source.term ORDER BY id;
INSERT INTO main.term_gram SELECT * FROM source.term_gram ORDER BY term_id;
INSERT INTO main.term_word SELECT * FROM source.term_word ORDER BY term_id;
INSERT INTO main.term_pair SELECT * FROM source.term_pair ORDER BY term_id;"
case $mode in
  rows-then-indexes) setup="$schema"; body="$copy $indexes $triggers" ;;
  concepts-and-terms)
    setup="$schema"
    body="$(echo "$copy" | grep -v 'term_gram\|term_word\|term_pair') $(echo "$indexes" | grep -v 'term_gram\|term_word\|term_pair') $triggers" ;;
  indexes-kept) setup="$schema $indexes $triggers"; body="$copy" ;;
  *) echo "unknown mode $mode" >&2; exit 2 ;;
esac
sqlite3 "$scratch" "$setup"
start=$(date +%s.%N)
sqlite3 "$scratch" "PRAGMA foreign_keys = ON; PRAGMA cache_size = -32000; PRAGMA mmap_size = 1073741824; PRAGMA threads = 1;
ATTACH '$store' AS source; BEGIN; $body COMMIT;" >/dev/null
end=$(date +%s.%N)
rows=$(sqlite3 "$scratch" "SELECT (SELECT count(*) FROM concept) || ' concepts, ' || (SELECT count(*) FROM term) || ' terms, ' || ((SELECT count(*) FROM term_gram) + (SELECT count(*) FROM term_word) + (SELECT count(*) FROM term_pair)) || ' index rows'")
printf '%s: %s in %.2f s\n' "$mode" "$rows" "$(echo "$end - $start" | bc)"
rm -f "$scratch" "$scratch-wal" "$scratch-shm"
