#!/bin/sh
# Full text for feeds: what an update of a full-text feed costs when one
# item changed, now that pages are remembered, against fetching every
# page again (what akhbar did before, and does when nothing is known).
# A feed of 40 items on a server of our own on 127.0.0.1, each page
# answered after 100 ms (a slow site); prints "name: value unit" lines.
# Called by run.sh; not a test: nothing fails on a slow figure.
#
# usage: fulltext_bench.sh AKHBAR SRCDIR

akhbar=${1:?usage: fulltext_bench.sh AKHBAR SRCDIR}
src=${2:?usage: fulltext_bench.sh AKHBAR SRCDIR}
PY=$(command -v python3 || true)
if [ -z "$PY" ]; then
	echo "# fulltext_bench: no python3; skipped"
	exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/akhbar-ftbench-XXXXXX")
mkdir "$T/www"
cp "$src/tests/data/html/ar-jsonld.html" "$T/www/page.html"
echo 1 > "$T/www/ver"
cat > "$T/server.py" <<'PY'
import http.server, socketserver, sys, time, os, threading
os.chdir(sys.argv[1])
N = 40
lock = threading.Lock()
count = 0
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass
    def do_GET(self):
        global count
        port = self.server.server_address[1]
        ver = open("ver").read().strip()
        if self.path == "/feed.xml":
            items = "".join(
                f"<item><title>خبر رقم {k}</title>"
                f"<link>http://127.0.0.1:{port}/p/{k}</link>"
                f"<description>ملخص الخبر {k}{' (محدث)' if k == 0 and ver == '2' else ''}"
                "</description></item>" for k in range(N))
            body = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0">'
                    f"<channel><title>t</title>{items}</channel></rss>").encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        with lock:
            count += 1
            open("pages.tmp", "w").write(str(count))
            os.rename("pages.tmp", "pages")
        if self.headers.get("If-None-Match") == '"p1"':
            self.send_response(304)
            self.send_header("ETag", '"p1"')
            self.end_headers()
            return
        time.sleep(0.1)
        body = open("page.html", "rb").read()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("ETag", '"p1"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
s = S(("127.0.0.1", 0), H)
open("port.tmp", "w").write(str(s.server_address[1]))
os.rename("port.tmp", "port")
s.serve_forever()
PY
"$PY" "$T/server.py" "$T/www" &
spid=$!
trap 'kill $spid 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -s "$T/www/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
U="http://127.0.0.1:$(cat "$T/www/port")"
export AKHBAR_DB="$T/db"
"$akhbar" subscribe "$U/feed.xml" --full-text >/dev/null

pages() { cat "$T/www/pages" 2>/dev/null || echo 0; }
# one update: its wall time and the pages it asked for
measure() {
	before=$(pages)
	t0=$(date +%s.%N)
	"$akhbar" update >/dev/null 2>&1
	t1=$(date +%s.%N)
	awk -v n="$1" -v a="$t0" -v b="$t1" -v p=$(($(pages) - before)) \
	    'BEGIN { printf "%s: %.2f s, %d pages asked for\n", n, b - a, p }'
}
measure fulltext_first_update_40_items
echo 2 > "$T/www/ver"
measure fulltext_update_one_item_changed
echo 1 > "$T/www/ver"
sqlite3 "$T/db" "DELETE FROM pages" 2>/dev/null
measure fulltext_update_one_item_changed_nothing_remembered
