#!/bin/sh
# Resources: a cache in a folder that is not there, a full disk (SQLite's
# max_page_count, through AKHBAR_CACHE_MAX_PAGES), a cache the user may
# not write (the command line and the reader, in tmux).
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/gen.sh"
plan 21

sq() { sqlite3 -batch "$@" 2>&1; }
"$AKHBAR" import "$SRCDIR/assets/samples" >/dev/null 2>&1 ||
	echo "# the samples did not import"

# ---- a folder that is not there
run "$AKHBAR" --db "$T/no/such/dir/a.db" stats
if [ "$rc" -eq 1 ] && [ "$(nlines "$err")" -eq 1 ] && [ -z "$out" ] &&
   [ ! -e "$T/no" ]; then
	ok "--db in a missing folder: one line, status 1, nothing created"
else
	not_ok "--db in a missing folder: one line, status 1, nothing created" \
		"rc=$rc" "$err" "$(ls "$T")"
fi
contains "the line names the folder" "$err" "there is no folder $T/no/such/dir"
out=$(AKHBAR_DB="$T/no/such/b.db" "$AKHBAR" import \
	"$SRCDIR/assets/samples/000_5afb9c626e646c5c.txt" 2>&1)
rc=$?
if [ "$rc" -eq 1 ] && [ ! -e "$T/no" ]; then
	ok "AKHBAR_DB in a missing folder: an error too"
else
	not_ok "AKHBAR_DB in a missing folder: an error too" "rc=$rc" "$out"
fi
out=$(env -u AKHBAR_DB XDG_DATA_HOME="$T/xdg/new" "$AKHBAR" stats 2>&1)
if [ $? -eq 0 ] && [ -f "$T/xdg/new/akhbar/akhbar.db" ]; then
	ok "the default cache's folder is still made"
else
	not_ok "the default cache's folder is still made" "$out"
fi

# ---- a full disk
# dump: the cache's whole content, to compare before and after
dump() { sq "$1" .dump | md5sum; }
gen_feed "$T/big.xml" 1 300 11 full
before=$(dump "$DB")
pages=$(sq "$DB" "PRAGMA page_count")
run env AKHBAR_CACHE_MAX_PAGES=$((pages + 20)) "$AKHBAR" import "$T/big.xml"
if [ "$rc" -eq 1 ] && [ "$(nlines "$err")" -eq 1 ] && [ -z "$out" ]; then
	ok "a feed that does not fit: one line, status 1"
else
	not_ok "a feed that does not fit: one line, status 1" "rc=$rc" \
		"stderr: $err" "stdout: $out"
fi
contains "the line says the disk is full" "$err" "disk full"
if [ "$(dump "$DB")" = "$before" ]; then
	ok "the cache is as it was"
else
	not_ok "the cache is as it was" "$(sq "$DB" "SELECT count(*) FROM articles")"
fi
check "integrity_check after a full disk" test "$(sq "$DB" "PRAGMA integrity_check")" = ok

gen_pages "$T/pages" 1 60 12
n0=$(sq "$DB" "SELECT count(*) FROM articles")
run env AKHBAR_CACHE_MAX_PAGES=$((pages + 40)) "$AKHBAR" import "$T/pages"
landed=$(printf '%s\n' "$out" | grep -c ': 1 added')
full=$(printf '%s\n' "$err" | grep -c 'disk full.*; the import stops here$')
# (the pages of the transactions committed before land; the importer's
# transactions are large, so that may be none of them)
if [ "$rc" -eq 1 ] && [ "$(nlines "$err")" -eq 1 ] && [ "$full" -eq 1 ] &&
   [ "$landed" -lt 60 ]; then
	ok "a folder that fills the disk: one line, and a stop"
else
	not_ok "a folder that fills the disk: one line, and a stop" \
		"rc=$rc landed=$landed" "stderr: $err"
fi
n1=$(sq "$DB" "SELECT count(*) FROM articles")
if [ "$n1" -eq $((n0 + landed)) ] &&
   [ "$(sq "$DB" "PRAGMA integrity_check")" = ok ] &&
   [ -z "$(sq "$DB" "PRAGMA foreign_key_check")" ] &&
   [ "$(sq "$DB" "SELECT count(*) FROM related WHERE article_id NOT IN
	(SELECT id FROM articles) OR other_id NOT IN (SELECT id FROM articles)")" = 0 ]; then
	ok "what landed is whole, and only that"
else
	not_ok "what landed is whole, and only that" "n0=$n0 n1=$n1 landed=$landed"
fi
run "$AKHBAR" import "$T/pages"
n2=$(sq "$DB" "SELECT count(*) FROM articles")
if [ "$rc" -eq 0 ] && [ "$n2" -eq $((n0 + 60)) ]; then
	ok "with room again, the same import completes"
else
	not_ok "with room again, the same import completes" "rc=$rc n2=$n2" "$err"
fi

