#!/bin/sh
# akhbar export end to end: the three formats on the samples, the round
# trip (an exported text imported into a second cache gives back the same
# article), wrapping, the atomic write, no-clobber, and each error (no such
# article, folder missing, no permission, disk full) as one line, a
# non-zero status and no partial file.
. "$SRCDIR/tests/lib.sh"
plan 47
S="$SRCDIR/assets/samples"

run "$AKHBAR" import "$S"
expect_rc "the samples import" 0
first=$("$AKHBAR" list | awk -F'\t' '$5 ~ /^صاروخان/ {print $1}')

# ---------------------------------------------------------------- text
run "$AKHBAR" export "$first"
expect_rc "export exits 0" 0
printf '%s\n' "$out" > "$T/one.txt"
l1=$(sed -n 1p "$T/one.txt"); l2=$(sed -n 2p "$T/one.txt")
l3=$(sed -n 3p "$T/one.txt"); l4=$(sed -n 4p "$T/one.txt")
[ "$l1" = "صاروخان يؤجلان انسحاب «التحالف الدولي» من العراق" ] && ok "text: the title on the first line" || not_ok "text: the title on the first line" "$l1"
[ "$l2" = "خلاف بين واشنطن وبغداد حول «مهمة المستشارين العسكريين»" ] && ok "text: the subtitle next" || not_ok "text: the subtitle next" "$l2"
# undated: the meta line has what is known, no placeholder
[ "$l3" = "— الشرق الأوسط" ] && ok "text: — publisher · date · byline (what is known)" || not_ok "text: — publisher · date · byline (what is known)" "$l3"
[ -z "$l4" ] && ok "text: then a blank line" || not_ok "text: then a blank line" "$l4"
contains "text: a heading is underlined" "$out" "تأجيل الإعلان
============="
contains "text: a caption ends with its credit" "$out" "لقطة أرشيفية من داخل قاعدة «عين الأسد» في الأنبار بالعراق (رويترز)"
contains "text: the related stories close it" "$out" "مقالات ذات صلة
العراق... سباق سياسي ضاغط لحسم رئاستي الجمهورية والوزراء"
"$AKHBAR" export "$first" > "$T/raw.txt"
if [ "$(tail -c 1 "$T/raw.txt" | od -An -c | tr -d ' ')" = '\n' ] && ! grep -q "$(printf '\r')" "$T/raw.txt"; then
	ok "text: LF line ends and a final newline"
else not_ok "text: LF line ends and a final newline"; fi
dated=$("$AKHBAR" list | awk -F'\t' '$3 == "2024-09-13" {print $1}')
run "$AKHBAR" export "$dated"
contains "text: the date in the meta line" "$out" "التلفزيون العربي · 2024-09-13"

# ---------------------------------------------------------------- round trip
# each article exported, then imported into a second cache: the same
# title, subtitle, publisher, date, byline and blocks (paragraphs,
# headings, captions, dateline)
body() { sed '/^مقالات ذات صلة$/,$d' "$1"; }
fail=
i=0
for id in $("$AKHBAR" list | cut -f1 | sort -n); do
	i=$((i + 1))
	"$AKHBAR" export "$id" > "$T/rt-$id.txt" || fail="$fail export-$id"
	"$AKHBAR" --db "$T/rt.db" import "$T/rt-$id.txt" > /dev/null 2>&1 || fail="$fail import-$id"
	back=$("$AKHBAR" --db "$T/rt.db" list | awk -F'\t' -v t="$(sed -n 1p "$T/rt-$id.txt")" '$5 == t {print $1}')
	"$AKHBAR" --db "$T/rt.db" export "$back" > "$T/rt-back-$id.txt" 2>/dev/null || fail="$fail reexport-$id"
	body "$T/rt-$id.txt" > "$T/a.txt"
	body "$T/rt-back-$id.txt" > "$T/b.txt"
	cmp -s "$T/a.txt" "$T/b.txt" || fail="$fail $id:$(diff "$T/a.txt" "$T/b.txt" | head -3 | tr '\n' ' ')"
done
[ "$i" -eq 9 ] && [ -z "$fail" ] && ok "round trip: the nine articles come back the same" || not_ok "round trip: the nine articles come back the same" "$i articles;$fail"
n=$("$AKHBAR" --db "$T/rt.db" list | wc -l)
[ "$n" -eq 9 ] && ok "round trip: nine articles, no page noise turned article" || not_ok "round trip: nine articles" "$n"
# the second import of the same exports changes nothing
run "$AKHBAR" --db "$T/rt.db" import "$T"/rt-[0-9]*.txt
if printf '%s\n' "$out" | grep -q ' [1-9][0-9]* added\| [1-9][0-9]* updated'; then
	not_ok "round trip: importing again changes nothing" "$out"
