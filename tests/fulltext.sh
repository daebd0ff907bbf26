#!/bin/sh
# Full text for a summary-only feed: `akhbar update --full-text` fetches
# each item's page from a server of our own on 127.0.0.1 and stores the
# article; a page that redirects is followed, a windows-1256 page is
# decoded; a page that answers 404, one too slow, one with no article and
# one too large each keep the feed's text with one warning line; a second
# update gets 304 for the feed and fetches no page.
. "$SRCDIR/tests/lib.sh"
plan 15
PY=$(command -v python3 || true)
if [ -z "$PY" ]; then
	i=0
	while [ $i -lt 15 ]; do skip_test "full text" "no python3"; i=$((i + 1)); done
	exit 0
fi
H="$SRCDIR/tests/data/html"
mkdir "$T/www"
cp "$H/ar-jsonld.html" "$T/www/a1.html"
cp "$H/ar-1256.html" "$T/www/a2.html"
cp "$H/ar-head.html" "$T/www/a3.html"
cp "$H/section-front.html" "$T/www/front.html"
cat > "$T/server.py" <<'PY'
import http.server, socketserver, sys, time, os
os.chdir(sys.argv[1])
log = open("requests.log", "a", buffering=1)
ITEMS = [("a1", "افتتاح المكتبة العامة", "ملخص قصير من الخلاصة عن المكتبة."),
         ("a2", "ارتفاع منسوب مياه النهر", "ملخص عن النهر."),
         ("r1", "مزارعو الدلتا", "ملخص عن القطن."),
         ("missing", "خبر محذوف", "نص الخلاصة للخبر المحذوف يبقى كما هو."),
         ("slow", "خبر بطيء", "نص الخلاصة للخبر البطيء يبقى كما هو."),
         ("front", "صفحة أقسام", "نص الخلاصة لصفحة الأقسام يبقى كما هو."),
         ("big", "صفحة ضخمة", "نص الخلاصة للصفحة الضخمة يبقى كما هو.")]
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass
    def send(self, code, body, ctype, extra=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        p = self.path
        log.write(p + "\n")
        port = self.server.server_address[1]
        if p == "/feed.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.send_header("ETag", '"v1"')
                self.end_headers()
                return
            items = "".join(
                f"<item><title>{t}</title><link>http://127.0.0.1:{port}/{n}</link>"
                f"<description>{d}</description></item>" for n, t, d in ITEMS)
            body = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0">'
                    f'<channel><title>خلاصة الاختبار</title>{items}</channel></rss>')
            self.send(200, body.encode(), "application/rss+xml", [("ETag", '"v1"')])
        elif p == "/a1":
            self.send(200, open("a1.html", "rb").read(), "text/html; charset=utf-8")
        elif p == "/a2":
            self.send(200, open("a2.html", "rb").read(), "text/html; charset=windows-1256")
        elif p == "/r1":
            self.send_response(302)
            self.send_header("Location", "/a3")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif p == "/a3":
            self.send(200, open("a3.html", "rb").read(), "text/html")
        elif p == "/front":
            self.send(200, open("front.html", "rb").read(), "text/html")
        elif p == "/slow":
            time.sleep(4)
            self.send(200, open("a1.html", "rb").read(), "text/html")
        elif p == "/big":
            body = b"<html><body><article>" + b"<p>" + b"x" * 1000 + b"</p>" * 1
            body = body + b"<p>" + b"y " * (9 << 20) + b"</p></article></body></html>"
            self.send(200, body, "text/html")
        else:
            self.send(404, b"not here", "text/plain")
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
s = S(("127.0.0.1", 0), H)
print("port", s.server_address[1], flush=True)
s.serve_forever()
PY
"$PY" -u "$T/server.py" "$T/www" > "$T/http.log" 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null; rm -rf "$T"' EXIT
port=
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do
	port=$(sed -n 's/^port \([0-9]*\)$/\1/p' "$T/http.log" | head -n1)
	[ -n "$port" ] && break
	sleep 0.2
done
U="http://127.0.0.1:$port"

run "$AKHBAR" import "$U/feed.xml"
contains "the feed imports (its own text)" "$out" "7 added"

: > "$T/www/requests.log"
AKHBAR_PAGE_TIMEOUT=2 run "$AKHBAR" update --full-text
expect_rc "update --full-text succeeds though some pages fail" 0
contains "pages whose article was found update their items" "$out" "3 updated"
case $err in
*"$U/missing: the feed's text is kept: "*"404"*) ok "a 404 is one warning naming the page" ;;
*) not_ok "a 404 is one warning naming the page" "$err" ;;
esac
contains "a page too slow is one warning" "$err" "$U/slow: the feed's text is kept: "
contains "a page with no article is one warning" "$err" "$U/front: no article in the page"
contains "a page too large is one warning" "$err" "$U/big: the page is too large"
[ "$(printf '%s\n' "$err" | grep -c 'warning')" -eq 4 ] &&
	ok "one line per failed page" || not_ok "one line per failed page" "$err"

id=$("$AKHBAR" list | awk -F'\t' '$5 == "افتتاح المكتبة العامة" {print $1}')
run "$AKHBAR" export "$id" -f text
contains "the page's article replaces the feed's text" "$out" "ومن المنتظر أن تنظم المكتبة خلال الصيف برنامجا للقراءة للأطفال"
contains "the feed's summary stays as the subtitle" "$out" "ملخص قصير من الخلاصة عن المكتبة."
id=$("$AKHBAR" list | awk -F'\t' '$5 == "ارتفاع منسوب مياه النهر" {print $1}')
run "$AKHBAR" export "$id" -f text
contains "a windows-1256 page is decoded" "$out" "حذرت السلطات المحلية، مساء أمس الاثنين"
id=$("$AKHBAR" list | awk -F'\t' '$5 == "مزارعو الدلتا" {print $1}')
run "$AKHBAR" export "$id" -f text
contains "a redirect is followed" "$out" "بدأ مزارعو محافظات الدلتا"
id=$("$AKHBAR" list | awk -F'\t' '$5 == "خبر محذوف" {print $1}')
run "$AKHBAR" export "$id" -f text
contains "a failed page keeps the feed's text" "$out" "نص الخلاصة للخبر المحذوف يبقى كما هو."

# a feed subscribed with full text: a plain update, a conditional GET
sqlite3 "$DB" "UPDATE feeds SET full_text = 1" 2>/dev/null
: > "$T/www/requests.log"
run "$AKHBAR" update
contains "the next update gets 304" "$out" "not modified"
[ "$(grep -vc '^/feed.xml$' "$T/www/requests.log")" -eq 0 ] &&
	ok "no page is fetched for a feed that did not change" ||
	not_ok "no page is fetched for a feed that did not change" "$(cat "$T/www/requests.log")"
