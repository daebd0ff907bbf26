#!/bin/sh
# akhbar search end to end on the nine sample articles (and two made-up
# pages that hold only one form of a word): Arabic matched the way people
# type it, the snippet shows the match, the query language, hostile
# queries (one line, never SQLite's words), JSON, and the index kept in
# step with re-imports.
. "$SRCDIR/tests/lib.sh"
plan 43
S="$SRCDIR/assets/samples"

# made-up pages: only «إعلان» (no «الإعلان»), only «المستشارين»
printf 'مؤتمر صحافي في البصرة\n\nصدر إعلان رسمي عن موعد المؤتمر الصحافي في البصرة يوم الأحد.\n\nويحضر اللقاء ممثلون عن الجمعيات الأهلية والنقابات المهنية في المحافظة الجنوبية.\n' > "$T/elan.txt"
printf 'زيارة وفد أوروبي إلى أربيل\n\nالتقى الوفد الأوروبي في أربيل المستشارين العاملين في الإقليم لساعات.\n' > "$T/mustashar.txt"
run "$AKHBAR" import "$S" "$T/elan.txt" "$T/mustashar.txt"
expect_rc "the samples and two made-up pages import" 0

id_of() { "$AKHBAR" list | awk -F'\t' -v t="$1" '$5 == t {print $1}'; }
elan=$(id_of "مؤتمر صحافي في البصرة")
must=$(id_of "زيارة وفد أوروبي إلى أربيل")

# hits: the ids of the hit lines (the snippet lines start with a tab)
hits() { printf '%s\n' "$1" | awk -F'\t' '$1 != "" {print $1}'; }
has_hit() {
	if hits "$2" | grep -qx "$3"; then ok "$1"; else not_ok "$1" "wanted id $3" "$2"; fi
}

run "$AKHBAR" search اعلان
expect_rc "search exits 0" 0
has_hit "«اعلان» finds «إعلان»" "$out" "$elan"
contains "the snippet marks «إعلان»" "$out" "صدر [إعلان] رسمي"
contains "«اعلان» also finds «الإعلان»" "$out" "[الإعلان]"

run "$AKHBAR" search اشخاصا
contains "«اشخاصا» finds «أشخاصاً» and marks it" "$out" "[أشخاصاً]"
n=$(hits "$out" | wc -l)
[ "$n" -eq 1 ] && ok "«اشخاصا»: one article" || not_ok "«اشخاصا»: one article" "$out"

run "$AKHBAR" search مستشار
has_hit "«مستشار» finds «المستشارين»" "$out" "$must"
contains "the snippet marks «المستشارين»" "$out" "[المستشارين]"

# plain output: a hit line, then its snippet line
line1=$(printf '%s\n' "$out" | sed -n 1p)
line2=$(printf '%s\n' "$out" | sed -n 2p)
case $line1 in
*"	"*"	"*"	"*) ok "a hit line is id, date, publisher, title" ;;
*) not_ok "a hit line is id, date, publisher, title" "$line1" ;;
esac
case $line2 in
"	"*"["*"]"*) ok "the snippet line follows, indented" ;;
*) not_ok "the snippet line follows, indented" "$line2" ;;
esac

run "$AKHBAR" search '"مهمة المستشارين"'
has_hit "a phrase finds the subtitle's words" "$out" 1
n=$(hits "$out" | wc -l)
[ "$n" -eq 1 ] && ok "a phrase: only where the words stand together" || not_ok "a phrase: only where the words stand together" "$out"

run "$AKHBAR" search 'اميركي*'
contains "a prefix finds «الأميركي» (whose stem «اميرك» is no prefix of it)" "$out" "[الأميركي]"
run "$AKHBAR" search 'مستش*'
contains "a prefix finds «مستشفى»" "$out" "[مستشفى]"
# the stemmer takes «ب» off and «اني» from «البريطاني» (stem «ريط»): only
# its surface form, kept for that, finds it in a body
run "$AKHBAR" search 'بريطاني*'
contains "a prefix finds a body's «البريطاني», whose stem is far from it" "$out" "[البريطاني]"

all=$(hits "$("$AKHBAR" search انسحاب)" | wc -l)
run "$AKHBAR" search انسحاب -بغداد
expect_rc "-word after the words is an exclusion, not an option" 0
n=$(hits "$out" | wc -l)
if [ "$n" -gt 0 ] && [ "$n" -lt "$all" ]; then ok "-word leaves articles out ($n of $all)"
else not_ok "-word leaves articles out" "$n of $all"; fi

run "$AKHBAR" search 'publisher:"الشرق الأوسط"'
n=$(hits "$out" | wc -l)
[ "$n" -eq 6 ] && ok "publisher: alone lists that publisher's six" || not_ok "publisher: alone lists that publisher's six" "$out"
run "$AKHBAR" search انسحاب publisher:العرب
n=$(hits "$out" | wc -l)
[ "$n" -eq 1 ] && ok "publisher: narrows a search" || not_ok "publisher: narrows a search" "$out"
run "$AKHBAR" search انسحاب publisher:الشرق_الأدنى
if [ "$rc" -eq 1 ] && [ -z "$out" ] && [ "$(nlines "$err")" -eq 1 ] &&
    printf '%s' "$err" | grep -qF "no publisher by that name; the cache has" &&
    printf '%s' "$err" | grep -qF "الشرق الأوسط"; then
	ok "an unknown publisher: is one line naming the publishers there are"
