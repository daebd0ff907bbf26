#!/bin/sh
# What a long import shows on a terminal (tmux): a progress line on
# standard error while it runs, then one summary line; the per-input
# lines still go to standard output when it is not the terminal.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/tmux.sh"
. "$SRCDIR/tests/gen.sh"
tmux_plan 6

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

# 5-6: with standard output in a file, the progress line stays on the
# terminal while the import waits (here for the last input, a FIFO that
# is only written once the line has been seen)
mkfifo "$T/last.txt"
runs fifo "'$AKHBAR' --db '$T/c.db' import $(ls "$T"/pages/*.txt | head -3 | tr '\n' ' ') '$T/last.txt' > '$T/out2.txt'"
# (inputs are reported when their batch commits: after 5 s here)
if poll shows fifo "importing: 3/4 inputs" ||
    poll shows fifo "importing: 3/4 inputs"; then
	ok "standard output to a file: the progress line shows while it runs"
else
	not_ok "standard output to a file: the progress line shows while it runs" "$(screen fifo)"
fi
printf 'خبر أخير\n\nنص الخبر الأخير في هذا الاختبار.\n' > "$T/last.txt"
if poll shows fifo "done=0" && shows fifo "4 inputs: 4 added"; then
	ok "and the import ends with its summary"
else
	not_ok "and the import ends with its summary" "$(screen fifo)"
fi