else ok "round trip: importing again changes nothing"; fi

# ---------------------------------------------------------------- wrapping
run "$AKHBAR" export "$first" --width 30
over=$(printf '%s\n' "$out" | while IFS= read -r l; do
	case $l in *" "*) [ "$(printf '%s' "$l" | wc -L)" -gt 30 ] && printf '%s\n' "$l" ;; esac
done)
[ -z "$over" ] && ok "--width 30: no line of several words is wider" || not_ok "--width 30: no line of several words is wider" "$over"
w1=$(printf '%s\n' "$out" | tr -s ' \n' '\n\n' | grep -c '')
w0=$("$AKHBAR" export "$first" | tr -s ' \n' '\n\n' | grep -c '')
u=$(printf '%s\n' "$out" | grep -c '^==*$')
[ "$w1" -eq "$w0" ] && ok "--width: never inside a word (the same words)" || not_ok "--width: never inside a word" "$w1 vs $w0"
[ "$u" -eq 3 ] && ok "--width: the headings keep their underline" || not_ok "--width: the headings keep their underline" "$u"

# ---------------------------------------------------------------- markdown
run "$AKHBAR" export "$first" -f markdown
case $out in "# صاروخان يؤجلان"*) ok "markdown: # title" ;; *) not_ok "markdown: # title" "$out" ;; esac
contains "markdown: ## headings" "$out" "
## التباس أم خلاف؟
"
contains "markdown: captions emphasised" "$out" "
*لقطة أرشيفية من داخل قاعدة «عين الأسد» في الأنبار بالعراق (رويترز)*
"
contains "markdown: related stories as a list" "$out" "## مقالات ذات صلة

- العراق... سباق سياسي ضاغط لحسم رئاستي الجمهورية والوزراء"
run "$AKHBAR" export "$first" -f md
expect_rc "-f md is markdown too" 0

# ---------------------------------------------------------------- json
run "$AKHBAR" export "$first" -f json
if command -v python3 >/dev/null 2>&1; then
	chk=$(printf '%s' "$out" | python3 -c '
import json, sys
a = json.load(sys.stdin)
want = ["blocks", "byline", "dateline", "id", "published", "publisher", "refs", "related", "section", "subtitle", "title", "url"]
assert sorted(a) == want, sorted(a)
assert [b["kind"] for b in a["blocks"]].count("paragraph") == 23
assert [b["kind"] for b in a["blocks"]].count("heading") == 3
assert sorted(a["blocks"][0]) == ["credit", "kind", "text"]
assert len(a["refs"]) == 5 and sorted(a["refs"][0]) == ["byline", "caption", "id", "section", "summary", "title"]
assert a["related"][0]["kind"] == "ref"
print("fine")' 2>&1)
	[ "$chk" = fine ] && ok "json: the importer issue's shape plus related" || not_ok "json: the importer issue's shape plus related" "$chk"
else skip_test "json: the importer issue's shape plus related" "no python3"; fi

# ---------------------------------------------------------------- -o FILE
mkdir "$T/out"
"$AKHBAR" export "$first" > "$T/stdout.txt"
run "$AKHBAR" export "$first" -o "$T/out/a.txt"
expect_rc "-o FILE exits 0" 0
[ -z "$out" ] && ok "-o FILE prints nothing" || not_ok "-o FILE prints nothing" "$out"
cmp -s "$T/stdout.txt" "$T/out/a.txt" && ok "-o FILE holds what stdout gets" || not_ok "-o FILE holds what stdout gets"
[ "$(ls -A "$T/out")" = "a.txt" ] && ok "-o FILE leaves no temporary file" || not_ok "-o FILE leaves no temporary file" "$(ls -A "$T/out")"
run "$AKHBAR" export "$first" -o - -f json
case $out in "{"*) ok "-o - is standard output" ;; *) not_ok "-o - is standard output" "$out" ;; esac

