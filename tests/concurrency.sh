#!/bin/sh
# Concurrent use: the reader open in tmux, used all the while, as two
# `akhbar import` and an `akhbar update` (feeds served from 127.0.0.1)
# write to the same cache in other processes.  No "locked" (or "busy")
# ever reaches the user, on the reader's screen or from the commands;
# both imports land whole; the reader shows the new articles after R.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/gen.sh"

. "$SRCDIR/tests/tmux.sh"

NA=${AKHBAR_CONC_PAGES:-250}
NFEED=60	# items subscribed first ...
NNEW=40		# ... and new ones that `update` must bring
PY=$(command -v python3 || true)
tmux_plan 9
server_pid=
trap 'tm kill-server 2>/dev/null; [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$T"' EXIT

"$AKHBAR" import "$SRCDIR/assets/samples" >/dev/null 2>&1 ||
	echo "# the samples did not import"
base_n=$("$AKHBAR" list | grep -c '')
gen_pages "$T/a" 1 "$NA" 31
gen_pages "$T/b" 20001 "$NA" 32
want=$((base_n + 2 * NA))

# the feed, served on 127.0.0.1 (python3's http.server: it answers
# If-Modified-Since from the file's time) and subscribed to now
mkdir "$T/www"
feed_url=
if [ -n "$PY" ]; then
	gen_feed "$T/www/f.xml" 1 "$NFEED" 33 conc
	cat >"$T/server.py" <<'EOF'
import functools, http.server, os, sys, threading
d = sys.argv[1]
h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=d + "/www")
http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), h)
open(d + "/port.tmp", "w").write(str(srv.server_address[1]))
os.rename(d + "/port.tmp", d + "/port")
threading.Timer(300, srv.shutdown).start()
srv.serve_forever()
EOF
	"$PY" "$T/server.py" "$T" &
	server_pid=$!
	i=0
	while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	if [ -s "$T/port" ]; then
		feed_url="http://127.0.0.1:$(cat "$T/port")/f.xml"
		"$AKHBAR" import "$feed_url" >/dev/null 2>"$T/sub.err" ||
			echo "# subscribing failed: $(cat "$T/sub.err")"
		base_n=$((base_n + NFEED))
		want=$((want + NFEED + NNEW))
		# the feed grows: update must fetch it (a later mtime)
		sleep 1
		gen_feed "$T/www/f.xml" 1 $((NFEED + NNEW)) 33 conc
	fi
fi

# the reader, in English whatever the titles
mkdir -p "$T/config/akhbar"
echo "set language en" >"$T/config/akhbar/config"
start r 140 30
if wait_for r "$base_n articles"; then
	ok "the reader opens on the cache"
else
	not_ok "the reader opens on the cache" "$(show r)"
fi

# the writers, all at once
"$AKHBAR" import "$T/a" >"$T/a.out" 2>"$T/a.err" &
pa=$!
"$AKHBAR" import "$T/b" >"$T/b.out" 2>"$T/b.err" &
pb=$!
pu=
if [ -n "$feed_url" ]; then
	"$AKHBAR" update >"$T/u.out" 2>"$T/u.err" &
	pu=$!
fi

# the reader in use meanwhile: move, open, mark, star, back, reload; the
# screen is read after each key
: >"$T/screens"
alive() { kill -0 "$pa" 2>/dev/null || kill -0 "$pb" 2>/dev/null ||
	{ [ -n "$pu" ] && kill -0 "$pu" 2>/dev/null; }; }
rounds=0
while alive; do
	for k in j Enter u s q j R k Enter q; do
		keys r "$k"
		sleep 0.03
		screen r >>"$T/screens"
	done
	rounds=$((rounds + 1))
done
wait "$pa"; sa=$?
wait "$pb"; sb=$?
su=0
[ -n "$pu" ] && { wait "$pu"; su=$?; }
echo "# $rounds rounds of keys while the writers ran"

if grep -qi 'locked\|busy' "$T/screens"; then
	not_ok "the reader never shows a lock" \
		"$(grep -i 'locked\|busy' "$T/screens" | sort -u | head -5)"
else
	ok "the reader never shows a lock"
fi
msgs=$(cat "$T/a.err" "$T/b.err" "$T/u.err" 2>/dev/null)
if [ "$sa" -eq 0 ] && [ "$sb" -eq 0 ] && [ -z "$msgs" ]; then
	ok "both imports succeed and say nothing on standard error"
else
	not_ok "both imports succeed and say nothing on standard error" \
		"status $sa, $sb" "$(printf '%s\n' "$msgs" | head -5)"
fi
if [ -z "$feed_url" ]; then
	skip_test "update succeeds meanwhile and brings the new items" \
		"no python3 for the feed server"
elif [ "$su" -eq 0 ] && grep -q ": $NNEW added, 0 updated, $NFEED unchanged" "$T/u.out"; then
	ok "update succeeds meanwhile and brings the new items"
else
	not_ok "update succeeds meanwhile and brings the new items" \
		"status $su" "$(cat "$T/u.out" "$T/u.err")"
fi

n=$(sqlite3 -batch "$DB" "SELECT count(*) FROM articles")
a_in=$(grep -c ': 1 added' "$T/a.out")
b_in=$(grep -c ': 1 added' "$T/b.out")
if [ "$n" -eq "$want" ] && [ "$a_in" -eq "$NA" ] && [ "$b_in" -eq "$NA" ]; then
	ok "all articles of both imports landed ($want in the cache)"
else
	not_ok "all articles of both imports landed ($want in the cache)" \
		"$n in the cache; $a_in and $b_in added"
fi
check "integrity_check after it all" \
	test "$(sqlite3 -batch "$DB" "PRAGMA integrity_check")" = ok

# Another writer holds the cache longer than the usual 5 s wait, as one
# batch of a large import can (AK_IMPORT_BATCH_MS, then its linking and
# commit): an import waits for it rather than fail as locked.
gen_pages "$T/c" 30001 1 34
(echo "BEGIN IMMEDIATE;"; sleep 7; echo "COMMIT;") | sqlite3 -batch "$DB" &
holder=$!
sleep 0.5
run "$AKHBAR" import "$T/c"
wait "$holder"
if [ "$rc" -eq 0 ] && [ -z "$err" ]; then
	ok "an import waits for a writer that holds the cache for 7 s"
else
	not_ok "an import waits for a writer that holds the cache for 7 s" \
		"rc=$rc" "$err"
fi
want=$((want + 1))

# the keys above end in the list: R shows what was imported meanwhile
keys r g R
if wait_for r "$want articles"; then
	ok "after R the reader shows the new articles"
else
	not_ok "after R the reader shows the new articles" "wanted $want" "$(show r)"
fi
keys r Q
if wait_for r "akhbar-exit=0"; then
	ok "the reader leaves with status 0 (its marks saved)"
else
	not_ok "the reader leaves with status 0 (its marks saved)" "$(show r)"
fi
[ "$tap_failed" -eq 0 ]
