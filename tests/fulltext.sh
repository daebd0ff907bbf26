#!/bin/sh
# Full text for a summary-only feed: `akhbar update --full-text` fetches
# each item's page from a server of our own on 127.0.0.1 and stores the
# article; a page that redirects is followed, a windows-1256 page is
# decoded; a page that answers 404, one too slow, one with no article and
# one too large each keep the feed's text with one warning line; a second
# update gets 304 for the feed and fetches no page.  Pages are remembered:
# the next update fetches only the pages that may do better (a timeout),
# an item that changed is fetched with a conditional GET (304 keeps the
# stored text), a feed read without full text keeps the pages' text;
# `akhbar full-text ID` fetches one article's page, and so does f in the
# reader (tmux), in the background, saying how it went.
. "$SRCDIR/tests/lib.sh"
NT=47
plan $NT
PY=$(command -v python3 || true)
if [ -z "$PY" ]; then
	i=0
	while [ $i -lt $NT ]; do skip_test "full text" "no python3"; i=$((i + 1)); done
	exit 0
fi
H="$SRCDIR/tests/data/html"
mkdir "$T/www"
cp "$H/ar-jsonld.html" "$T/www/a1.html"
cp "$H/ar-1256.html" "$T/www/a2.html"
cp "$H/ar-head.html" "$T/www/a3.html"
cp "$H/section-front.html" "$T/www/front.html"
cat > "$T/www/p1.html" <<'HTML'
<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>قافلة طبية تصل إلى القرى الجبلية | موقع الاختبار</title></head><body>
<nav><a href="/">الرئيسية</a> <a href="/local">محليات</a></nav>
<article><h1>قافلة طبية تصل إلى القرى الجبلية</h1>
<p>وصلت صباح اليوم قافلة طبية تضم أطباء من عدة تخصصات إلى القرى الجبلية في أقصى شمال المحافظة، بعد رحلة استمرت يومين على طرق وعرة.</p>
<p>وقال منسق القافلة إن الفريق سيقدم الفحوص والأدوية مجانا لسكان سبع قرى، وإن الأولوية للأطفال وكبار السن والنساء الحوامل.</p>
<p>وأضاف أن القافلة تحمل جهازا متنقلا للأشعة، وأن الحالات التي تحتاج إلى جراحة ستنقل إلى مستشفى المدينة على نفقة المحافظة.</p>
<p>ويشكو سكان المنطقة منذ سنوات من بعد المراكز الصحية، إذ يقطع بعضهم أكثر من ثلاثين كيلومترا للوصول إلى أقرب عيادة.</p>
</article><footer>جميع الحقوق محفوظة</footer></body></html>
HTML
echo 1 > "$T/www/feedver"
cat > "$T/server.py" <<'PY'
import http.server, socketserver, sys, time, os, threading
os.chdir(sys.argv[1])
lock = threading.Lock()
busy = most = 0
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
        inm = self.headers.get("If-None-Match")
        log.write(p + (" inm=" + inm if inm and p != "/feed.xml" else "") + "\n")
        port = self.server.server_address[1]
        ver = open("feedver").read().strip()
        if p == "/feed.xml":
            if inm == f'"v{ver}"':
                self.send_response(304)
                self.send_header("ETag", inm)
                self.end_headers()
                return
            # version 2: a1's summary is edited; 3: a2's
            items = "".join(
                f"<item><title>{t}</title><link>http://127.0.0.1:{port}/{n}</link>"
                f"<description>{d}{' (محدث)' if (n, ver) in (('a1', '2'), ('a1', '3'), ('a2', '3')) else ''}"
                "</description></item>" for n, t, d in ITEMS)
            body = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0">'
                    f'<channel><title>خلاصة الاختبار</title>{items}</channel></rss>')
            self.send(200, body.encode(), "application/rss+xml", [("ETag", f'"v{ver}"')])
        elif p == "/plain.xml":
            items = "".join(
                f"<item><title>{t}</title><link>http://127.0.0.1:{port}/{n}</link>"
                f"<pubDate>{d}</pubDate><description>{s}</description></item>"
                for n, t, d, s in (
                    ("p1", "قافلة طبية", "Mon, 02 Sep 2024 10:00:00 GMT",
                     "سطر واحد من الخلاصة عن القافلة."),
                    ("gone", "خبر سحب من الموقع", "Sun, 01 Sep 2024 10:00:00 GMT",
                     "نص الخلاصة للخبر المسحوب.")))
            body = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0">'
                    f'<channel><title>خلاصة عادية</title>{items}</channel></rss>')
            self.send(200, body.encode(), "application/rss+xml")
        elif p.startswith("/site/"):
            # two feeds of one site, four items each
            n = p[6:-4]
            items = "".join(
                f"<item><title>خبر الموقع {n}-{k}</title>"
                f"<link>http://127.0.0.1:{port}/s/{n}/{k}</link>"
                f"<description>ملخص {n}-{k}.</description></item>" for k in range(4))
            body = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0">'
                    f'<channel><title>قسم {n}</title>{items}</channel></rss>')
            self.send(200, body.encode(), "application/rss+xml")
        elif p.startswith("/s/"):
            global busy, most
            with lock:
                busy += 1
                most = max(most, busy)
                open("most", "w").write(str(most))
            time.sleep(0.6)
            with lock:
                busy -= 1
            self.send(200, open("p1.html", "rb").read(), "text/html; charset=utf-8")
        elif p == "/p1":
            time.sleep(float(open("p1delay").read()) if os.path.exists("p1delay") else 0)
            self.send(200, open("p1.html", "rb").read(), "text/html; charset=utf-8")
        elif p == "/a1":
            if inm == '"a1v1"':
                self.send_response(304)
                self.send_header("ETag", inm)
                self.end_headers()
                return
            self.send(200, open("a1.html", "rb").read(), "text/html; charset=utf-8",
                      [("ETag", '"a1v1"')])
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

