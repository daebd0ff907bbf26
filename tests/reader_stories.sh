#!/bin/sh
# The same story from several papers (issue 15), driven in tmux: one row
# of the list, the newest, naming the other papers; = unfolds the story
# below its row and folds it again; the counts still count every
# article; n and A reach the twins the row folds; collapse-stories off
# gives each article its row.  The story: a sample page printed again by
# another paper under another title (the same text: a same-story link).
# Prints TAP.

. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/tmux.sh"

tmux_plan 11
config
"$AKHBAR" --db "$DB" import "$SRCDIR/assets/samples" >/dev/null 2>&1 ||
	echo "# import failed"
"$AKHBAR" --db "$DB" export 1 >"$T/s1.txt"
{
	echo "الخبر نفسه في صحيفة أخرى"
	sed -n '2,$p' "$T/s1.txt"
} >"$T/s1b.txt"
"$AKHBAR" --db "$DB" import --publisher "العرب" "$T/s1b.txt" >/dev/null 2>&1 ||
	echo "# import of the second paper's copy failed"
"$AKHBAR" --db "$DB" list >"$T/list" 2>&1
nart=$(wc -l <"$T/list")
orig=$(visual 1)
copy=$(vis "الخبر نفسه في صحيفة أخرى")
named=$(vis "العرب + الشرق الأوسط")
if ! "$AKHBAR" --db "$DB" related 1 | grep -q "same-story"; then
	echo "# the copy is not linked as the same story"
fi

# 1: one row, the newer (the copy), naming the other paper; the
# original is no row of its own; the header counts every article
start st 160 30
if wait_for st "$nart articles · $nart unread" &&
    screen st | grep -F -- "$copy" | grep -qF -- "$named" &&
    gone st "$orig"; then
	ok "the same story from two papers: one row naming both"
else
	not_ok "the same story from two papers: one row naming both" \
		"$(show st)"
fi

# 2-3: = on it unfolds the story below it (the other paper's row), = again
# folds it; the counts stay
keys st g
poll shows st "$copy" >/dev/null
keys st j =
if wait_for st "$orig" &&
    [ "$(screen st | grep -nF -- "$orig" | cut -d: -f1)" -eq \
    $(( $(screen st | grep -nF -- "$copy" | cut -d: -f1) + 1 )) ] &&
    shows st "$nart articles · $nart unread"; then
	ok "= unfolds the story: the other paper's article below its row"
else
	not_ok "= unfolds the story: the other paper's article below its row" \
		"$(show st)"
fi
keys st =
if wait_gone st "$orig" && shows st "$nart articles · $nart unread"; then
	ok "= again folds it"
else
	not_ok "= again folds it" "$(show st)"
fi

# 4: = on a twin's row folds its story too, the cursor back on the row;
# Enter there opens the newer article
keys st = j =
if wait_gone st "$orig"; then
	keys st Enter
	if wait_top st "$copy"; then
		ok "= on the other paper's row folds the story"
	else
		not_ok "= on the other paper's row folds the story" \
			"(the cursor is not on the story's row)" "$(show st)"
	fi
	keys st q
else
	not_ok "= on the other paper's row folds the story" "$(show st)"
fi
wait_for st "$nart articles" >/dev/null

# 5: the article opened from the row lists the other paper's among its
# related stories (G: the end of the article, where they are)
keys st g j Enter
wait_top st "$copy" >/dev/null
keys st G
if wait_for st "$orig"; then
	ok "the story's article lists the other paper's in its related stories"
else
	not_ok "the story's article lists the other paper's in its related stories" \
		"$(show st)"
fi
keys st q
wait_for st "$nart articles" >/dev/null

# 6: = on an article no other paper has says so
keys st g =
if wait_for st "No other paper has this story"; then
	ok "= on an article alone says so"
else
	not_ok "= on an article alone says so" "$(show st)"
fi

# 7: n reaches the folded twin: from the last row, the story unfolds and
# the twin is the one that opens (it is the oldest, the last unread)
keys st G n
if wait_for st "$orig"; then
	keys st Enter
	if wait_top st "$orig"; then
		ok "n reaches the other paper's article, unfolding its story"
	else
		not_ok "n reaches the other paper's article, unfolding its story" \
			"(not the one selected)" "$(show st)"
	fi
	keys st q
else
	not_ok "n reaches the other paper's article, unfolding its story" \
		"$(show st)"
fi
wait_for st "$nart articles" >/dev/null

# 8: what was read there shows when back: the count (the story's row and
# its twin read)
if wait_for st "$nart articles · $((nart - 2)) unread"; then
	ok "back in the list, the counts have the twin read"
else
	not_ok "back in the list, the counts have the twin read" "$(show st)"
fi

# 9: A marks every article read, the folded twins too
keys st = g
wait_gone st "$orig" >/dev/null
keys st A
wait_for st "(y/n)" >/dev/null
keys st y
if wait_for st "$nart articles · 0 unread"; then
	ok "A marks the folded twins read too"
else
	not_ok "A marks the folded twins read too" "$(show st)"
fi
keys st Q

# 10: the help shows the key
start help 160 40
wait_for help "$nart articles" >/dev/null
keys help "?"
if wait_re help "=.*story"; then
	ok "the help shows = (story)"
else
	not_ok "the help shows = (story)" "$(show help)"
fi
keys help q Q

# 11: collapse-stories off: each article its row (still naming the other
# paper)
config "set collapse-stories off"
start off 160 30
if wait_for off "$nart articles" && wait_for off "$orig" &&
    screen off | grep -F -- "$copy" | grep -qF -- "$named"; then
	ok "collapse-stories off: a row for each article"
else
	not_ok "collapse-stories off: a row for each article" "$(show off)"
fi
keys off Q

[ "$tap_failed" -eq 0 ]