echo keep > "$T/out/b.txt"
run "$AKHBAR" export "$first" -o "$T/out/b.txt"
expect_rc "an existing file is not replaced" 1
contains "... and says so in one line" "$err" "b.txt: file exists (use --force to replace it)"
[ "$(cat "$T/out/b.txt")" = keep ] && ok "... and the file is untouched" || not_ok "... and the file is untouched"
run "$AKHBAR" export "$first" -o "$T/out/b.txt" --force
[ "$rc" -eq 0 ] && cmp -s "$T/stdout.txt" "$T/out/b.txt" && ok "--force replaces it" || not_ok "--force replaces it" "$err"

# ---------------------------------------------------------------- errors
one_line() { [ "$(printf '%s' "$1" | grep -c '')" -eq 1 ]; }
run "$AKHBAR" export 999 -o "$T/out/c.txt"
if [ "$rc" -eq 1 ] && one_line "$err" && [ ! -e "$T/out/c.txt" ]; then
	contains "no such article: one line, status 1, no file" "$err" "no article 999"
else not_ok "no such article: one line, status 1, no file" "$rc" "$err"; fi
run "$AKHBAR" export "$first" -o "$T/nope/c.txt"
if [ "$rc" -eq 1 ] && one_line "$err" && [ ! -e "$T/nope" ]; then
	contains "folder missing: one line, status 1" "$err" "no such folder"
else not_ok "folder missing: one line, status 1" "$rc" "$err"; fi

# no permission: a folder we may not write (root may write anywhere: then
# a read-only bind mount in a user namespace)
mkdir "$T/ro"
if [ "$(id -u)" -ne 0 ]; then
	chmod 555 "$T/ro"
	run "$AKHBAR" export "$first" -o "$T/ro/c.txt"
	chmod 755 "$T/ro"
elif unshare -rm true 2>/dev/null; then
	out=$(unshare -rm sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec "$2" --db "$3" export "$4" -o "$1/c.txt"' sh "$T/ro" "$AKHBAR" "$DB" "$first" 2>"$T/stderr"); rc=$?
	err=$(cat "$T/stderr")
else
	rc=skip
fi
if [ "$rc" = skip ]; then
	skip_test "no permission: one line, status 1, no file" "root without user namespaces"
elif [ "$rc" -eq 1 ] && one_line "$err" && [ -z "$(ls -A "$T/ro")" ]; then
	case $err in
	*"Permission denied"*|*"Read-only file system"*) ok "no permission: one line, status 1, no file" ;;
	*) not_ok "no permission: one line, status 1, no file" "$err" ;;
	esac
else not_ok "no permission: one line, status 1, no file" "$rc" "$err" "$(ls -A "$T/ro")"; fi

# disk full: /dev/full, and a tiny tmpfs (in a user namespace) when we may
run "$AKHBAR" export "$first" -o /dev/full
if [ "$rc" -eq 1 ] && one_line "$err"; then
	contains "disk full (/dev/full): one line, status 1" "$err" "No space left on device"
else not_ok "disk full (/dev/full): one line, status 1" "$rc" "$err"; fi
mkdir "$T/tiny"
if unshare -rm true 2>/dev/null; then
	out=$(unshare -rm sh -c 'mount -t tmpfs -o size=4k tmpfs "$1" && "$2" --db "$3" export "$4" -o "$1/c.txt"; rc=$?; ls -A "$1"; exit $rc' sh "$T/tiny" "$AKHBAR" "$DB" "$first" 2>"$T/stderr"); rc=$?
	err=$(cat "$T/stderr")
	if [ "$rc" -eq 1 ] && one_line "$err" && [ -z "$out" ]; then
		contains "disk full (a 4 KiB tmpfs): one line, status 1, no partial file" "$err" "No space left on device"
	else not_ok "disk full (a 4 KiB tmpfs): one line, status 1, no partial file" "$rc" "$err" "left: $out"; fi
else
	skip_test "disk full (a 4 KiB tmpfs): one line, status 1, no partial file" "no user namespaces"
fi