# pages are remembered: --full-text again fetches the whole feed but only
# the pages that may do better now (the one that timed out)
: > "$T/www/requests.log"
AKHBAR_PAGE_TIMEOUT=2 run "$AKHBAR" update --full-text
pages=$(grep -v '^/feed.xml' "$T/www/requests.log" | sort | tr '\n' ' ')
[ "$pages" = "/slow " ] &&
	ok "a page stored, one gone (404), with no article or too large is not fetched again" ||
	not_ok "a page stored, one gone (404), with no article or too large is not fetched again" "$pages"
[ "$(printf '%s\n' "$err" | grep -c 'warning')" -eq 1 ] &&
	ok "a failure is said once, not at every update" || not_ok "a failure is said once, not at every update" "$err"
id1=$("$AKHBAR" list | awk -F'\t' '$5 == "افتتاح المكتبة العامة" {print $1}')
run "$AKHBAR" export "$id1" -f text
contains "an item not fetched again keeps the page's text" "$out" "ومن المنتظر أن تنظم المكتبة خلال الصيف برنامجا للقراءة للأطفال"

# an item that changed: its page again, with a conditional GET; 304
echo 2 > "$T/www/feedver"
: > "$T/www/requests.log"
AKHBAR_PAGE_TIMEOUT=2 run "$AKHBAR" update
contains "a changed item's page is fetched with its ETag" "$(cat "$T/www/requests.log")" '/a1 inm="a1v1"'
pages=$(grep -v '^/feed.xml' "$T/www/requests.log" | sed 's/ .*//' | sort | tr '\n' ' ')
[ "$pages" = "/a1 /slow " ] &&
	ok "only the changed item's page (and the one that may pass)" ||
	not_ok "only the changed item's page (and the one that may pass)" "$pages"
