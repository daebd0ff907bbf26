#!/bin/sh
# akhbar render, end to end: visual order, shaping, wrapping, alignment,
# modes, untrusted input, usage errors.  Prints TAP.
#
# Expected lines are what a reader sees, left to right, in presentation
# forms; each ends with "|" here so trailing/leading spaces are visible.

: "${AKHBAR:?set AKHBAR to the akhbar binary}"
LC_ALL=C.UTF-8
export LC_ALL
unset AKHBAR_DB

n=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/akhbar-render.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# never the user's cache or config
XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config"
export XDG_DATA_HOME XDG_CONFIG_HOME

# A sanitizer report in $tmp/err fails the test, whatever the output.
ok() {
	n=$((n + 1))
	if grep -q -E 'Sanitizer|runtime error:' "$tmp/err" 2>/dev/null; then
		failed=$((failed + 1))
		echo "not ok $n - $1"
		sed 's/^/# /' "$tmp/err"
		return
	fi
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
}

# check NAME INPUT EXPECTED [ARGS...]: render INPUT, compare with EXPECTED.
check() {
	name=$1 input=$2 want=$3
	shift 3
	printf '%s\n' "$input" | "$AKHBAR" render "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	sed 's/$/|/' "$tmp/out" >"$tmp/got"
	printf '%s\n' "$want" >"$tmp/want"
	if [ $rc -eq 0 ] && cmp -s "$tmp/got" "$tmp/want"; then
		ok "$name"
	else
		not_ok "$name"
		echo "# exit status $rc; stderr: $(cat "$tmp/err")"
		diff "$tmp/want" "$tmp/got" | sed 's/^/# /'
	fi
}

# usage NAME ARGS...: must exit 2 with a message.
usage() {
	name=$1
	shift
	printf 'x\n' | "$AKHBAR" render "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 2 ] && [ -s "$tmp/err" ] && [ ! -s "$tmp/out" ]; then
		ok "$name"
	else
		not_ok "$name"
		echo "# exit status $rc (want 2); stderr: $(cat "$tmp/err")"
	fi
}

echo "1..18"

S='قال السوداني إن 2500 جندي (تقريباً) في العراق'

check "rtl paragraph wrapped at 20, each line reordered and right-aligned" "$S" \
'2500 ﻥﺇ ﻲﻧﺍﺩﻮﺴﻟﺍ ﻝﺎﻗ|
    ﻲﻓ (ﺎًﺒﻳﺮﻘﺗ) ﻱﺪﻨﺟ|
              ﻕﺍﺮﻌﻟﺍ|' --width 20

check "width 0: one line, no padding" "$S" \
'ﻕﺍﺮﻌﻟﺍ ﻲﻓ (ﺎًﺒﻳﺮﻘﺗ) ﻱﺪﻨﺟ 2500 ﻥﺇ ﻲﻧﺍﺩﻮﺴﻟﺍ ﻝﺎﻗ|' --width 0

check "--no-shape keeps the letters, still visual order" "$S" \
'قارعلا يف (اًبيرقت) يدنج 2500 نإ ينادوسلا لاق|' --width=0 --no-shape

check "--bidi terminal: logical order, not shaped, not padded" "$S" \
'قال السوداني إن 2500|
جندي (تقريباً) في|
العراق|' --width 20 --bidi terminal

check "--bidi off: logical order, left-aligned" "$S" \
'قال السوداني إن 2500|
جندي (تقريباً) في|
العراق|' --width 20 --bidi=off

check "--dir ltr: left-aligned, Arabic run still right to left" "$S" \
'ﻱﺪﻨﺟ 2500 ﻥﺇ ﻲﻧﺍﺩﻮﺴﻟﺍ ﻝﺎﻗ|
ﻕﺍﺮﻌﻟﺍ ﻲﻓ (ﺎًﺒﻳﺮﻘﺗ)|' --width 30 --dir ltr

