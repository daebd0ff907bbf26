#!/bin/sh
# The importer end to end: the nine sample articles, idempotence, hostile
# inputs (each gets its one-line error or warning while good files in the
# same call still import), dry runs, JSON, folders and URLs.
. "$SRCDIR/tests/lib.sh"
plan 37
S="$SRCDIR/assets/samples"

run "$AKHBAR" import "$S"
expect_rc "the samples import" 0
contains "000_ holds four articles" "$out" "000_5afb9c626e646c5c.txt: 4 added, 0 updated, 0 unchanged"
contains "004_ holds two articles" "$out" "004_637aaf80ae70c840.txt: 2 added"
n=$("$AKHBAR" list | wc -l)
[ "$n" -eq 9 ] && ok "nine articles in the cache" || not_ok "nine articles in the cache" "$n"

run "$AKHBAR" import "$S"
if [ "$rc" -eq 0 ] && [ "$(printf '%s\n' "$out" | grep -c ': 0 added, 0 updated, [0-9]* unchanged$')" -eq 5 ]; then
	ok "a second import changes nothing"
else not_ok "a second import changes nothing" "$out"; fi

run "$AKHBAR" list --json
contains "list --json has the publisher" "$out" '"publisher": "الشرق الأوسط"'
contains "list --json has the date" "$out" '"published": "2024-09-13"'

# an edited page updates in place and keeps the read/starred state
id=$("$AKHBAR" list | awk -F'\t' '$4 == "العرب" {print $1}')
sqlite3 "$DB" "UPDATE articles SET read = 1, starred = 1 WHERE id = $id" 2>/dev/null ||
	"$AKHBAR" stats >/dev/null
sed 's/خفض تدريجي لقوات التحالف/خفض تدريجي وسريع لقوات التحالف/' "$S/003_3ffd546b70ef6a8c.txt" > "$T/003-edited.txt"
run "$AKHBAR" import "$T/003-edited.txt"
contains "an edited page is updated" "$out" "0 added, 1 updated"
if command -v sqlite3 >/dev/null 2>&1; then
	st=$(sqlite3 "$DB" "SELECT read || starred FROM articles WHERE id = $id")
	[ "$st" = "11" ] && ok "the update keeps read and starred" || not_ok "the update keeps read and starred" "$st"
else skip_test "the update keeps read and starred" "no sqlite3 command"; fi
n=$("$AKHBAR" list | wc -l)
[ "$n" -eq 9 ] && ok "the update adds no article" || not_ok "the update adds no article" "$n"

# hostile inputs, each next to a good file
mkdir "$T/bad"
printf '' > "$T/bad/empty.txt"
head -c 3000 /bin/sh > "$T/bad/binary.txt"
printf 'عنوان سليم\n\nفقرة \033[31mحمراء\033[0m و\033]0;pwned\007 عنوان مخادع \342\200\256txt.exe\342\200\254 هنا.\n' > "$T/bad/escapes.txt"
printf 'عنوان\n\nفقرة فيها بايت خاطئ \377\376 هنا.\n' > "$T/bad/invalid.txt"
printf '\307\341\332\321\307\336 \346\303\343\321\355\337\307\n\n\333\307\321\311 \314\346\355\311 \332\341\354 \310\333\317\307\317 \346\307\341\343\346\325\341.\n' > "$T/bad/cp1256.txt"
cp "$S/001_408007871d5a714d.txt" "$T/bad/good.txt"
run "$AKHBAR" --db "$T/h.db" import "$T/bad/binary.txt" "$T/bad/empty.txt" "$T/bad/escapes.txt" "$T/bad/invalid.txt" "$T/bad/cp1256.txt" "$T/bad/good.txt"
expect_rc "a failed input makes the exit status 1" 1
contains "a binary file is refused" "$err" "binary.txt: binary file"
contains "an empty file is refused" "$err" "empty.txt: empty file"
contains "invalid UTF-8 is a warning with the offset" "$err" "invalid.txt: warning: invalid UTF-8 at byte"
contains "the good file still imports" "$out" "good.txt: 1 added"
contains "windows-1256 imports" "$out" "cp1256.txt: 1 added"
[ "$(printf '%s\n' "$err" | grep -c '')" -le 3 ] && ok "one line per problem" || not_ok "one line per problem" "$err"
run "$AKHBAR" --db "$T/h.db" list
if printf '%s' "$out" | LC_ALL=C grep -q "$(printf '\033')"; then
	not_ok "no escape byte reaches the cache" "$out"
else ok "no escape byte reaches the cache"; fi
if printf '%s' "$out" | grep -q "$(printf '\342\200\256')"; then
	not_ok "no bidi override reaches the cache"