# ---- a cache the user may not write
# Root writes any file, so as root the read-only user is nobody (setpriv,
# util-linux); otherwise the test takes the write permissions away.
R=$(mktemp -d "${TMPDIR:-/tmp}/akhbar-ro-XXXXXX")
trap 'rm -rf "$T" "$R"; [ -n "${SOCK-}" ] && tm kill-server 2>/dev/null' EXIT
mkdir -p "$R/d" "$R/akhbar"
echo "set language en" >"$R/akhbar/config"
sq "$DB" ".backup '$R/d/a.db'" >/dev/null
RO=
why=
if [ "$(id -u)" -eq 0 ]; then
	RO="setpriv --reuid=65534 --regid=65534 --clear-groups"
	if ! command -v setpriv >/dev/null 2>&1; then
		why="setpriv(1) not found"
	elif ! $RO "$AKHBAR" --version >/dev/null 2>&1; then
		why="nobody cannot run $AKHBAR"
	fi
fi
chmod 755 "$R"
chmod 555 "$R/d"
chmod 444 "$R/d/a.db"
ro() { $RO env HOME="$R" XDG_CONFIG_HOME="$R" "$AKHBAR" --db "$R/d/a.db" "$@"; }
ro_tests="list stats search show import-refused import-unchanged note reader-list reader-status writable-folder"
if [ -n "$why" ]; then
	for t in $ro_tests; do skip_test "read-only: $t" "$why"; done
	exit $((tap_failed != 0))
fi
before=$(dump "$R/d/a.db")

run ro list
if [ "$rc" -eq 0 ] && [ "$(nlines "$out")" -eq "$n2" ]; then
	ok "read-only: list reads it"
else
	not_ok "read-only: list reads it" "rc=$rc" "$out" "$err"
fi
run ro stats
expect_rc "read-only: stats reads it" 0
run ro search التحالف
if [ "$rc" -eq 0 ] && [ -n "$out" ]; then ok "read-only: search finds"
else not_ok "read-only: search finds" "rc=$rc" "$err"; fi
run ro show 1 --width 60
if [ "$rc" -eq 0 ] && [ -n "$out" ]; then ok "read-only: show shows"
else not_ok "read-only: show shows" "rc=$rc" "$err"; fi
run ro import "$T/pages/page-00001.txt"
if [ "$rc" -eq 1 ] && [ "$(nlines "$err")" -eq 1 ]; then
	case $err in
	*"the cache is read-only (no permission to write the file or its folder)")
		ok "read-only: import is refused in one line" ;;
	*) not_ok "read-only: import is refused in one line" "$err" ;;
	esac
else
	not_ok "read-only: import is refused in one line" "rc=$rc" "$err"
fi
if [ "$(dump "$R/d/a.db")" = "$before" ] && [ ! -e "$R/d/a.db-wal" ]; then
	ok "read-only: the cache is untouched"
else
	not_ok "read-only: the cache is untouched" "$(ls -la "$R/d")"
fi
if command -v script >/dev/null 2>&1; then
	export R RO AKHBAR
	# shellcheck disable=SC2016
	tty=$(script -qec '$RO "$AKHBAR" --db "$R/d/a.db" list >/dev/null' \
		/dev/null | tr -d '\r')
	case $tty in
	"akhbar: $R/d/a.db: read-only (no permission to write the file or its folder); reading only")
		ok "read-only: a terminal is told" ;;
	*) not_ok "read-only: a terminal is told" "$tty" ;;
	esac
else
	skip_test "read-only: a terminal is told" "script(1) not found"
fi

# the reader, in tmux
TMUX_BIN=${TMUX_BIN:-$(command -v tmux 2>/dev/null)}
if [ -z "$TMUX_BIN" ]; then
	skip_test "read-only: the reader lists the articles" "tmux not found"
	skip_test "read-only: the reader says marks are not saved" "tmux not found"
else
	SOCK=akhbar-ro-$$
	tm() { "$TMUX_BIN" -L "$SOCK" -f /dev/null "$@"; }
	tm new-session -d -s ro -x 120 -y 20 "env LC_ALL=C.UTF-8 \
		TERM=tmux-256color NO_COLOR=1 $RO env HOME='$R' \
		XDG_CONFIG_HOME='$R' '$AKHBAR' --db '$R/d/a.db'; \
		echo akhbar-exit=\$?; exec sleep 600"
	# (the status line may come a moment after the list)
	i=0
	while [ $i -lt 500 ] && ! { tm capture-pane -p -t ro |
	    grep -q "$n2 articles" && tm capture-pane -p -t ro |
	    grep -q "Read-only cache"; }; do
		sleep 0.02
		i=$((i + 1))
	done
	scr=$(tm capture-pane -p -t ro)
	contains "read-only: the reader lists the articles" "$scr" "$n2 articles"
	contains "read-only: the reader says marks are not saved" "$scr" \
		"Read-only cache: marks are not saved"
	tm kill-server 2>/dev/null
fi

# a cache file we may not write in a folder we may: read-only too
chmod 777 "$R/d"
run ro list
if [ "$rc" -eq 0 ] && [ "$(nlines "$out")" -eq "$n2" ] &&
   [ "$(dump "$R/d/a.db")" = "$before" ]; then
	ok "read-only: a file we may not write in a folder we may"
else
	not_ok "read-only: a file we may not write in a folder we may" "rc=$rc" "$err"
fi
[ "$tap_failed" -eq 0 ]
