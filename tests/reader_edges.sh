#!/bin/sh
# The reader's rough edges (issue 15), each as a person meets it, driven
# in tmux on the sample articles: in-article search hits, the prompts,
# the numbered related stories, the export prompt, dates.  Prints TAP.

. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/tmux.sh"

tmux_plan 12
config

"$AKHBAR" --db "$DB" import "$SRCDIR/assets/samples" >/dev/null 2>&1 ||
	echo "# import of the samples failed"
"$AKHBAR" --db "$DB" list >"$T/list" 2>&1

# 1-3: n and N go round the hits of an article; after a move they go on
# from the screen, not from a hit scrolled away
start hits 120 30
wait_for hits "9 articles" >/dev/null
keys hits /
wait_for hits "Search:" >/dev/null
keys hits -l "حلب"
keys hits Enter
wait_for hits "hits" >/dev/null
keys hits Enter
wait_for hits "Article ·" >/dev/null
keys hits N
if wait_re hits 'Hit ([0-9]+) of \1 · from the end'; then
	ok "N at the first hit goes round to the last"
else
	not_ok "N at the first hit goes round to the last" "$(show hits)"
fi
keys hits n
if wait_re hits 'Hit 1 of [0-9]+ · from the top'; then
	ok "n at the last hit goes round to the first"
else
	not_ok "n at the last hit goes round to the first" "$(show hits)"
fi
keys hits N g n
if wait_re hits 'Hit 1 of [0-9]+$'; then
	ok "after g, n goes to the first hit from the top of the screen"
else
	not_ok "after g, n goes to the first hit from the top of the screen" \
		"$(show hits)"
fi

# 4: / in an article offers the last query selected: typing replaces it
keys hits /
wait_for hits "Find:" >/dev/null
keys hits -l "عين"
if wait_re hits "Find: +$(vis "عين")\$"; then
	ok "typing into the find prompt replaces the last query"
else
	not_ok "typing into the find prompt replaces the last query" \
		"wanted: Find: $(vis "عين")" "$(show hits)"
fi
keys hits Escape
keys hits Q

# 5: the numbers 1-9 go to the related stories that can be opened; the
# page's refs that are not in the cache are listed without a number
first=$("$AKHBAR" --db "$DB" related 1 2>/dev/null |
	grep -E '^[0-9]+	' | head -n 1 | cut -f1)
start rel 160 30
wait_for rel "9 articles" >/dev/null
keys rel G Enter
wait_top rel "$(visual 1)" >/dev/null
keys rel 1
if [ -n "$first" ] && wait_top rel "$(visual "$first")"; then
	ok "1 opens the first related story that is in the cache"
else
	not_ok "1 opens the first related story that is in the cache" \
		"first cached: $first" "$(show rel)"
fi
keys rel Q

# 6: the overwrite question takes one key; n keeps the file and says so
start exp 120 30
wait_for exp "9 articles" >/dev/null
keys exp e
wait_for exp "Export to:" >/dev/null
keys exp Enter
wait_for exp "Exported to" >/dev/null
keys exp e
wait_for exp "Export to:" >/dev/null
keys exp Enter
wait_for exp "replace it?" >/dev/null
keys exp n
if wait_for exp "Not exported: the file exists" &&
    wait_gone exp "replace it?"; then
	ok "n to the overwrite question keeps the file, in one key"
else
	not_ok "n to the overwrite question keeps the file, in one key" \
		"$(show exp)"
fi
keys exp Q

# 7-9: one date format everywhere, with the time of day when the cache
# knows it (in the local time zone), in the chosen digits: the list, the
# article's header, its related stories (a feed's item at 14:30 +03:00,
# 11:30 UTC, next to the samples; TZ is Riyadh's, +03:00)
DB="$T/dates.db"
"$AKHBAR" --db "$DB" import "$SRCDIR/assets/samples" \
	"$SRCDIR/tests/data/feeds/rss-ar.xml" >/dev/null 2>&1
start dates 120 30 TZ=Asia/Riyadh
if wait_for dates "Sep 13, 2024, 14:30"; then
	ok "the list shows the time of day in the local time zone"
else
	not_ok "the list shows the time of day in the local time zone" \
		"$(show dates)"
fi
keys dates j Enter
if wait_for dates "Article ·" && wait_for dates "Sep 13, 2024, 14:30" &&
    gone dates "Friday"; then
	ok "the article's header has the list's date format"
else
	not_ok "the article's header has the list's date format" \
		"$(show dates)"
fi
keys dates Q
config "set digits arabic"
start digits 120 30 TZ=Asia/Riyadh
wait_for digits "articles" >/dev/null
# the third row: the samples' dated article, whose related stories hold
# the feed's item
keys digits j j Enter End
if wait_for digits "Related stories" &&
    wait_for digits "Sep ١٣, ٢٠٢٤, ١٤:٣٠" && gone digits "2024-09-13T"; then
	ok "related stories' dates in the same format and digits"
else
	not_ok "related stories' dates in the same format and digits" \
		"$(show digits)"
fi
keys digits Q
config

# 10: the search hits show their snippets under the titles
DB="$T/akhbar.db"
start snip 120 30
wait_for snip "9 articles" >/dev/null
keys snip /
wait_for snip "Search:" >/dev/null
keys snip -l "حلب"
keys snip Enter
if wait_for snip "hits" && wait_for snip "$(vis "متنازع عليها")"; then
	ok "the search hits show a snippet of the text"
else
	not_ok "the search hits show a snippet of the text" "$(show snip)"
fi
keys snip Q

# 12: a reader of Arabic news gets the Arabic interface without setting
# it (the locale is C.UTF-8; most titles are right to left): Arabic
# words, the marks on the right
rm -f "$T/config/akhbar/config"
start arabic 120 20
if wait_for arabic "$(vis "الأخبار")" &&
    screen arabic | sed -n '2,$p' | grep -q '●$'; then
	ok "Arabic titles give the Arabic interface, whatever the locale"
else
	not_ok "Arabic titles give the Arabic interface, whatever the locale" \
		"$(show arabic)"
fi
keys arabic Q
config

# 11: akhbar show in a pipe (to a pager) is as wide as the terminal it
# shows on (standard error is still the terminal), not 80 columns
DB="$T/akhbar.db"
tm new-session -d -s pipe -x 100 -y 20 -c "$T" \
	"env -u COLUMNS LC_ALL=C.UTF-8 '$AKHBAR' --db '$DB' show 1 | cat >'$T/show.out'; echo done=\$?; exec sleep 600"
wait_for pipe "done=" >/dev/null
widest=$(LC_ALL=C.UTF-8 wc -L <"$T/show.out")
if [ "$widest" -gt 80 ] && [ "$widest" -le 100 ]; then
	ok "akhbar show in a pipe takes the terminal's width"
else
	not_ok "akhbar show in a pipe takes the terminal's width" \
		"widest line: $widest" "$(show pipe)"
fi

[ "$tap_failed" -eq 0 ]
