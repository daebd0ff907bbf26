#!/bin/sh
# The command line: help, version, errors and exit statuses, stats, list.
. "$SRCDIR/tests/lib.sh"
plan 23

run "$AKHBAR" --help
expect_rc "--help exits 0" 0
for c in import list stats help; do
	contains "--help lists $c" "$out" "  $c "
done

run "$AKHBAR" --version
expect_rc "--version exits 0" 0
contains "--version names the program" "$out" "akhbar "

run "$AKHBAR" help list
expect_rc "help SUBCOMMAND exits 0" 0
contains "help list shows its usage" "$out" "usage: akhbar list"

run "$AKHBAR" frobnicate
expect_rc "an unknown subcommand exits 2" 2
contains "an unknown subcommand is named" "$err" "'frobnicate' is not a subcommand"
contains "an unknown subcommand gets a hint" "$err" "Try 'akhbar --help'."

run "$AKHBAR" lis
contains "a near miss gets a suggestion" "$err" "did you mean 'list'?"

run "$AKHBAR" --frob
expect_rc "an unknown global option exits 2" 2

run "$AKHBAR" list --frob
expect_rc "an unknown subcommand option exits 2" 2
contains "its hint names the subcommand" "$err" "Try 'akhbar help list'."

run "$AKHBAR" --db "$T/new.db" stats
expect_rc "stats on a new cache exits 0" 0
contains "stats shows the cache path" "$out" "$T/new.db"
contains "stats shows the article count" "$out" "articles:   0"

printf 'not a database\n' > "$T/notes.txt"
run "$AKHBAR" --db "$T/notes.txt" stats
if [ "$rc" -eq 1 ] && [ "$(nlines "$err")" -eq 1 ] && [ "$(cat "$T/notes.txt")" = "not a database" ]; then
	ok "a non-database --db: one line, status 1, file untouched"
else
	not_ok "a non-database --db: one line, status 1, file untouched" "rc=$rc" "$err"
fi

run "$AKHBAR" --db "$T" stats
expect_rc "a folder as --db exits 1" 1

run "$AKHBAR" list --json
if [ "$rc" -eq 0 ] && [ "$out" = "[]" ]; then ok "list --json on an empty cache is []"
else not_ok "list --json on an empty cache is []" "$out" "$err"; fi

run "$AKHBAR" list --limit 0
expect_rc "list --limit 0 is a usage error" 2
