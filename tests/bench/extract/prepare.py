#!/usr/bin/env python3
"""Prepare the extraction benchmark's sets (see ../extract_bench.sh).

  prepare.py SRCDIR OUTDIR

Writes OUTDIR/<set>/<case>/{source.html,expected.txt,meta.txt}.  Each set
is written only when its source is there; a line says why one is not.
"""
import glob, gzip, html, html.parser, json, os, subprocess, sys

src, out = sys.argv[1], sys.argv[2]


def case(setname, name, page, expected, meta):
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
             {"title": m.get("title"), "author": None,
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


def fill(tpl, a, charset):
    """A template with the article's fields in; bytes in charset."""
    paras = a["paras"]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
    brs = "<br><br>\n".join(html.escape(p) for p in paras)
    half = len(paras) // 2 or 1
    body_split = ("\n".join(f"<p>{html.escape(p)}</p>" for p in paras[:half]),
                  "\n".join(f"<p>{html.escape(p)}</p>" for p in paras[half:]))
    ld = json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": a["title"], "datePublished": a["date"] + "T10:30:00+03:00",
        "author": {"@type": "Person", "name": a["author"]},
        "publisher": {"@type": "Organization", "name": a["site"]},
        "articleSection": a["section"], "description": paras[0][:140]},
        ensure_ascii=False)
    s = (tpl.replace("{{TITLE}}", html.escape(a["title"]))
         .replace("{{SITE}}", html.escape(a["site"]))
         .replace("{{DATE}}", a["date"])
         .replace("{{AUTHOR}}", html.escape(a["author"]))
         .replace("{{SECTION}}", html.escape(a["section"]))
         .replace("{{URL}}", a["url"])
         .replace("{{DESC}}", html.escape(paras[0][:140]))
         .replace("{{JSONLD}}", ld.replace("</", "<\\/"))
         .replace("{{BODY_BR}}", brs)
         .replace("{{BODY_1}}", body_split[0])
         .replace("{{BODY_2}}", body_split[1])
         .replace("{{BODY}}", body))
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
    subprocess.run([tool, "pages", pages, "--limit", str(n * len(tpls) * 3)],
                   check=True, stdout=subprocess.DEVNULL)
    files = sorted(glob.glob(os.path.join(pages, "*.txt")))
    # articles of a few paragraphs, as web articles are
    arts = []
    for f in files:
        lines = open(f, encoding="utf-8").read().split("\n\n")
        title, paras = lines[0].strip(), [p.strip() for p in lines[1:]
                                          if p.strip()]
        if len(paras) >= 2 and len(title.split()) >= 3:
            arts.append((title, paras))
    k = 0
    authors = ["محمد العتيبي", "سارة القحطاني", "عبدالله الشهري",
               "نورة الدوسري", "خالد الغامدي"]
    sections = ["محليات", "اقتصاد", "رياضة", "سياسة", "ثقافة"]
    for t in tpls:
        tpl = open(t, encoding="utf-8").read()
        first = tpl.split("\n", 1)[0]
        charset = "cp1256" if "windows-1256" in first else "utf-8"
        base = os.path.splitext(os.path.basename(t))[0]
        for i in range(n):
            if k >= len(arts):
                break
            title, paras = arts[k]
            k += 1
            a = {"title": title, "paras": paras, "site": base,
                 "date": "2015-%02d-%02d" % (7 + i % 2, 1 + i % 28),
                 "author": authors[i % len(authors)],
                 "section": sections[i % len(sections)],
                 "url": f"https://www.example.com/{base}/news/{1000 + i}"}
            case("arabic", f"{base}-{i:02d}", fill(tpl, a, charset),
                 "\n\n".join(paras),
                 {"title": title, "date": a["date"],
                  "author": a["author"] if "{{AUTHOR}}" in tpl else None,
                  "url": a["url"] if "{{NOURL}}" not in tpl else None})


readability()
aeb()
arabic()
