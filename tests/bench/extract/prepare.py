#!/usr/bin/env python3
"""Prepare the extraction benchmark's sets (see ../extract_bench.sh).

  prepare.py SRCDIR OUTDIR

Writes OUTDIR/<set>/<case>/{source.html,expected.txt,meta.txt}.  Each set
is written only when its source is there; a line says why one is not.
"""
import glob, gzip, html, html.parser, json, os, subprocess, sys

src, out = sys.argv[1], sys.argv[2]

# hand-judged headlines and bylines, as hashes (see judged.txt)
JUDGED = {}
for line in open(os.path.join(src, "tests/bench/extract/judged.txt"),
                 encoding="utf-8"):
    f = line.split()
    if len(f) >= 4 and not line.startswith("#"):
        JUDGED.setdefault((f[0], f[1]), {})[f[2]] = " ".join(f[3:])


def case(setname, name, page, expected, meta):
    meta = dict(meta, **JUDGED.get((setname, name), {}))
    d = os.path.join(out, setname, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "source.html"), "wb") as f:
        f.write(page)
    with open(os.path.join(d, "expected.txt"), "w", encoding="utf-8") as f:
        f.write(expected)
    with open(os.path.join(d, "meta.txt"), "w", encoding="utf-8") as f:
        for k, v in meta.items():
            if v:
                f.write(f"{k}: {' '.join(str(v).split())}\n")


BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
          "blockquote", "pre", "table", "tr", "td", "th", "figure",
          "figcaption", "section", "article", "dl", "dt", "dd", "br"}


class Text(html.parser.HTMLParser):
    """An HTML fragment's text, a blank line between blocks."""

    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(data)

    def text(self):
        return "".join(self.parts)


def readability():
    root = os.environ.get("BENCH_READABILITY")
    if not root or not os.path.isdir(os.path.join(root, "test/test-pages")):
        print("# extract_bench: readability set skipped (BENCH_READABILITY: "
              "a clone of mozilla/readability)")
        return
    for d in sorted(glob.glob(os.path.join(root, "test/test-pages/*/"))):
        name = os.path.basename(d.rstrip("/"))
        try:
            page = open(d + "source.html", "rb").read()
            t = Text()
            t.feed(open(d + "expected.html", encoding="utf-8").read())
            m = json.load(open(d + "expected-metadata.json", encoding="utf-8"))
        except (OSError, ValueError):
            continue
        case("readability", name, page, t.text(),
             {"title": m.get("title"), "author": m.get("byline"),
              "date": (m.get("publishedTime") or "")[:10]})


def aeb():
    root = os.environ.get("BENCH_AEB")
    if not root or not os.path.isfile(os.path.join(root, "ground-truth.json")):
        print("# extract_bench: aeb set skipped (BENCH_AEB: a clone of "
              "scrapinghub/article-extraction-benchmark)")
        return
    truth = json.load(open(os.path.join(root, "ground-truth.json"),
                           encoding="utf-8"))
    for key, v in sorted(truth.items()):
        p = os.path.join(root, "html", key + ".html.gz")
        if not os.path.isfile(p):
            continue
        case("aeb", key[:16], gzip.open(p).read(), v.get("articleBody", ""),
             {"url": v.get("url")})


AR_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو",
             "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
AR_DAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت",
           "الأحد"]