run "$AKHBAR" export "$id1" -f text
contains "304: the stored text stays" "$out" "ومن المنتظر أن تنظم المكتبة خلال الصيف برنامجا للقراءة للأطفال"
contains "three pages remembered as the articles' text" "$(sqlite3 "$DB" "SELECT count(*) FROM pages WHERE ok = 1" 2>&1)" "3"

# the feed without full text: no page fetched, the pages' text kept
echo 3 > "$T/www/feedver"
sqlite3 "$DB" "UPDATE feeds SET full_text = 0" 2>/dev/null
: > "$T/www/requests.log"
run "$AKHBAR" update
[ "$(grep -vc '^/feed.xml' "$T/www/requests.log")" -eq 0 ] &&
	ok "a feed without full text fetches no page" ||
	not_ok "a feed without full text fetches no page" "$(cat "$T/www/requests.log")"
id2=$("$AKHBAR" list | awk -F'\t' '$5 == "ارتفاع منسوب مياه النهر" {print $1}')
run "$AKHBAR" export "$id2" -f text
contains "an item whose summary changed keeps the page's text" "$out" "حذرت السلطات المحلية، مساء أمس الاثنين"

# akhbar full-text ID: one article's page
: > "$T/www/requests.log"
run "$AKHBAR" full-text "$id1"
expect_rc "full-text ID: a page not modified is no failure" 0
contains "full-text ID: a conditional GET, 304 said" "$out" "$U/a1: not modified"
contains "full-text ID: the ETag sent" "$(cat "$T/www/requests.log")" '/a1 inm="a1v1"'
idm=$("$AKHBAR" list | awk -F'\t' '$5 == "خبر محذوف" {print $1}')
run "$AKHBAR" full-text "$idm"
expect_rc "full-text ID: a page that fails is exit status 1" 1
[ "$err" = "akhbar: $U/missing: the feed's text is kept: HTTP 404" ] &&
	ok "full-text ID: one line naming the page and why" ||
	not_ok "full-text ID: one line naming the page and why" "$err"
run "$AKHBAR" full-text 999999
expect_rc "full-text ID: no such article is exit status 1" 1
contains "full-text ID: no such article is said" "$err" "no article 999999"
run "$AKHBAR" full-text x1
expect_rc "full-text ID: not an id is a usage error" 2
# what full-text ID found is what an update knows: the same items are
# not fetched again
: > "$T/www/requests.log"
AKHBAR_PAGE_TIMEOUT=2 run "$AKHBAR" update --full-text
[ -z "$(grep -E '^/(a1|missing)' "$T/www/requests.log")" ] &&
	ok "after full-text ID, an update does not fetch those pages again" ||
	not_ok "after full-text ID, an update does not fetch those pages again" "$(cat "$T/www/requests.log")"

# an item of a feed without full text, on demand; the feed read again
# keeps the page's text
run "$AKHBAR" import "$U/plain.xml"
idp=$("$AKHBAR" list | awk -F'\t' '$5 == "قافلة طبية" {print $1}')
run "$AKHBAR" full-text "$idp"
expect_rc "full-text ID: an item of any feed" 0
contains "full-text ID: stored, said" "$out" "$U/p1: the page's article is stored"
run "$AKHBAR" import "$U/plain.xml"
run "$AKHBAR" export "$idp" -f text
contains "the page's text, after the feed was read again" "$out" "وقال منسق القافلة إن الفريق سيقدم الفحوص"
contains "the feed's summary as the subtitle" "$out" "سطر واحد من الخلاصة عن القافلة."

# at most two pages at once to one site, however many feeds of it are
# read at once (each feed's pages are fetched on its own thread)
"$AKHBAR" subscribe "$U/site/1.xml" --full-text >/dev/null
"$AKHBAR" subscribe "$U/site/2.xml" --full-text >/dev/null
run "$AKHBAR" update
[ "$(cat "$T/www/most" 2>/dev/null)" = 2 ] &&
	ok "at most two pages at once to one site, across feeds" ||
	not_ok "at most two pages at once to one site, across feeds" "at once: $(cat "$T/www/most" 2>/dev/null)"
