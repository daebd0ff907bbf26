#!/bin/sh
# ak_fetch_url against a small HTTP server of our own on 127.0.0.1 (a free
# port picked by the kernel), through the helper mode of tests/test_fetch.
# Loopback only; the servers stop themselves after 15 min if we die.

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
# A self-signed certificate for a TLS server that akhbar must refuse.
if command -v openssl >/dev/null 2>&1; then
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		-nodes -keyout "$tmp/key.pem" -out "$tmp/cert.pem" -days 2 \
		-subj /CN=127.0.0.1 >/dev/null 2>&1
fi
cat >"$tmp/server.py" <<'EOF'
import gzip, http.server, os, ssl, sys, threading, time

DIR = sys.argv[1]
FEED = open(os.path.join(DIR, "feed.xml"), "rb").read()
LASTMOD = "Fri, 13 Sep 2024 11:30:00 GMT"
ETAG = '"v1"'
# requests in flight on /count/, per port and in all, and their maxima
lock = threading.Lock()
now = {}
top = {}

def count(port, d):
    with lock:
        for k in (port, "all"):
            now[k] = now.get(k, 0) + d
            top[k] = max(top.get(k, 0), now[k])

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
        port = str(self.server.server_address[1])
        if p == "/feed.xml":
            if self.headers.get("If-None-Match") == ETAG or \
               self.headers.get("If-Modified-Since") == LASTMOD:
                return self.send(304, b"", [("ETag", ETAG)])
            return self.send(200, FEED, [
                ("Content-Type", 'application/rss+xml; charset="windows-1256"'),
                ("ETag", ETAG), ("Last-Modified", LASTMOD)])
        if p.startswith("/count/"):
            # /count/MS/ID: MS milliseconds in flight, counted
            ms = int(p.split("/")[2])
            count(port, 1)
            time.sleep(ms / 1000.0)
            # the count drops before the answer leaves, so that the
            # client's next request cannot overlap this one here
            count(port, -1)
            return self.send(200, p.encode(), [("Content-Type", "text/plain")])
        if p == "/stats":
            with lock:
                body = " ".join("max_%s=%d" % (k, v) for k, v in
                                sorted(top.items()))
                top.clear()
            return self.send(200, body.encode())
        if p.startswith("/sleep/"):
            time.sleep(int(p[7:]) / 1000.0)
            return self.send(200, b"late")
        if p.startswith("/hop/"):
            n = int(p[5:])
            to = "/feed.xml" if n == 0 else "/hop/%d" % (n - 1)
            return self.send(302, b"", [("Location", to)])
        if p == "/tofile":
            return self.send(302, b"", [("Location", "file:///etc/passwd")])
        if p.startswith("/to/"):
            # /to/SCHEME: a redirect to SCHEME://127.0.0.1:PORT/feed.xml
            return self.send(302, b"", [("Location", p[4:] +
                "://127.0.0.1:%s/feed.xml" % port)])
        if p == "/totls":
            tls = open(os.path.join(DIR, "tlsport")).read()
            return self.send(302, b"", [("Location",
                "https://127.0.0.1:%s/feed.xml" % tls)])
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

def serve(name, tls=False):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    srv.daemon_threads = True
    if tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(os.path.join(DIR, "cert.pem"),
                            os.path.join(DIR, "key.pem"))
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    with open(os.path.join(DIR, name + ".tmp"), "w") as f:
        f.write(str(srv.server_address[1]))
    threading.Timer(900, srv.shutdown).start()
    t = threading.Thread(target=srv.serve_forever)
    t.start()
    return name, t

servers = [serve("port2")]
if os.path.exists(os.path.join(DIR, "cert.pem")):
    servers.append(serve("tlsport", True))
# the main port last: its file says that all are up
servers.append(serve("port"))
for name, _ in servers:
    os.rename(os.path.join(DIR, name + ".tmp"), os.path.join(DIR, name))
for _, t in servers:
    t.join()
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

echo "1..25"
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
check "a redirect to file:// is refused" "rc=-14" \
	"error=cannot fetch: redirected to a URL that is not http or https"

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

# ---- other schemes and TLS
for scheme in ftp gopher dict scp ldap telnet; do
	get "$base/to/$scheme"
	cat "$tmp/out"
done >"$tmp/all"
mv "$tmp/all" "$tmp/out"
echo "refused=$(grep -c '^error=cannot fetch: redirected to a URL that is not http or https$' "$tmp/out")" >>"$tmp/out"
check "redirects to ftp, gopher, dict, scp, ldap, telnet are refused" \
	"refused=6"

if [ -s "$tmp/tlsport" ]; then
	tls="https://127.0.0.1:$(cat "$tmp/tlsport")"
	# the server answers a client that does not verify...
	"$PY" -c 'import ssl, sys, urllib.request