def fill(tpl, a, charset):
    """A template with the article's fields in; bytes in charset."""
    import datetime
    e = html.escape
    paras = a["paras"]
    d = datetime.date.fromisoformat(a["date"])
    date_ar = f"{AR_DAYS[d.weekday()]} {d.day} {AR_MONTHS[d.month - 1]} {d.year}"
    body = "\n".join(f"<p>{e(p)}</p>" for p in paras)
    brs = "<br><br>\n".join(e(p) for p in paras)
    half = len(paras) // 2 or 1
    ra = [f"<p>{e(p)}</p>" for p in paras]
    # «اقرأ أيضا» and an advert inside the body, as Arabic sites do
    ra.insert(min(2, len(ra) - 1), '<p class="read-also"><strong>اقرأ أيضا: '
              f'<a href="/news/77">{e(a["related"][0])}</a></strong></p>\n'
              '<div class="ads-inread"><span>إعلان</span></div>')
    related = "\n".join(f'<li><a href="/news/{80 + i}">{e(t)}</a></li>'
                        for i, t in enumerate(a["related"]))
    ld = json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": a["title"], "datePublished": a["date"] + "T10:30:00+03:00",
        "author": {"@type": "Person", "name": a["author"]},
        "publisher": {"@type": "Organization", "name": a["site"]},
        "articleSection": a["section"], "description": paras[0][:140]},
        ensure_ascii=False)
    rep = {
        "TITLE": e(a["title"]), "SITE": e(a["site"]), "DATE": a["date"],
        "DATE_AR": date_ar, "AUTHOR": e(a["author"]),
        "SECTION": e(a["section"]), "URL": a["url"], "NOURL": "",
        "DESC": e(paras[0][:140]), "JSONLD": ld.replace("</", "<\\/"),
        "BODY_BR": brs, "BODY_RA": "\n".join(ra), "RELATED": related,
        "BODY_1": "\n".join(f"<p>{e(p)}</p>" for p in paras[:half]),
        "BODY_2": "\n".join(f"<p>{e(p)}</p>" for p in paras[half:]),
        "BODY": body,
    }
    for i, t in enumerate(a["related"]):
        rep[f"REL{i}"] = e(t)
    s = tpl.split("\n", 1)[1]      # the first line is the template's own
    for k, v in rep.items():
        s = s.replace("{{" + k + "}}", v)
    return s.encode(charset, errors="xmlcharrefreplace")


def arabic():
    tool = os.path.join(src, "..", "shared", "tools", "corpus")
    tpls = sorted(glob.glob(os.path.join(src, "tests/bench/extract/*.html")))
    if not os.access(tool, os.X_OK) or not tpls:
        print("# extract_bench: arabic set skipped (../shared/tools/corpus "
              "missing)")
        return
    n = int(os.environ.get("BENCH_EXTRACT_N", "20"))
    pages = os.path.join(out, "corpus")
    subprocess.run([tool, "pages", pages, "--limit", str(n * len(tpls) * 10)],
                   check=True, stdout=subprocess.DEVNULL)
    files = sorted(glob.glob(os.path.join(pages, "*.txt")))
    # articles of a few paragraphs, as web articles are
    arts = []
    for f in files:
        lines = open(f, encoding="utf-8").read().split("\n\n")
        title, paras = lines[0].strip(), [p.strip() for p in lines[1:]
                                          if p.strip()]
        # the corpus keeps its pages' "read more" link as a last line
        while paras and paras[-1].strip(". …") in ("المزيد", "اقرأ المزيد"):
            paras.pop()
        if len(paras) >= 2 and len(title.split()) >= 3:
            arts.append((title, paras))
    k = 0
    authors = ["محمد العتيبي", "سارة القحطاني", "عبدالله الشهري",
               "نورة الدوسري", "خالد الغامدي"]
    sections = ["محليات", "اقتصاد", "رياضة", "سياسة", "ثقافة"]
    for t in tpls:
        # first line: <!-- site: NAME; charset: windows-1256; fields: ... -->
        tpl = open(t, encoding="utf-8").read()
        head = tpl.split("\n", 1)[0]
        site = head.split("site:", 1)[1].split(";")[0].strip().rstrip("->").strip()
        charset = "cp1256" if "windows-1256" in head else "utf-8"
        fields = head.split("fields:", 1)[1].split("-->")[0].split() \
            if "fields:" in head else ["title", "date", "author", "url"]
        base = os.path.splitext(os.path.basename(t))[0]
        for i in range(n):
            if k + 4 >= len(arts):
                break
            title, paras = arts[k]
            related = [arts[k + j][0] for j in range(1, 5)]
            k += 4
            a = {"title": title, "paras": paras, "site": site,
                 "date": "2015-%02d-%02d" % (7 + i % 2, 1 + i % 28),
                 "author": authors[i % len(authors)],
                 "section": sections[i % len(sections)],
                 "related": related,
                 "url": f"https://www.example.com/{base}/news/{1000 + i}"}
            meta = {f: a[f] for f in ("title", "date", "author", "url")
                    if f in fields}
            case("arabic", f"{base}-{i:02d}", fill(tpl, a, charset),
                 "\n\n".join(paras), meta)


readability()
aeb()
arabic()