[ "$(printf '%s\n' "$out" | grep -c '/site/.\.xml: 4 added')" -eq 2 ] &&
	ok "every page of both feeds fetched" || not_ok "every page of both feeds fetched" "$out" "$err"

# the setting off again: the feed as it gives itself
run "$AKHBAR" subscribe "$U/site/1.xml" --no-full-text
"$AKHBAR" feeds --json > "$T/feeds.json"
[ "$("$PY" -c 'import json,sys; print([f["full_text"] for f in json.load(open(sys.argv[1])) if f["url"].endswith("/site/1.xml")])' "$T/feeds.json")" = "[False]" ] &&
	ok "subscribe --no-full-text turns the setting off" ||
	not_ok "subscribe --no-full-text turns the setting off" "$(cat "$T/feeds.json")"
run "$AKHBAR" subscribe "$U/site/2.xml" --name "قسم"
"$AKHBAR" feeds --json > "$T/feeds.json"
[ "$("$PY" -c 'import json,sys; print([f["full_text"] for f in json.load(open(sys.argv[1])) if f["url"].endswith("/site/2.xml")])' "$T/feeds.json")" = "[True]" ] &&
	ok "subscribing again without saying keeps full text" ||
	not_ok "subscribing again without saying keeps full text" "$(cat "$T/feeds.json")"

# the reader: f fetches the article on screen in the background
if [ -z "${TMUX_BIN=$(command -v tmux 2>/dev/null)}" ]; then
	for i in 1 2 3 4 5 6; do skip_test "reader: f" "tmux is not installed"; done
	exit 0
fi
. "$SRCDIR/tests/tmux.sh"
trap 'tm kill-server 2>/dev/null; kill $spid 2>/dev/null; rm -rf "$T"' EXIT
config
DB="$T/reader.db"
"$AKHBAR" --db "$DB" import "$U/plain.xml" >/dev/null 2>&1
echo 1.5 > "$T/www/p1delay"
start ft 100 30
wait_for ft "2 articles" >/dev/null
keys ft Enter
wait_for ft "$(vis "سطر واحد من الخلاصة عن القافلة.")" >/dev/null
keys ft f
if wait_for ft "Fetching the article's page"; then
	ok "f: the status line says the page is being fetched"
else
	not_ok "f: the status line says the page is being fetched" "$(show ft)"
fi
keys ft '?'
if wait_for ft "akhbar · Keys" && shows ft "Fetching the article's page"; then
	ok "the reader answers keys while the page is fetched"
else
	not_ok "the reader answers keys while the page is fetched" "$(show ft)"
fi
keys ft q
if wait_for ft "The page's whole text is stored" &&
    wait_for ft "$(vis "وقال منسق القافلة")"; then
	ok "f: when it is done the article shows the page's text"
else
	not_ok "f: when it is done the article shows the page's text" "$(show ft)"
fi
rm -f "$T/www/p1delay"
keys ft f
if wait_for ft "The page has not changed"; then
	ok "f again: the page has not changed, said"
else
	not_ok "f again: the page has not changed, said" "$(show ft)"
fi
keys ft q
keys ft j
keys ft Enter
wait_for ft "$(vis "نص الخلاصة للخبر المسحوب.")" >/dev/null
keys ft f
if wait_for ft "Full text failed: $U/gone: the feed's text is kept: HTTP 404"; then
	ok "f: a page that fails says why in one line"
else
	not_ok "f: a page that fails says why in one line" "$(show ft)"
fi
if shows ft "$(vis "نص الخلاصة للخبر المسحوب.")"; then
	ok "f: a page that fails keeps the feed's text on screen"
else
	not_ok "f: a page that fails keeps the feed's text on screen" "$(show ft)"
fi
keys ft Q
