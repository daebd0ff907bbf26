#!/bin/sh
# What a long import shows on a terminal (tmux): a progress line on
# standard error while it runs, then one summary line; the per-input
# lines still go to standard output when it is not the terminal.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/tmux.sh"
. "$SRCDIR/tests/gen.sh"
tmux_plan 4

gen_pages "$T/pages" 1 40 7
# run NAME COMMAND: in a pane of its own; "done=STATUS" when it ends
runs() {
	tm new-session -d -s "$1" -x 120 -y 20 -c "$T" \
		"env LC_ALL=C.UTF-8 $2; echo done=\$?; exec sleep 600"
}
runs tty "'$AKHBAR' --db '$T/a.db' import '$T/pages'"
if poll shows tty "done=0" && shows tty "40 inputs: 40 added, 0 updated, 0 unchanged, 0 failed"; then
	ok "on a terminal: one summary line at the end"
else
	not_ok "on a terminal: one summary line at the end" "$(screen tty)"
fi
if shows tty "page-00001.txt: 1 added" || shows tty "importing:"; then
	not_ok "and neither the lines of each input nor the progress line stay" "$(screen tty)"
else
	ok "and neither the lines of each input nor the progress line stay"
fi
runs file "'$AKHBAR' --db '$T/b.db' import '$T/pages' > '$T/out.txt'"
if poll shows file "done=0" && shows file "40 inputs: 40 added"; then
	ok "standard output to a file: the summary on the terminal"
else
	not_ok "standard output to a file: the summary on the terminal" "$(screen file)"
fi
n=$(grep -c ': 1 added, 0 updated, 0 unchanged$' "$T/out.txt")
[ "$n" -eq 40 ] && ok "and a line per input in the file" || not_ok "and a line per input in the file" "$(cat "$T/out.txt")"