else
	not_ok "an unknown publisher: is one line naming the publishers there are" \
		"status $rc" "$err"
fi
run "$AKHBAR" search انسحاب after:2024-09-01
contains "after: keeps the dated article" "$out" "2024-09-13"
n=$(hits "$out" | wc -l)
[ "$n" -eq 1 ] && ok "after: drops the rest" || not_ok "after: drops the rest" "$out"
run "$AKHBAR" search انسحاب before:2024-09-13
n=$(hits "$out" | wc -l)
[ "$n" -eq 0 ] && ok "before: is strict" || not_ok "before: is strict" "$out"

run "$AKHBAR" search --json --limit 2 انسحاب
expect_rc "--json exits 0" 0
if command -v python3 >/dev/null 2>&1; then
	chk=$(printf '%s' "$out" | python3 -c '
import json, sys
a = json.load(sys.stdin)
assert isinstance(a, list) and len(a) == 2, a
for h in a:
    assert sorted(h) == ["id", "published", "publisher", "score", "snippet", "title"], h
    assert isinstance(h["id"], int) and isinstance(h["score"], float)
assert a[0]["score"] >= a[1]["score"]
assert "[" in a[0]["snippet"]
print("fine")' 2>&1)
	[ "$chk" = fine ] && ok "--json: an array of {id, title, publisher, published, score, snippet}" ||
		not_ok "--json: an array of {id, title, publisher, published, score, snippet}" "$chk"
else skip_test "--json: an array of {id, title, publisher, published, score, snippet}" "no python3"; fi
run "$AKHBAR" search --json زلزال_لا_يوجد
[ "$rc" -eq 0 ] && [ "$out" = "[]" ] && ok "no hit: an empty JSON array" || not_ok "no hit: an empty JSON array" "$out" "$err"
run "$AKHBAR" search زلزال
[ "$rc" -eq 0 ] && [ -z "$out" ] && ok "no hit: nothing printed, status 0" || not_ok "no hit: nothing printed, status 0" "$rc $out $err"

# hostile queries: a result or one line of explanation, never SQLite's words
bad=0
for q in '"' '*' '-' 'NEAR(' 'a OR' 'publisher:' 'after:garbage' '(((' '{title}:x' \
	"'; DROP TABLE articles; --" '-"' 'before:2024-02-30' 'x:' '^' '""'; do
	out=$("$AKHBAR" search -- "$q" 2>"$T/stderr"); rc=$?
	err=$(cat "$T/stderr")
	n=$(printf '%s' "$err" | grep -c '')
	case $rc:$n in
	0:0|1:1) ;;
	*) bad=1; not_ok "hostile query '$q'" "status $rc" "$err" ;;
	esac
	case $err in
	*fts5*|*syntax*|*SQL*|*sqlite*) bad=1; not_ok "hostile query '$q' shows no SQLite error" "$err" ;;
	esac
done
[ $bad -eq 0 ] && ok "hostile queries: hits or one line, never SQLite's words"
run "$AKHBAR" search '"'
contains "a lone quote is explained" "$err" "nothing to search for"
run "$AKHBAR" search after:garbage
contains "a bad date is explained in one line" "$err" "after: wants a date YYYY-MM-DD"
run "$AKHBAR" search -- -بغداد
contains "only exclusions are explained" "$err" "add a word to look for"
run "$AKHBAR" search '"مهمة المستشارين'
expect_rc "an unbalanced quote is searched as plain words" 0
has_hit "an unbalanced quote still finds" "$out" 1
n=$("$AKHBAR" list | wc -l)
[ "$n" -eq 11 ] && ok "the cache is intact after hostile queries" || not_ok "the cache is intact after hostile queries" "$n"

run "$AKHBAR" search
expect_rc "no query is a usage error" 2
run "$AKHBAR" search --frobnicate x
expect_rc "an unknown option is a usage error" 2
run "$AKHBAR" search --limit 0 x
expect_rc "--limit 0 is a usage error" 2

# the index follows a re-import that changes the text (an edit: most of
# its text stays, ident.h)
sed 's/صدر إعلان رسمي/صدر بيان رسمي عن الزلزال/' "$T/elan.txt" > "$T/elan2.txt"
cp "$T/elan2.txt" "$T/elan.txt"
run "$AKHBAR" import "$T/elan.txt"
contains "the edited page is an update" "$out" "1 updated"
run "$AKHBAR" search زلزال
has_hit "the new words are found" "$out" "$elan"
run "$AKHBAR" search اعلان
if hits "$out" | grep -qx "$elan"; then not_ok "the old words are gone" "$out"; else ok "the old words are gone"; fi
run "$AKHBAR" search --reindex
contains "--reindex rebuilds the index of every article" "$out" "11 articles indexed"
run "$AKHBAR" search اشخاصا
contains "... and searches find as before" "$out" "[أشخاصاً]"
