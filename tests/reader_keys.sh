#!/bin/sh
# The reader's keys for daily reading (issue 15), driven in tmux on the
# sample pages and a feed: next unread (n), the unread articles only (l),
# every article read (A, asked first), the article's link in its header
# and o to open it with the configured browser.  Prints TAP.

. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/tmux.sh"

tmux_plan 11
# a browser that writes down the link it was given
cat >"$T/browser.sh" <<'EOB'
#!/bin/sh
printf '%s\n' "$1" >>"$0.opened"
EOB
chmod +x "$T/browser.sh"
config "set browser '$T/browser.sh %u'"

"$AKHBAR" --db "$DB" import "$SRCDIR/assets/samples" \
	"$SRCDIR/tests/data/feeds/rss-ar.xml" >/dev/null 2>&1 ||
	echo "# import failed"
"$AKHBAR" --db "$DB" list >"$T/list" 2>&1
nart=$(wc -l <"$T/list")
first=$(sed -n 1p "$T/list" | cut -f1)
second=$(sed -n 2p "$T/list" | cut -f1)
third=$(sed -n 3p "$T/list" | cut -f1)

# 1: n in the list goes to the next unread article (the first is read)
"$AKHBAR" --db "$DB" list >/dev/null
start keys 160 30
wait_for keys "$nart articles" >/dev/null
keys keys Enter
wait_for keys "Article ·" >/dev/null
keys keys q
wait_for keys "$nart articles" >/dev/null
keys keys g n Enter
if wait_top keys "$(visual "$second")"; then
	ok "n in the list goes to the next unread article"
else
	not_ok "n in the list goes to the next unread article" "$(show keys)"
fi

# 2: n in an article (no search) opens the next unread one
keys keys n
if wait_top keys "$(visual "$third")"; then
	ok "n in an article opens the next unread article"
else
	not_ok "n in an article opens the next unread article" "$(show keys)"
fi
keys keys q
wait_for keys "$nart articles" >/dev/null

# 3: l: the unread articles only (the three read ones go), and back
keys keys l
if wait_for keys "unread only" && wait_for keys "$((nart - 3)) articles" &&
    gone keys "$(visual "$first")"; then
	ok "l shows the unread articles only"
else
	not_ok "l shows the unread articles only" "$(show keys)"
fi
keys keys l
if wait_for keys "All articles shown" && wait_for keys "$nart articles" &&
    wait_for keys "$(visual "$first")"; then
	ok "l again shows them all"
else
	not_ok "l again shows them all" "$(show keys)"
fi

# 4-5: A asks first; n keeps the marks, y marks every article read
keys keys A
wait_for keys "(y/n)" >/dev/null
keys keys n
if wait_for keys "Nothing marked" &&
    wait_for keys "$((nart - 3)) unread"; then
	ok "A then n marks nothing"
else
	not_ok "A then n marks nothing" "$(show keys)"
fi
keys keys A
wait_for keys "(y/n)" >/dev/null
keys keys y
if wait_for keys "Marked read: $((nart - 3))" && wait_for keys " 0 unread" &&
    [ "$("$AKHBAR" --db "$DB" list | cut -f2 | grep -c N)" -eq 0 ]; then
	ok "A then y marks every article of the list read"
else
	not_ok "A then y marks every article of the list read" "$(show keys)"
fi
keys keys Q

# 6-8: a feed's article shows its link; o opens it in the browser, and
# the reader comes back with its screen
url="https://aawsat.example/news/4001"
item=$("$AKHBAR" --db "$DB" list --json | python3 -c 'import json, sys
for a in json.load(sys.stdin):
    if a["published"] == "2024-09-13T11:30:00Z": print(a["id"])' 2>/dev/null)
start link 160 30
wait_for link "$nart articles" >/dev/null
row=$(grep -n "^$item	" "$T/list" | cut -d: -f1)
j=1
while [ -n "$row" ] && [ $j -lt "$row" ]; do
	keys link j
	j=$((j + 1))
done
keys link Enter
if wait_for link "Article ·" && wait_for link "$url"; then
	ok "the article shows its link under the header"
else
	not_ok "the article shows its link under the header" "$(show link)"
fi
keys link o
if poll test -s "$T/browser.sh.opened" &&
    [ "$(cat "$T/browser.sh.opened")" = "$url" ]; then
	ok "o gives the link to the configured browser"
else
	not_ok "o gives the link to the configured browser" \
		"opened: $(cat "$T/browser.sh.opened" 2>/dev/null)" "$(show link)"
fi
if wait_for link "Opened: $url" && wait_for link "Article ·" &&
    [ "$(tm display -p -t link '#{alternate_on}')" = 1 ]; then
	ok "the reader comes back after the browser"
else
	not_ok "the reader comes back after the browser" "$(show link)"
fi
keys link Q

# 9: a page without a link: o says so
start nolink 160 30
wait_for nolink "$nart articles" >/dev/null
keys nolink G o
if wait_for nolink "This article has no link"; then
	ok "o on an article without a link says so"
else
	not_ok "o on an article without a link says so" "$(show nolink)"
fi

# 10: ? lists the new keys
keys nolink '?'
if wait_for nolink "next-unread" && wait_for nolink "mark-all-read" &&
    wait_for nolink "unread-only" && wait_for nolink "open-url"; then
	ok "? lists the new keys"
else
	not_ok "? lists the new keys" "$(show nolink)"
fi
keys nolink Q

[ "$tap_failed" -eq 0 ]
