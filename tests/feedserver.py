# The feeds the tests fetch, served from 127.0.0.1 on a free port that
# the kernel picks (written to DIR/port once listening): /feed/N.xml is an
# RSS feed «مصدر N» with two items, one of yesterday and one 400 days old,
# and an ETag (If-None-Match: 304); /feed/13.xml is gone (404);
# /slow/N.xml is feed N after 2 s.  Stops itself after 300 s.
# Usage: python3 feedserver.py DIR
import email.utils, http.server, os, sys, threading, time

DIR = sys.argv[1]
NOW = time.time()

def feed(n):
    items = []
    for k, (title, days) in enumerate((
            ("خبر رقم %d عن اجتماع وزراء الخارجية" % n, 1),
            ("تقرير قديم رقم %d عن موسم الحصاد" % n, 400))):
        items.append(
            "<item><title>%s</title>"
            "<link>http://127.0.0.1/news/%d/%d</link>"
            "<guid>feed%d-item%d</guid><pubDate>%s</pubDate>"
            "<description>فقرة من الخبر رقم %d في المصدر %d، وفيها "
            "كلمات تكفي للبحث عنها.</description></item>" % (
                title, n, k, n, k,
                email.utils.formatdate(NOW - days * 86400), k, n))
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0">'
            "<channel><title>مصدر %d</title><link>http://127.0.0.1/</link>"
            "%s</channel></rss>" % (n, "".join(items))).encode()

class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *a):
        pass

    def do_GET(self):
        p = self.path
        if p.startswith("/slow/"):
            time.sleep(2)
            p = "/feed/" + p[6:]
        if p.startswith("/feed/") and p.endswith(".xml"):
            n = int(p[6:-4])
            if n == 13:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = '"v%d"' % n
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            body = feed(n)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
srv.daemon_threads = True
threading.Timer(300, srv.shutdown).start()
with open(os.path.join(DIR, "port.tmp"), "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(os.path.join(DIR, "port.tmp"), os.path.join(DIR, "port"))
srv.serve_forever()
