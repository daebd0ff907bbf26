#!/bin/sh
# Web pages end to end: HTML files and a page served from 127.0.0.1 go
# through the article extractor.  What a person sees: the headline, the
# body without the page's furniture, the date, author and publisher, the
# canonical URL; a section front, a page that only redirects and a page
# too large each get one line and exit status 1 while good pages beside
# them still land.
. "$SRCDIR/tests/lib.sh"
plan 22
H="$SRCDIR/tests/data/html"

run "$AKHBAR" import "$H/ar-jsonld.html" "$H/ar-1256.html" "$H/ar-head.html"
expect_rc "three web pages import" 0
[ "$(printf '%s\n' "$out" | grep -c ': 1 added, 0 updated, 0 unchanged')" -eq 3 ] &&
	ok "one article from each page" || not_ok "one article from each page" "$out"

list=$("$AKHBAR" list)
contains "the JSON-LD headline" "$list" "افتتاح أكبر مكتبة عامة في المدينة بعد عامين من العمل"
contains "a windows-1256 page's headline, without the site's name" "$list" "	ارتفاع منسوب مياه النهر بعد الأمطار الغزيرة"
contains "a page starting with <head>: og:title, not the breadcrumb" "$list" "مزارعو الدلتا يبدأون موسم حصاد القطن مبكرا هذا العام"

id=$("$AKHBAR" list | awk -F'\t' '$5 ~ /^افتتاح/ {print $1}')
run "$AKHBAR" export "$id" -f json
contains "the date from JSON-LD" "$out" '"published": "2024-05-12T06:15:00Z"'
contains "the author" "$out" '"byline": "ليلى حسن"'
contains "og:site_name as publisher" "$out" '"publisher": "صحيفة الاختبار"'
contains "the section" "$out" '"section": "ثقافة"'
contains "the canonical URL" "$out" '"url": "https://news.example/culture/2024/05/library-opens"'
run "$AKHBAR" export "$id" -f text
first=$(printf '%s\n' "$out" | grep -n 'افتتحت البلدية' | head -n1)
contains "the first paragraph" "$out" "افتتحت البلدية، صباح اليوم الأحد، أكبر مكتبة عامة"
contains "the last paragraph" "$out" "ومن المنتظر أن تنظم المكتبة خلال الصيف برنامجا للقراءة للأطفال"
case $out in
*"اقرأ أيضا"*|*"واتساب"*|*"التعليقات"*|*"الأكثر قراءة"*|*"الطبعة"*|*"نشرتنا"*|*"إعلان"*|*"الحقوق"*)
	not_ok "no page furniture in the body" "$out" ;;
*) ok "no page furniture in the body" ;;
esac
[ -n "$first" ] && ok "the body is there" || not_ok "the body is there" "$out"

id=$("$AKHBAR" list | awk -F'\t' '$5 ~ /^ارتفاع/ {print $1}')
run "$AKHBAR" export "$id" -f json
contains "a date line in an old table layout" "$out" '"published": "2023-11-14"'

run "$AKHBAR" import "$H/ar-jsonld.html"
contains "importing the page again changes nothing" "$out" "0 added, 0 updated, 1 unchanged"

run "$AKHBAR" import "$H/section-front.html" "$H/refresh.html" "$H/ar-head.html"
expect_rc "a section front and a redirect fail the import" 1
contains "a section front is named" "$err" "section-front.html: no article in the page"
contains "a meta refresh says where it leads" "$err" "refresh.html: the page only sends the browser on (meta refresh) to https://news.example/moved/123"
[ "$(nlines "$err")" -eq 2 ] && ok "one line each" || not_ok "one line each" "$err"

# a URL from a server of our own on 127.0.0.1: no canonical, so the URL
PY=$(command -v python3 || true)
if [ -z "$PY" ]; then
	for t in "a web page URL imports" "its URL is the article's"; do skip_test "$t" "no python3"; done
else
	mkdir "$T/www"
	sed '/rel="canonical"/d; /og:url/d' "$H/ar-jsonld.html" > "$T/www/library.html"
	(cd "$T/www" && exec "$PY" -u -m http.server 0 --bind 127.0.0.1 > "$T/http.log" 2>&1) &
	spid=$!
	port=
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		port=$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$T/http.log" | head -n1)
		[ -n "$port" ] && break
		sleep 0.2
	done
	run "$AKHBAR" --db "$T/u.db" import "http://127.0.0.1:$port/library.html"
	expect_rc "a web page URL imports" 0
	run "$AKHBAR" --db "$T/u.db" export 1 -f json
	contains "its URL is the article's" "$out" "\"url\": \"http://127.0.0.1:$port/library.html\""
	kill "$spid" 2>/dev/null
fi
