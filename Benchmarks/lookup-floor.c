/*
 * What SQLite alone takes for Shuyu's exact lookup, without Swift: for each key, the best
 * term rows of the key from the covering term_exact index, up to 20, then each one's concept
 * body by number (store v10), in a read transaction, as TermStore.lookup reads them.
 * Prints p50 and p99 over every key, repeated; the first pass (a cold cache) is not counted.
 *
 *   cc -O2 Benchmarks/lookup-floor.c -o .build-bench/lookup-floor -lsqlite3
 *   sqlite3 STORE "SELECT exact_key FROM term INDEXED BY term_exact GROUP BY exact_key
 *                  HAVING count(*) >= 20 ORDER BY random() LIMIT 200" > KEYS
 *   .build-bench/lookup-floor STORE KEYS [REPEATS]
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double microseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1e6 + now.tv_nsec / 1e3;
}

static int ascending(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql) {
    sqlite3_stmt *statement = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s\n%s\n", sql, sqlite3_errmsg(db));
        exit(1);
    }
    return statement;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: lookup-floor STORE KEYS [REPEATS]\n"); return 2; }
    int repeats = argc > 3 ? atoi(argv[3]) : 10;
    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }
    /* The store's own read settings (TermStore.tuneReads). */
    sqlite3_exec(db, "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -32000", NULL, NULL, NULL);
    static char keys[1000][256];
    int count = 0;
    FILE *file = fopen(argv[2], "r");
    if (!file) { perror(argv[2]); return 1; }
    while (count < 1000 && fgets(keys[count], sizeof keys[count], file)) {
        keys[count][strcspn(keys[count], "|\n")] = 0;
        count++;
    }
    fclose(file);
    sqlite3_stmt *terms = prepare(db,
        "SELECT id, concept_id, term_index, variant_of, text, status, exact_key, concept_number FROM term WHERE exact_key = ? "
        "ORDER BY status IN ('preferred', 'admitted') DESC, length(text), concept_id");
    sqlite3_stmt *body = prepare(db, "SELECT body FROM concept WHERE number = ? AND id = ?");
    sqlite3_stmt *begin = prepare(db, "BEGIN"), *commit = prepare(db, "COMMIT");
    double *times = malloc(sizeof(double) * count * repeats);
    int measured = 0;
    long bytes = 0;
    for (int pass = 0; pass <= repeats; pass++) {
        for (int k = 0; k < count; k++) {
            double start = microseconds();
            sqlite3_step(begin); sqlite3_reset(begin);
            sqlite3_bind_text(terms, 1, keys[k], -1, SQLITE_STATIC);
            long numbers[20]; char ids[20][128]; int found = 0;
            while (found < 20 && sqlite3_step(terms) == SQLITE_ROW) {
                numbers[found] = sqlite3_column_int64(terms, 7);
                snprintf(ids[found], sizeof ids[found], "%s", (const char *)sqlite3_column_text(terms, 1));
                found++;
            }
            sqlite3_reset(terms);
            for (int i = 0; i < found; i++) {
                sqlite3_bind_int64(body, 1, numbers[i]);
                sqlite3_bind_text(body, 2, ids[i], -1, SQLITE_STATIC);
                if (sqlite3_step(body) == SQLITE_ROW) bytes += sqlite3_column_bytes(body, 0);
                sqlite3_reset(body);
            }
            sqlite3_step(commit); sqlite3_reset(commit);
            if (pass > 0) times[measured++] = microseconds() - start;
        }
    }
    qsort(times, measured, sizeof(double), ascending);
    printf("%d lookups of %d keys: p50 %.1f us, p99 %.1f us (%ld body bytes read)\n",
           measured, count, times[measured / 2], times[measured * 99 / 100], bytes);
    return 0;
}