c = ssl._create_unverified_context()
print("served=%d" % len(urllib.request.urlopen(sys.argv[1], context=c).read()))' \
		"$tls/feed.xml" >"$tmp/out" 2>&1
	check "the TLS test server answers" \
		"served=$(wc -c <"$tmp/feed.xml" | tr -d ' ')"
	# ...and akhbar, which verifies, refuses its self-signed certificate
	get "$tls/feed.xml"
	echo "cert=$(grep -c '^error=cannot fetch: .*certificate' "$tmp/out")" >>"$tmp/out"
	check "a self-signed certificate is refused" "rc=-14" "cert=1"
	get "$base/totls"
	echo "cert=$(grep -c '^error=cannot fetch: .*certificate' "$tmp/out")" >>"$tmp/out"
	check "a redirect to https is verified too" "rc=-14" "cert=1"
else
	for t in "the TLS test server answers" "a self-signed certificate is refused" \
		"a redirect to https is verified too"; do
		n=$((n + 1))
		echo "ok $n - $t # SKIP openssl(1) not found"
	done
fi

# ---- ak_fetch_many
base2="http://127.0.0.1:$(cat "$tmp/port2")"
p1=$(cat "$tmp/port")
p2=$(cat "$tmp/port2")
many() {
	"$HELPER" many "$@" >"$tmp/out" 2>&1
}
# the server's highest counts of requests in flight since the last look
stats() {
	"$HELPER" get "$base/stats" - - "$tmp/stats" >/dev/null 2>&1
	{ tr ' ' '\n' <"$tmp/stats"; echo; } >>"$tmp/out"
}
urls() {	# urls BASE MS N: N URLs that stay MS ms in flight
	i=0
	while [ $i -lt "$3" ]; do
		echo "$1/count/$2/$i"
		i=$((i + 1))
	done
}
oks() {		# how many completed with 200
	echo "oks=$(grep -c '^done [0-9]* rc=0 status=200 ' "$tmp/out")" >>"$tmp/out"
}

# shellcheck disable=SC2046
many -k 6 -p 2 $(urls "$base" 150 10)
stats
oks
check "many URLs on one host: all fetched, never more than 2 at once" \
	"rc=0 reported=10" "oks=10" "max_$p1=2"

# shellcheck disable=SC2046
many -k 3 -p 2 $(urls "$base" 150 8) $(urls "$base2" 150 8)
stats
oks
check "two hosts, 3 connections: never more than 3 at once in all" \
	"rc=0 reported=16" "oks=16" "max_all=3" "max_$p1=2" "max_$p2=2"

# shellcheck disable=SC2046
many -k 6 -p 2 $(urls "$base" 150 8) $(urls "$base2" 150 8)
stats
check "two hosts, 6 connections: 2 to each at once" \
	"rc=0 reported=16" "max_all=4" "max_$p1=2" "max_$p2=2"

# shellcheck disable=SC2046
many -k 2 -p 2 $(urls "$base" 400 6) "$base2/count/0/x"
sed -n 1p "$tmp/out" | cut -d' ' -f2 | sed 's/^/first=/' >>"$tmp/out"
check "hosts are taken in turn: one URL is not held back by another host's many" \
	"rc=0 reported=7" "first=6"

# shellcheck disable=SC2046
many -k 6 -p 2 -t 1500 $(urls "$base" 400 8)
oks
check "requests waiting for their turn do not time out meanwhile" \
	"rc=0 reported=8" "oks=8"

many "$base/feed.xml|\"v1\"" "$base/feed.xml||Fri, 13 Sep 2024 11:30:00 GMT" \
	"$base/feed.xml"
check "conditional GETs: 304s with their validators, and a 200" \
	'done 0 rc=0 status=304 nm=1 len=0 final='"$base"'/feed.xml etag="v1"' \
	'done 1 rc=0 status=304 nm=1 len=0 final='"$base"'/feed.xml etag="v1"' \
	"done 2 rc=0 status=200 nm=0 len=$(wc -c <"$tmp/feed.xml" | tr -d ' ') final=$base/feed.xml etag=\"v1\"" \
	"rc=0 reported=3"

many "$base/hop/3" "$base/hop/9" "$base/to/ftp" "file:///etc/passwd" \
	"$base/missing"
check "redirects, schemes and HTTP errors: as ak_fetch_url says them" \
	"done 0 rc=0 status=200 nm=0 len=$(wc -c <"$tmp/feed.xml" | tr -d ' ') final=$base/feed.xml etag=\"v1\"" \
	"done 1 rc=-14 error=too many redirects (more than 5)" \
	"done 2 rc=-14 error=cannot fetch: redirected to a URL that is not http or https" \
	"done 3 rc=-1 error=only http and https URLs can be fetched" \
	"done 4 rc=-14 error=HTTP 404" "rc=0 reported=5"

many -t 700 "$base/sleep/5000" "$base/feed.xml"
echo "timeout=$(grep -c '^done 0 rc=-14 error=cannot fetch: Operation timed out after' "$tmp/out")" >>"$tmp/out"
check "a slow server times out; the others do not wait for it" \
	"timeout=1" "rc=0 reported=2"

# shellcheck disable=SC2046
many -k 2 -p 2 -c 3 $(urls "$base" 100 10)
check "the callback cancels the rest" "rc=-18 reported=3" "error=cancelled"

many -a 300 "$base/sleep/3000" "$base/sleep/3000" "$base/sleep/3000"
check "a flag set by a signal handler cancels what is in flight" \
	"rc=-18 reported=0" "error=cancelled"

[ $fails = 0 ]