# a feed's item (a date with its time, a byline) comes back whole
"$AKHBAR" import "$SRCDIR/tests/data/feeds/rss-ar.xml" >/dev/null 2>&1
item=$("$AKHBAR" list | awk -F'\t' '$3 == "2024-09-13T11:30:00Z" {print $1}')
"$AKHBAR" export "$item" > "$T/item.txt"
"$AKHBAR" --db "$T/rt2.db" import "$T/item.txt" >/dev/null 2>&1
back=$("$AKHBAR" --db "$T/rt2.db" list --json | python3 -c 'import json,sys
a=json.load(sys.stdin)[0]; print(a["publisher"], a["published"], sep="|")' 2>/dev/null)
[ "$back" = "الشرق الأوسط|2024-09-13T11:30:00Z" ] && ok "round trip: a feed item keeps its publisher, date and time" || not_ok "round trip: a feed item keeps its publisher, date and time" "$back" "$(sed -n 1,4p "$T/item.txt")"
by=$("$AKHBAR" --db "$T/rt2.db" export 1 | sed -n 3p)
[ "$by" = "$(sed -n 3p "$T/item.txt")" ] && ok "round trip: ... and its byline" || not_ok "round trip: ... and its byline" "$by"

# -o FILE: the extension picks the format when -f does not
run "$AKHBAR" export "$first" -o "$T/out/e1.md"
case $(sed -n 1p "$T/out/e1.md") in "# صاروخان"*) ok "-o FILE.md writes Markdown" ;; *) not_ok "-o FILE.md writes Markdown" "$(sed -n 1p "$T/out/e1.md")" ;; esac
run "$AKHBAR" export "$first" -o "$T/out/e1.json"
case $(sed -n 1p "$T/out/e1.json") in "{"*) ok "-o FILE.json writes JSON" ;; *) not_ok "-o FILE.json writes JSON" "$(sed -n 1p "$T/out/e1.json")" ;; esac
run "$AKHBAR" export "$first" -f text -o "$T/out/e2.md"
case $(sed -n 1p "$T/out/e2.md") in "صاروخان"*) ok "-f wins over the extension" ;; *) not_ok "-f wins over the extension" "$(sed -n 1p "$T/out/e2.md")" ;; esac

run "$AKHBAR" export "$first" -f pdf
expect_rc "an unknown format is a usage error" 2
run "$AKHBAR" export "$first" --width -3
expect_rc "a bad width is a usage error" 2
run "$AKHBAR" export
expect_rc "no id is a usage error" 2
run "$AKHBAR" export abc
expect_rc "a bad id is a usage error" 2

# 47: two related stories under one title are listed once: listed twice,
# the title read as a headline printed around its photo, and importing
# the export made an article of it
D="$T/twins.db"
A1="قال وزير الزراعة إن موسم الحصاد في الجزيرة بدأ مبكرا هذا العام بسبب الأمطار الغزيرة التي هطلت في الربيع على السهول."
A2="وأضاف أن إنتاج القمح يتوقع أن يتجاوز ثلاثة ملايين طن للمرة الأولى منذ عشر سنوات وأن المخازن الحكومية جاهزة لاستقباله."
A3="وطالب المزارعون الحكومة برفع سعر شراء القمح وتأمين الوقود للحصادات قبل نهاية الشهر الجاري."
A4="وتخشى الجمعيات الفلاحية من حرائق الحقول التي تتكرر كل صيف وتلتهم مساحات واسعة من المحاصيل."
printf 'موسم الحصاد يبدأ مبكرا\n\n%s\n\n%s\n\n%s\n\n%s\n' "$A1" "$A2" "$A3" "$A4" > "$T/harvest.txt"
printf 'تقرير\n\n%s\n\n%s\n\nوأعلنت الوزارة عن خطة لتوسيع الصوامع في المحافظات الشمالية خلال العامين المقبلين.\n' "$A1" "$A2" > "$T/rep1.txt"
printf 'تقرير\n\n%s\n\n%s\n\nودعا خبراء إلى التأمين على المحاصيل ضد الحرائق والجفاف بأسعار مدعومة.\n' "$A3" "$A4" > "$T/rep2.txt"
"$AKHBAR" --db "$D" import --publisher "الجزيرة" "$T/harvest.txt" "$T/rep1.txt" "$T/rep2.txt" > /dev/null 2>&1
hid=$("$AKHBAR" --db "$D" list | awk -F'\t' '$5 == "موسم الحصاد يبدأ مبكرا" {print $1}')
"$AKHBAR" --db "$D" export "$hid" > "$T/harvest-out.txt"
twice=$("$AKHBAR" --db "$D" related "$hid" | grep -c "تقرير")
listed=$(grep -cx "تقرير" "$T/harvest-out.txt")
run "$AKHBAR" --db "$T/twins-back.db" import "$T/harvest-out.txt"
if [ "$twice" -eq 2 ] && [ "$listed" -eq 1 ] &&
    printf '%s' "$out" | grep -q ": 1 added"; then
	ok "two related stories of one title: listed once, imported back as one article"
else
	not_ok "two related stories of one title: listed once, imported back as one article" \
		"related: $twice, listed: $listed" "$out"
fi
