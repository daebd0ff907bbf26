#!/bin/sh
# The reader's feeds view, driven in tmux: feeds and publishers with their
# unread and total counts, a feed's articles opened and back, n to the next
# one with unread articles, A to mark one read, a failed update said,
# feed-sort.  The feeds are served from 127.0.0.1 (tests/feedserver.py).
# Prints TAP.

. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/tmux.sh"

NT=12
PY=$(command -v python3 || true)
if [ -z "$PY" ]; then
	plan $NT
	i=0
	while [ $i -lt $NT ]; do
		i=$((i + 1))
		skip_test "feeds view test $i" "python3 not found"
	done
	exit 0
fi
tmux_plan $NT
config
"$PY" "$SRCDIR/tests/feedserver.py" "$T" &
server_pid=$!
trap 'tm kill-server 2>/dev/null; kill $server_pid 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
base="http://127.0.0.1:$(cat "$T/port" 2>/dev/null)"

# three feeds (one gone), the sample pages
"$AKHBAR" --db "$DB" import "$SRCDIR/assets/samples" >/dev/null 2>&1
"$AKHBAR" --db "$DB" subscribe "$base/feed/1.xml" --name "أول" >/dev/null
"$AKHBAR" --db "$DB" subscribe "$base/feed/2.xml" --name "ثان" >/dev/null
"$AKHBAR" --db "$DB" subscribe "$base/feed/13.xml" --name "غائب" >/dev/null
"$AKHBAR" --db "$DB" update >/dev/null 2>&1
nart=$("$AKHBAR" --db "$DB" list | wc -l)

# 1: F: the feeds, then the publishers, with unread / total
start fv 120 30
wait_for fv "$nart articles" >/dev/null
keys fv F
if wait_for fv "Feeds · 3" && wait_for fv "Publishers · " &&
    wait_for fv "$(vis "أول")" && wait_for fv "2 / 2"; then
	ok "F shows the feeds and publishers with unread / total"
else
	not_ok "F shows the feeds and publishers with unread / total" "$(show fv)"
fi

# 2: a failed update is said
if screen fv | grep -F "$(vis "غائب")" | grep -q "update failed"; then
	ok "a feed whose update failed says so"
else
	not_ok "a feed whose update failed says so" "$(show fv)"
fi

# 3: the cursor on it: why, in the status line
keys fv g j j
if wait_for fv "update failed: HTTP 404"; then
	ok "the cursor on a failed feed says why it failed"
else
	not_ok "the cursor on a failed feed says why it failed" "$(show fv)"
fi

# 4-5: Enter opens the feed's articles; q comes back
keys fv g Enter
if wait_for fv "$(vis "أول") · 2 articles · 2 unread"; then
	ok "Enter opens the list of the feed's articles"
else
	not_ok "Enter opens the list of the feed's articles" "$(show fv)"
fi
keys fv Enter
wait_for fv "Article ·" >/dev/null
keys fv q q
if wait_for fv "Feeds · 3" && wait_for fv "1 / 2"; then
	ok "q comes back to the feeds view, the counts as read now"
else
	not_ok "q comes back to the feeds view, the counts as read now" \
		"$(show fv)"
fi

# 6: A marks the selected feed read (after y)
keys fv A
wait_for fv "(y/n)" >/dev/null
keys fv y
if wait_for fv "Marked read: 1" && wait_for fv "0 / 2"; then
	ok "A marks the feed's articles read"
else
	not_ok "A marks the feed's articles read" "$(show fv)"
fi

# 7: n goes to the next one with unread articles
keys fv n Enter
if wait_for fv "$(vis "ثان") · 2 articles"; then
	ok "n goes to the next feed with unread articles"
else
	not_ok "n goes to the next feed with unread articles" "$(show fv)"
fi
keys fv Q

# 8: set feed-sort unread: the feed with the most unread first (the
# first feed was marked read above)
config "set feed-sort unread"
start sorted 120 30
wait_for sorted "$nart articles" >/dev/null
keys sorted F
wait_for sorted "Feeds · 3" >/dev/null
first=$(screen sorted | sed -n 3p)
case $first in
*"$(vis "ثان")"*) ok "feed-sort unread: the most unread first" ;;
*) not_ok "feed-sort unread: the most unread first" "$(show sorted)" ;;
esac
keys sorted Q

# 9-11: U updates in the background: progress in the status line, the
# keys answered meanwhile, the lists read again when it is done (two
# slow feeds take 2 s each; the gone one fails)
config
"$AKHBAR" --db "$DB" subscribe "$base/slow/20.xml" --name "بطيء" >/dev/null
"$AKHBAR" --db "$DB" subscribe "$base/slow/21.xml" >/dev/null
nart=$("$AKHBAR" --db "$DB" list | wc -l)
start upd 120 30
wait_for upd "$nart articles" >/dev/null
keys upd U
if wait_re upd "Updating: [0-4]/5 feeds"; then
	ok "U: the update's progress in the status line"
else
	not_ok "U: the update's progress in the status line" "$(show upd)"
fi
keys upd '?'
if wait_for upd "akhbar · Keys" && shows upd "Updating: "; then
	ok "the reader answers keys while the feeds update"
else
	not_ok "the reader answers keys while the feeds update" "$(show upd)"
fi
keys upd q
if wait_for upd "Updated: 4/5 feeds; 1 failed" &&
    wait_for upd "$((nart + 4)) articles"; then
	ok "when the update is done: what it did, and the list read again"
else
	not_ok "when the update is done: what it did, and the list read again" \
		"$(show upd)"
fi
keys upd Q

# 12: more feeds and publishers than rows: the feeds view opens with its
# first heading in view (it opened on the first feed, the heading above
# scrolled off)
start small 100 8
wait_for small "$((nart + 4)) articles" >/dev/null
keys small F
if wait_for small "$(vis "أول")" && shows small "Feeds · 5"; then
	ok "a feeds view longer than the screen opens with its heading"
else
	not_ok "a feeds view longer than the screen opens with its heading" \
		"$(show small)"
fi
keys small Q

[ "$tap_failed" -eq 0 ]