check "paragraphs: guillemets mirrored, lam-alef joined, blank line kept, LTR left" \
'«السلام عليكم» Hello (world) لا

The Pentagon said 2500 troops' \
'   «ﻢﻜﻴﻠﻋ ﻡﻼﺴﻟﺍ»|
 ﻻ Hello (world)|
|
The Pentagon|
said 2500 troops|' --width 16

check "a word wider than the line is cut, not lost" 'كلمةطويلةجدا' \
'ﻃﺔﻤﻠﻛ|
ﺟﺔﻠﻳﻮ|
   ﺍﺪ|' --width 5

check "harakat stay on their letter; digits of both kinds left to right" \
'هٰذَا مُحَمَّدٌ عام ٢٠٢٤ و 2024' \
'2024 ﻭ ٢٠٢٤ ﻡﺎﻋ ﺪٌﻤَّﺤَﻣُ ﺍﺬَﻫٰ|' --width 0

check "orphan combining mark shown on a dotted circle" "$(printf '\331\216\330\250')" \
"$(printf '\357\272\217\342\227\214\331\216|')" --width 0

# Untrusted input: no control byte or C1 reaches the output.
printf 'a\033[31mred\033[0m \033]0;title\007x\302\233\062Jy \342\200\256evil\342\200\254 z\tq\r\n\377\376 bad\n' |
	"$AKHBAR" render --width 0 >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$tmp/out" &&
	! LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$tmp/out" &&
	! LC_ALL=C grep -q "$(printf '\342\200[\252-\256]')" "$tmp/out" &&
	grep -q 'ared' "$tmp/out"; then
	ok "escape sequences, C1 and bidi overrides never reach the output"
else
	not_ok "escape sequences, C1 and bidi overrides never reach the output"
	od -c "$tmp/out" | sed 's/^/# /'
fi

usage "--width wants a number" --width abc
usage "--bidi wants a known mode" --bidi sideways
usage "--dir wants auto, rtl or ltr" --dir up
usage "unknown argument refused" --frobnicate

# akhbar show: the same layout for a cached article.
db="$tmp/cache.db"
"$AKHBAR" --db "$db" import "${SRCDIR:?}/assets/samples/000_5afb9c626e646c5c.txt" \
	>/dev/null 2>"$tmp/err"
"$AKHBAR" --db "$db" show 1 --width 60 >"$tmp/out" 2>>"$tmp/err"
rc=$?
title='ﻕﺍﺮﻌﻟﺍ ﻦﻣ «ﻲﻟﻭﺪﻟﺍ ﻒﻟﺎﺤﺘﻟﺍ» ﺏﺎﺤﺴﻧﺍ ﻥﻼﺟﺆﻳ ﻥﺎﺧﻭﺭﺎﺻ'
if [ $rc -eq 0 ] && [ "$(head -n 1 "$tmp/out")" = "             $title" ]; then
	ok "show: the title first, shaped, in visual order, right-aligned"
else
	not_ok "show: the title first, shaped, in visual order, right-aligned"
	echo "# exit status $rc; stderr: $(cat "$tmp/err")"
	head -n 3 "$tmp/out" | sed 's/^/# /'
fi
if [ $rc -eq 0 ] && [ "$(wc -l <"$tmp/out")" -gt 40 ] &&
	[ "$(wc -L <"$tmp/out")" -le 60 ]; then
	ok "show --width 60: a long article, no line wider than 60 columns"
else
	not_ok "show --width 60: a long article, no line wider than 60 columns"
	echo "# lines $(wc -l <"$tmp/out"), widest $(wc -L <"$tmp/out")"
fi
"$AKHBAR" --db "$db" show 999 >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 1 ] && [ -s "$tmp/err" ] && [ ! -s "$tmp/out" ]; then
	ok "show of an unknown id fails with a message"
else
	not_ok "show of an unknown id fails with a message"
	echo "# exit status $rc (want 1)"
fi

[ $failed -eq 0 ]