else ok "no bidi override reaches the cache"; fi
contains "windows-1256 is decoded" "$out" "العراق وأمريكا"
n=$(printf '%s\n' "$out" | grep -c '')
[ "$n" -eq 4 ] && ok "four of six inputs landed" || not_ok "four of six inputs landed" "$out"

# a file that is not there
run "$AKHBAR" --db "$T/h.db" import "$T/nope.txt"
expect_rc "a missing file exits 1" 1
contains "a missing file is named" "$err" "nope.txt"

# dry run stores nothing; JSON summary
run "$AKHBAR" --db "$T/dry.db" import --dry-run "$S/002_e497e9457040c8ed.txt"
contains "a dry run shows the article" "$out" "التوتر الإقليمي يرجئ انسحاب"
n=$("$AKHBAR" --db "$T/dry.db" list | wc -l)
[ "$n" -eq 0 ] && ok "a dry run stores nothing" || not_ok "a dry run stores nothing" "$n"
run "$AKHBAR" --db "$T/j.db" import --json "$S/002_e497e9457040c8ed.txt" "$T/bad/empty.txt"
contains "--json gives a summary per input" "$out" '"added": 1'
contains "--json reports errors" "$out" '"error":'

# size caps: a cut is one warning naming the article; bad sizes are usage errors
run "$AKHBAR" --db "$T/cap.db" import --max-article 1K "$S/002_e497e9457040c8ed.txt"
expect_rc "an article cut to the caps still imports" 0
contains "a cut is a warning naming the article" "$err" "warning: «التوتر الإقليمي يرجئ انسحاب"
contains "the warning says what was cut" "$err" "the text after 1 KiB cut"
run "$AKHBAR" --db "$T/cap.db" import --max-article 10 "$S/002_e497e9457040c8ed.txt"
expect_rc "a cap below 1K is a usage error" 2
contains "the error names the option" "$err" "'--max-article'"

# URLs: a feed and a page from a server of our own on 127.0.0.1
PY=$(command -v python3 || true)
if [ -z "$PY" ]; then
	for t in "a feed URL imports" "update asks again and gets 304" "an HTML page URL imports"; do skip_test "$t" "no python3"; done
else
	mkdir "$T/www"
	cp "$SRCDIR/tests/data/feeds/rss-basic.xml" "$T/www/feed.xml" 2>/dev/null ||
		cp "$(ls "$SRCDIR"/tests/data/feeds/*.xml | head -n1)" "$T/www/feed.xml"
	printf '<!DOCTYPE html><html><head><title>x</title><script>var a=1;</script></head><body><nav>القائمة</nav><article><h1>عنوان الصفحة</h1><p>الفقرة الأولى من الصفحة.</p><p>الفقرة الثانية.</p></article></body></html>' > "$T/www/page.html"
	(cd "$T/www" && exec "$PY" -u -m http.server 0 --bind 127.0.0.1 > "$T/http.log" 2>&1) &
	spid=$!
	port=
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		port=$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$T/http.log" | head -n1)
		[ -n "$port" ] && break
		sleep 0.2
	done
	run "$AKHBAR" --db "$T/u.db" import "http://127.0.0.1:$port/feed.xml"
	contains "a feed URL imports" "$out" "added"
	run "$AKHBAR" --db "$T/u.db" update
	contains "update asks again and gets 304" "$out" "not modified"
	run "$AKHBAR" --db "$T/u.db" import "http://127.0.0.1:$port/page.html"
	if [ "$rc" -eq 0 ] && "$AKHBAR" --db "$T/u.db" list | grep -q "عنوان الصفحة"; then
		ok "an HTML page URL imports"
	else not_ok "an HTML page URL imports" "$out" "$err"; fi
	kill "$spid" 2>/dev/null
fi

# 36-37: a folder with nothing to import says so; names in any case count
mkdir -p "$T/empty" "$T/upper"
printf 'not a page\n' > "$T/empty/notes.md"
run "$AKHBAR" --db "$T/e.db" import "$T/empty"
if [ "$rc" -eq 1 ] && [ "$(nlines "$err")" -eq 1 ] &&
    printf '%s' "$err" | grep -q "empty: no pages or feeds in this folder"; then
	ok "a folder with nothing to import: one line, status 1"
else
	not_ok "a folder with nothing to import: one line, status 1" "$rc" "$err"
fi
printf 'عنوان بحروف كبيرة\n\nنص المقال الذي حفظ في ملف اسمه بحروف كبيرة.\n' > "$T/upper/PAGE.TXT"
run "$AKHBAR" --db "$T/e.db" import "$T/upper"
contains "PAGE.TXT in a folder is imported" "$out" "PAGE.TXT: 1 added"
