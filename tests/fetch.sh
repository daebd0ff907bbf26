#!/bin/sh
# ak_fetch_url against a small HTTP server of our own on 127.0.0.1 (a free
# port picked by the kernel), through the helper mode of tests/test_fetch.
# Loopback only; the server stops itself after 120 s if we die.

builddir=$(dirname "${AKHBAR:-./akhbar}")
HELPER=${FETCH_HELPER:-$builddir/tests/test_fetch}
SRCDIR=${SRCDIR:-.}
PY=$(command -v python3 || true)

if [ -z "$PY" ]; then
	echo "1..0 # SKIP python3 not found"
	exit 0
fi
if [ ! -x "$HELPER" ]; then
	echo "1..0 # SKIP $HELPER not built"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/akhbar-fetch.XXXXXX") || exit 1
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

cp "$SRCDIR/tests/data/feeds/rss-cp1256.xml" "$tmp/feed.xml"
cat >"$tmp/server.py" <<'EOF'
import gzip, http.server, os, sys, threading

DIR = sys.argv[1]
FEED = open(os.path.join(DIR, "feed.xml"), "rb").read()
LASTMOD = "Fri, 13 Sep 2024 11:30:00 GMT"
ETAG = '"v1"'

class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *a):
        pass

    def send(self, code, body=b"", headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        if body is not None:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self):
        p = self.path
        if p == "/feed.xml":
            if self.headers.get("If-None-Match") == ETAG or \
               self.headers.get("If-Modified-Since") == LASTMOD:
                return self.send(304, b"", [("ETag", ETAG)])
            return self.send(200, FEED, [
                ("Content-Type", 'application/rss+xml; charset="windows-1256"'),
                ("ETag", ETAG), ("Last-Modified", LASTMOD)])
        if p.startswith("/hop/"):
            n = int(p[5:])
            to = "/feed.xml" if n == 0 else "/hop/%d" % (n - 1)
            return self.send(302, b"", [("Location", to)])
        if p == "/tofile":
            return self.send(302, b"", [("Location", "file:///etc/passwd")])
        if p == "/missing":
            return self.send(404, b"no such feed", [("Content-Type", "text/plain")])
        if p == "/gzip":
            return self.send(200, gzip.compress(FEED), [
                ("Content-Type", "application/rss+xml"),
                ("Content-Encoding", "gzip")])
        if p == "/bomb":
            z = gzip.compress(b"\0" * (40 << 20), 9)
            return self.send(200, z, [("Content-Encoding", "gzip")])
        if p == "/biglen":
            return self.send(200, None, [("Content-Length", str(40 << 20))])
        if p == "/big":
            # no Content-Length: the client has to count
            self.send_response(200)
            self.end_headers()
            chunk = b"x" * 65536
            try:
                for _ in range((33 << 20) // len(chunk) + 1):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if p == "/evil-headers":
            return self.send(200, b"ok", [("ETag", '"a\x1b[31mb"'),
                ("Content-Type", "text/plain; charset=utf-8\x07")])
        return self.send(404)

srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
with open(os.path.join(DIR, "port.tmp"), "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(os.path.join(DIR, "port.tmp"), os.path.join(DIR, "port"))
threading.Timer(120, srv.shutdown).start()
srv.serve_forever()
EOF

"$PY" "$tmp/server.py" "$tmp" &
server_pid=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ ! -s "$tmp/port" ]; then
	echo "1..0 # SKIP the test server did not start"
	exit 0
fi
base="http://127.0.0.1:$(cat "$tmp/port")"

echo "1..11"
n=0
fails=0
# check NAME "expected line" ... < helper output in $tmp/out
check() {
	name=$1
	shift
	n=$((n + 1))
	ok=1
	for want in "$@"; do
		if ! grep -qxF -- "$want" "$tmp/out"; then
			ok=0
			echo "# missing: $want"
		fi
	done
	if grep -q 'Sanitizer\|runtime error' "$tmp/out"; then
		ok=0
		echo "# the sanitizers complained"
	fi
	if [ $ok = 1 ]; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		sed 's/^/#   /' "$tmp/out"
		fails=$((fails + 1))
	fi
}
get() {
	"$HELPER" get "$@" >"$tmp/out" 2>&1
}

get "$base/feed.xml" - - "$tmp/body"
check "plain GET returns body, charset label and validators" \
	"rc=0" "status=200" "not_modified=0" \
	"len=$(wc -c <"$tmp/feed.xml" | tr -d ' ')" \
	"content_type=application/rss+xml" "charset=windows-1256" \
	"final_url=$base/feed.xml" 'etag="v1"' \
	"last_modified=Fri, 13 Sep 2024 11:30:00 GMT"
n=$((n + 1))
if cmp -s "$tmp/body" "$tmp/feed.xml"; then
	echo "ok $n - body bytes are the file's"
else
	echo "not ok $n - body bytes are the file's"
	fails=$((fails + 1))
fi

get "$base/feed.xml" '"v1"'
check "If-None-Match gives not modified" \
	"rc=0" "status=304" "not_modified=1" "len=0" 'etag="v1"'

get "$base/feed.xml" - "Fri, 13 Sep 2024 11:30:00 GMT"
check "If-Modified-Since gives not modified, validators kept" \
	"rc=0" "status=304" "not_modified=1" "len=0" \
	"last_modified=Fri, 13 Sep 2024 11:30:00 GMT"

get "$base/hop/4"
check "five redirects are followed" "rc=0" "status=200" \
	"final_url=$base/feed.xml"

get "$base/hop/5"
check "six redirects are refused" "rc=-14" \
	"error=too many redirects (more than 5)"

get "$base/tofile"
check "a redirect to file:// is refused" "rc=-14"

get "$base/missing"
check "HTTP errors are errors" "rc=-14" "error=HTTP 404"

get "$base/gzip" - - "$tmp/body"
if cmp -s "$tmp/body" "$tmp/feed.xml"; then gz=ok; else gz=bad; fi
echo "gz=$gz" >>"$tmp/out"
check "gzip content is decompressed" "rc=0" "gz=ok"

for u in big biglen bomb; do
	get "$base/$u"
	cat "$tmp/out"
done >"$tmp/all"
mv "$tmp/all" "$tmp/out"
echo "refused=$(grep -c 'error=response larger than 32 MiB' "$tmp/out")" \
	>>"$tmp/out"
check "bodies over 32 MiB are refused (streamed, announced, gzip bomb)" \
	"refused=3"

get "$base/evil-headers"
check "header values lose their control characters" "rc=0" \
	'etag="a[31mb"' "charset=utf-8"

[ $fails = 0 ]
