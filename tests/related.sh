#!/bin/sh
# akhbar related: the nine sample articles find each other as a reader
# expects, a ref links to a story imported later, JSON shape, errors.
. "$SRCDIR/tests/lib.sh"
plan 22

S="$SRCDIR/assets/samples"
# One file at a time, so the ids are known: 000_ holds articles 1-4
# (coalition, Gaza, Aleppo, Aleppo), 001_ 5, 002_ 6, 003_ 7, 004_ 8-9
# (coalition, Baalbek).
for f in 000_5afb9c626e646c5c 001_408007871d5a714d 002_e497e9457040c8ed \
    003_3ffd546b70ef6a8c 004_637aaf80ae70c840; do
	"$AKHBAR" import "$S/$f.txt" >/dev/null 2>&1
done
run "$AKHBAR" stats
contains "the samples import as nine articles" "$out" "articles:   9"

# found IDS: the ids of the stories found related to ID, best first
found() {
	"$AKHBAR" related "$1" | awk -F '\t' '$2 != "ref" { print $1 }' |
		tr '\n' ' '
}

coalition="1 5 6 7 8"
for id in $coalition; do
	want=$(for o in $coalition; do [ "$o" != "$id" ] && echo "$o"; done |
		sort | tr '\n' ' ')
	got=$(found "$id")
	top4=$(for o in $got; do echo "$o"; done | head -n 4 | sort |
		tr '\n' ' ')
	if [ "$top4" = "$want" ]; then
		ok "coalition story $id has the other four as its top four"
	else
		not_ok "coalition story $id has the other four as its top four" \
			"wanted: $want" "found: $got"
	fi
done

got=$(found 3)
case $got in
"4 "*) ok "the first Aleppo story finds the second first" ;;
*) not_ok "the first Aleppo story finds the second first" "found: $got" ;;
esac
got=$(found 4)
case $got in
"3 "*) ok "the second Aleppo story finds the first first" ;;
*) not_ok "the second Aleppo story finds the first first" "found: $got" ;;
esac

run "$AKHBAR" related 1
expect_rc "related exits 0" 0
first=$(printf '%s\n' "$out" | head -n 1 | cut -f 1,2)
if [ "$first" = "$(printf -- '-\tref')" ] &&
    [ "$(printf '%s\n' "$out" | grep -c "$(printf '\tref\t')")" -eq 5 ]; then
	ok "the page's five refs come first, with no article"
else
	not_ok "the page's five refs come first, with no article" "$out"
fi

run "$AKHBAR" related 1 --json
expect_rc "related --json exits 0" 0
contains "a ref with no article has id null" "$out" '"id": null'
contains "refs are of kind ref" "$out" '"kind": "ref"'
if printf '%s\n' "$out" | grep -Eq '"score": 0\.[0-9]*[1-9]'; then
	ok "found stories have a score"
else
	not_ok "found stories have a score" "$out"
fi
case $out in
*'"kind": "related"'*|*'"kind": "same-story"'*)
	ok "found stories are related or same-story" ;;
*) not_ok "found stories are related or same-story" "$out" ;;
esac

# A ref whose story is imported later gets linked.
D="$SRCDIR/tests/data/related"
"$AKHBAR" import "$D/first.txt" >/dev/null 2>&1
run "$AKHBAR" related 10 --json
if printf '%s\n' "$out" | grep -A1 '"id": null' |
    grep -q 'الصومال يعلن حالة الطوارئ'; then
	ok "before its story arrives the ref has no article"
else
	not_ok "before its story arrives the ref has no article" "$out"
fi
before=$("$AKHBAR" related 10)
"$AKHBAR" import --dry-run "$D/later.txt" >/dev/null 2>&1
if [ "$("$AKHBAR" related 10)" = "$before" ]; then
	ok "a dry run links nothing"
else
	not_ok "a dry run links nothing" "$before"
fi
"$AKHBAR" import "$D/later.txt" >/dev/null 2>&1
run "$AKHBAR" related 10
line=$(printf '%s\n' "$out" | grep 'الصومال يعلن حالة الطوارئ')
case $line in
"11	ref	"*) ok "the ref links to the story imported later" ;;
*) not_ok "the ref links to the story imported later" "$out" ;;
esac
if [ "$(printf '%s\n' "$out" | grep -c '^11	')" -eq 1 ]; then
	ok "a linked ref is not listed again as a found story"
else
	not_ok "a linked ref is not listed again as a found story" "$out"
fi

run "$AKHBAR" related 999
if [ "$rc" -eq 1 ] && [ "$(nlines "$err")" -eq 1 ]; then
	ok "an unknown id: one line, status 1"
else
	not_ok "an unknown id: one line, status 1" "rc=$rc" "$err"
fi
run "$AKHBAR" related abc
expect_rc "a bad id is a usage error" 2
run "$AKHBAR" related
expect_rc "a missing id is a usage error" 2
