#!/bin/sh
# The man page: groff reads it without a warning, and at 80 columns no
# option is parted from its argument across lines ("[--publisher" at the
# end of one line, "NAME]" on the next).  Prints TAP; skips without groff.
. "$SRCDIR/tests/lib.sh"
plan 2
MAN="$SRCDIR/assets/akhbar.1"
if ! command -v groff >/dev/null 2>&1; then
	skip_test "the man page reads without warnings" "no groff"
	skip_test "no option parted from its argument at 80 columns" "no groff"
	exit 0
fi
warn=$(groff -k -man -Tutf8 -ww -z "$MAN" 2>&1)
[ -z "$warn" ] && ok "the man page reads without warnings" ||
	not_ok "the man page reads without warnings" "$warn"
groff -k -man -Tutf8 -rLL=80n "$MAN" 2>/dev/null | sed 's/.\x08//g' >"$T/man.txt"
parted=$(grep -nE '\[-[-a-z]+$' "$T/man.txt")
if [ -s "$T/man.txt" ] && [ -z "$parted" ]; then
	ok "no option parted from its argument at 80 columns"
else
	not_ok "no option parted from its argument at 80 columns" "$parted"
fi
[ "$tap_failed" -eq 0 ]
