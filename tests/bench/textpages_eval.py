#!/usr/bin/env python3
"""Field accuracy of akhbar's text-page parser on pages from papers it has no rules for.

The pages are made from the real articles of the SaudiNewsNet corpus (../shared/corpus: 14 Saudi
papers, read from its ZIPs, never copied into the repository), in three kinds:

  single     one article as the paper published it: title, blank line, paragraphs (the corpus's
             own furniture left in: bylines, datelines, "link to the story" lines, agency
             footers, contact lines, tag lines)
  multi      2-4 articles of one paper in one file, separated by nothing but 1-3 blank lines
             (paragraphs on consecutive lines or a blank line apart; never farther apart than
             the articles)
  furnished  1-3 articles with the furniture of news pages added around them: the article's own
             byline as its site prints it (under the title, or opening the first paragraph), a
             date line, share buttons, and footers (source, link, copyright, tags, comments,
             contact, a signature)

The answer for each article is its corpus title and paragraphs, with what is not the story's text
marked by hand-written patterns (below: the corpus's own furniture, as each paper prints it). The
pages and the answers never reach the parser's rules.

Held out: the papers are split in two.  'dev' papers (and the dev phrasings of the added furniture)
are the ones to look at while working on the parser; 'test' papers, with furniture phrased
differently, are for the figure to report.  Asharq Al-Awsat (the parser has rules for it) and Sabq
(named as an agency in generic.rules) are dev papers.

Fields, as the issue counts them: per page the article count; per expected article its title,
paragraph count, first and last paragraph (body blocks but captions; compared after the same
white-space and entity normalisation on both sides).  An expected article is matched with the
parsed article of the same title, else the one at its index.

Articles whose answer a reader could not settle from the text alone (the first or last paragraph a
short unpunctuated line: a photo caption, a signature, a verse?) are left out, and counted.

Usage: textpages_eval.py --src SRCDIR --dumper BIN --out DIR [--split dev|test|both]
       [--pages N] [--misses N] [--seed S] [--furniture split|alt]
Prints "name: value unit" lines (tests/bench/run.sh); with --misses, sample misses of the dev
papers go to stderr.
"""
import argparse, glob, html, json, os, random, re, subprocess, sys, unicodedata, zipfile

DEV = ["aawsat", "aljazirah", "alwatan", "alweeam", "arreyadi", "okaz", "sabq"]
TEST = ["3alyoum", "aleqtisadiya", "almadina", "alriyadh", "alyaum", "arriyadiyah", "was"]
NAMES = {"aawsat": "الشرق الأوسط", "aleqtisadiya": "الاقتصادية", "aljazirah": "الجزيرة",
         "almadina": "المدينة", "alriyadh": "الرياض", "alwatan": "الوطن", "alweeam": "الوئام",
         "alyaum": "اليوم", "arreyadi": "الرياضي", "arriyadiyah": "الرياضية", "okaz": "عكاظ",
         "sabq": "سبق", "was": "واس", "3alyoum": "عين اليوم"}

# ------------------------------------------------------------------ text

INVISIBLE = re.compile("[\u200b\u200e\u200f\u061c\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069"
                       "\x00-\x08\x0b-\x1f\x7f-\x9f]")
SPACE = re.compile("[\\s\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def norm(s):
    """What both sides are compared as: entities decoded, NFC, no invisible marks, one space."""
    s = html.unescape(s or "")
    s = unicodedata.normalize("NFC", s)
    s = INVISIBLE.sub("", s)
    return SPACE.sub(" ", s).strip()


def paras(text):
    return [p.strip() for p in text.replace("\r", "").split("\n") if p.strip()]


SENT_END = tuple(".،,:؛;…۔!?؟\"»)”'")


def ends_sentence(s):
    return s.endswith(SENT_END)


# ------------------------------------------------------------------ answers

CREDITS = r"(?:رويترز|أ\.? ?ف\.? ?ب|ا ف ب|أ\.? ?ب|د\.? ?ب\.? ?أ|إ\.? ?ب\.? ?أ|واس|الأناضول|غيتي|تصوير[^()]*|أرشيفية|أرشيف|متداولة|الشرق الأوسط|[^()]{0,20}إيماجز)"
CAPTION = re.compile(r"^(?:[^.؟!]{0,160} )?\(" + CREDITS + r"\)$")
WAS_DATELINE = re.compile(r"^\S+(?: \S+)? \d{1,2} \S+ \d{4} ?هـ الموافق \d{1,2} \S+ \d{4} ?م واس$")
AGENCY_TIME = re.compile(r"^(?:// ?يتبع ?// )?\d{1,2}:\d{2} ت م(?: NNNN)?$|^NNNN$")
EMAIL = re.compile(r"^\S+@\S+\.\w+$")
URL = re.compile(r"^(?:https?://|www\.)\S+$")
SMS = re.compile(r"(?i)\bsms\b|^\d{5,6} - (?:stc|mobily|zain)$|^للتواصل|^لمراسلة|^فاكس|"
                 r"مسافة ثم (?:نص )?الرسالة$")
DASH_BYLINE = re.compile(r"^[^\d.،؛:!؟]{2,60}? [-–ـ] [^\d.،؛:!؟]{2,40}$")


def loose(s):
    """For comparing a byline with the page's text: no spaces, colons or dash kinds."""
    return re.sub(r"[\s:\-–ـ\"«»]", "", s)


def answer(a):
    """The article as a reader would take it: (title, paragraphs), or None when unsettled."""
    title = norm(a["title"])
    author = norm(a.get("author") or "")
    # a few author fields hold the byline and the whole first paragraph
    if len(author) > 80 and 0 < author.find(":") < 60:
        author = author[:author.find(":")]
    raw = [norm(p) for p in paras(a["content"])]
    raw = [p for p in raw if p]
    if not title or not raw:
        return None
    # furniture before the story: the byline or dateline on a line of its own
    for _ in range(3):
        if not raw:
            break
        p = raw[0]
        if p.startswith("Next Previous"):
            p = p[len("Next Previous"):].strip()
            if not p:
                raw.pop(0)
                continue
            raw[0] = p
        if (author and loose(p) == loose(author)) or WAS_DATELINE.match(p) or \
                p == "تعليقات ()" or (len(p.split()) <= 6 and DASH_BYLINE.match(p)):
            raw.pop(0)
            continue
        break
    # the byline opening the first paragraph: «محمد السيد - سبق : يُنتظر ...»
    if raw and author:
        m = re.match(r"^(.{2,80}?)\s*:\s*(.+)$", raw[0])
        if m and loose(m.group(1)) == loose(author):
            raw[0] = m.group(2)
    # furniture after the story
    while raw:
        p = raw[-1]
        if p.startswith("رابط") or AGENCY_TIME.match(p) or EMAIL.match(p) or URL.match(p) or \
                SMS.search(p) or re.match(r"^\.*المزيد$", p) or p.startswith("* خدمة") or \
                p.startswith("* بالاتفاق مع") or p.startswith("خاص بـ") or \
                p.startswith("سمات ") or (author and loose(p) == loose(author)) or \
                p.startswith("لمراسلة الكاتب"):
            raw.pop()
            continue
        break
    # photo captions and lone credits are not paragraphs; a lone credit under a
    # line that is no sentence makes that line a caption
    keep = []
    for p in raw:
        if CAPTION.match(p):
            if p.startswith("(") and keep and not ends_sentence(keep[-1]) and \
                    len(keep[-1].split()) <= 60:
                keep.pop()
            continue
        keep.append(p)
    raw = keep
    if not raw:
        return None
    for p in (raw[0], raw[-1]):
        if len(p.split()) <= 6 and not ends_sentence(p):
            return None
    if len(title) > 250:
        return None
    return title, raw


# ------------------------------------------------------------------ pages

# Furniture added around articles: (kind, dev phrasings, test phrasings, alt phrasings).  {name}
# a writer, {paper} the paper, {title} the article's title, {n} a number, {tags} words of the
# title.  The alt phrasings (--furniture alt, for both splits) were written in a later round, after
# the parser's rules, by another hand: the parser's 'furnished' pages scored 74.7% with them on the
# dev papers (97.8% with the dev phrasings): the rules were word lists.
HEADER = [
    ("date", ["الأحد 26 يوليو 2015", "نشر في: 2015/07/26", "الاثنين 27 يوليو / تموز 2015"],
     ["تاريخ النشر: 28 يوليو 2015", "الثلاثاء، 28 يوليو 2015", "26/07/2015 - 10:35 ص"],
     ["آخر تحديث: 09:20 - 27 يوليو 2015", "السبت 25 يوليو 2015 - 09:15 م", "2015-07-26 10:40"]),
    ("share", ["شارك", "طباعة", "مشاركة"],
     ["أرسل لصديق", "حجم الخط", "تغريد"],
     ["واتساب", "نسخ الرابط", "فيسبوك تويتر"]),
]
FOOTER = [
    ("source", ["المصدر: واس", "المصدر: وكالات"],
     ["المصدر : صحيفة {paper}", "المصدر: {paper}"],
     ["المصدر - {paper}", "نقلا عن {paper}"]),
    ("link", ["رابط الخبر: http://{slug}.example/news/{n}", "رابط الخبر بصحيفة {paper}: {title}"],
     ["رابط المقال: {title}", "الرابط المختصر: http://{slug}.example/{n}"],
     ["رابط دائم: http://{slug}.example/p/{n}", "اقرأ أيضا على {paper}: {title}"]),
    ("copyright", ["جميع الحقوق محفوظة © 2015 {paper}", "© 2015 {paper}"],
     ["حقوق النشر محفوظة لصحيفة {paper} 2015", "جميع الحقوق محفوظة لـ{paper} ©"],
     ["© {paper} 2015 - جميع الحقوق محفوظة", "الحقوق محفوظة © {paper}"]),
    ("tags", ["الكلمات الدالة: {tags}", "كلمات مفتاحية: {tags}"],
     ["وسوم: {tags}", "الوسوم: {tags}"],
     ["تصنيفات: {tags}", "موضوعات ذات علاقة: {tags}"]),
    ("comments", ["التعليقات (0)", "أضف تعليقا"],
     ["عدد التعليقات: {n}", "اكتب تعليقك"],
     ["شاركنا رأيك", "التعليقات مغلقة"]),
    ("contact", ["للتواصل مع الكاتب: {slug}{n}@example.com", "{slug}@example.com"],
     ["لمراسلة الكاتب: {slug}{n}@example.com", "تابعوا الكاتب على تويتر: @{slug}{n}"],
     ["تويتر: @{slug}{n}", "البريد: {slug}@example.com"]),
]


def slug(src):
    return re.sub(r"[^a-z]", "", src) or "paper"


def tags_of(title, rng, sep):
    words = [w for w in re.findall(r"[\u0621-\u064a]{3,}", title)]
    rng.shuffle(words)
    return sep.join(words[:3]) or "أخبار"


class Page:
    def __init__(self):
        self.lines = []
        self.expect = []


def add_article(page, art, rng, split, furnish, sep, furniture="split"):
    """Append one article (its corpus text, maybe furnished) to the page, its lines sep apart."""
    a, (title, truth) = art
    src = a["source"]
    body = paras(a["content"])
    author = norm(a.get("author") or "")
    lines = [a["title"].strip()]
    footers = []
    if furnish:
        idx = 2 if furniture == "alt" else 1 if split == "test" else 0
        fill = dict(paper=NAMES[src], slug=slug(src), title=title, n=rng.randint(1000, 99999))
        # the byline as the site prints it, unless the corpus text has it already: on its
        # own line, or (when it names a place: «جدة - فلان») opening the first paragraph
        if author and rng.random() < 0.5 and loose(author) not in loose(" ".join(body[:1])):
            if rng.random() < 0.6 or not re.search(r"[-–ـ(]|:.", author):
                lines.append(author)
            else:
                body = list(body)
                body[0] = author.rstrip(":").rstrip() + ": " + body[0]
        for kind, *phrasings in HEADER:
            if rng.random() < 0.35:
                lines.append(rng.choice(phrasings[idx]))
        for kind, *phrasings in rng.sample(FOOTER, rng.choice((1, 1, 2))):
            fill["tags"] = tags_of(title, rng, "، " if idx == 0 else " - ")
            footers.append(rng.choice(phrasings[idx]).format(**fill))
    page.lines.append(sep.join(lines + body + footers))
    page.expect.append({"title": title, "paras": truth})


def build(arts, split, npages, out, rng, furniture="split"):
    by = {}
    for a, ans in arts:
        by.setdefault(a["source"], []).append((a, ans))
    papers = sorted(by)
    weights = [min(len(by[p]), 2000) for p in papers]
    pages = []
    os.makedirs(out, exist_ok=True)
    for kind in ("single", "multi", "furnished"):
        for i in range(npages):
            src = rng.choices(papers, weights)[0]
            n = {"single": 1, "multi": rng.choice((2, 3, 4)), "furnished": rng.choice((1, 2, 3))}[kind]
            n = min(n, len(by[src]))
            page = Page()
            # paragraphs on consecutive lines or a blank line apart; articles at least as far
            pgap = rng.choice((0, 1))
            agap = rng.choice((1, 2) if pgap == 0 else (1, 2, 3))
            for k, art in enumerate(rng.sample(by[src], n)):
                if k:
                    page.lines.extend([""] * agap)
                add_article(page, art, rng, split, kind == "furnished", "\n" * (pgap + 1),
                            furniture)
            path = os.path.join(out, f"{split}-{kind}-{i:04d}-{src}.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(page.lines) + "\n")
            pages.append((path, kind, src, page.expect))
    return pages


# ------------------------------------------------------------------ scoring

def body_of(art):
    return [norm(t) for k, t in art["blocks"] if k != "caption"]


def score(pages, parsed, misses):
    tot = {}

    def count(key, ok):
        r = tot.setdefault(key, [0, 0])
        r[0] += ok
        r[1] += 1

    for path, kind, src, expect in pages:
        got = parsed.get(path, {"articles": []})["articles"]
        ok = len(got) == len(expect)
        count(("count", kind), ok)
        if not ok:
            misses.append((path, "count", len(expect), len(got)))
        used = set()
        for i, e in enumerate(expect):
            cand = None
            for j, g in enumerate(got):
                if j not in used and norm(g["title"]) == e["title"]:
                    cand = j
                    break
            if cand is None and i < len(got) and i not in used:
                cand = i
            g = got[cand] if cand is not None else None
            if cand is not None:
                used.add(cand)
            body = body_of(g) if g else []
            fields = {
                "title": g is not None and norm(g["title"]) == e["title"],
                "paras": len(body) == len(e["paras"]),
                "first": bool(body) and body[0] == e["paras"][0],
                "last": bool(body) and body[-1] == e["paras"][-1],
            }
            for f, v in fields.items():
                count((f, kind), v)
                if not v:
                    want = {"title": e["title"], "paras": len(e["paras"]),
                            "first": e["paras"][0], "last": e["paras"][-1]}[f]
                    have = None
                    if g:
                        have = {"title": g["title"], "paras": len(body),
                                "first": body[0] if body else None,
                                "last": body[-1] if body else None}[f]
                    misses.append((path, f, want, have))
    return tot


def report(split, tot, npapers, excluded, total, suffix=""):
    fields = ("count", "title", "paras", "first", "last")
    right = sum(v[0] for v in tot.values())
    n = sum(v[1] for v in tot.values())
    split += suffix
    print(f"textpages_fields_{split}: {100.0 * right / n:.1f} % ({right} of {n} fields, "
          f"{npapers} papers, {excluded} of {total} articles left out as unsettled)")
    for f in fields:
        r = sum(v[0] for k, v in tot.items() if k[0] == f)
        m = sum(v[1] for k, v in tot.items() if k[0] == f)
        print(f"textpages_{f}_{split}: {100.0 * r / m:.1f} %")
    for kind in ("single", "multi", "furnished"):
        r = sum(v[0] for k, v in tot.items() if k[1] == kind)
        m = sum(v[1] for k, v in tot.items() if k[1] == kind)
        print(f"textpages_{kind}_{split}: {100.0 * r / m:.1f} %")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--src", required=True)
    p.add_argument("--dumper", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--split", default="both", choices=("dev", "test", "both"))
    p.add_argument("--pages", type=int, default=500, help="pages of each kind per split")
    p.add_argument("--misses", type=int, default=0)
    p.add_argument("--seed", type=int, default=17)
    p.add_argument("--furniture", default="split", choices=("split", "alt"),
                   help="the furniture's phrasings: each split's own, or the alt ones for both")
    args = p.parse_args()
    corpus = os.path.join(args.src, "..", "shared", "corpus", "saudinewsnet")
    zips = sorted(glob.glob(os.path.join(corpus, "*.zip")))
    if not zips:
        print(f"# textpages_eval: no corpus in {corpus}", file=sys.stderr)
        return 1
    arts = {s: [] for s in DEV + TEST}
    total = {s: 0 for s in DEV + TEST}
    for z in zips:
        with zipfile.ZipFile(z) as zf:
            for name in sorted(zf.namelist()):
                for a in json.loads(zf.read(name)):
                    if not (a.get("title") or "").strip() or not (a.get("content") or "").strip():
                        continue
                    total[a["source"]] += 1
                    ans = answer(a)
                    if ans:
                        arts[a["source"]].append((a, ans))
    env = dict(os.environ, AKHBAR_SRCDIR=args.src)
    splits = ("dev", "test") if args.split == "both" else (args.split,)
    for split in splits:
        papers = DEV if split == "dev" else TEST
        rng = random.Random(f"{args.seed}-{split}")
        pool = [x for s in papers for x in arts[s]]
        pages = build(pool, split, args.pages, os.path.join(args.out, split), rng, args.furniture)
        parsed = {}
        paths = [pg[0] for pg in pages]
        for i in range(0, len(paths), 500):
            res = subprocess.run([args.dumper, "--dump"] + paths[i:i + 500], env=env,
                                 stdout=subprocess.PIPE, check=True)
            for line in res.stdout.decode("utf-8").splitlines():
                d = json.loads(line)
                parsed[d["file"]] = d
        misses = []
        tot = score(pages, parsed, misses)
        kept = sum(len(arts[s]) for s in papers)
        alls = sum(total[s] for s in papers)
        report(split, tot, len(papers), alls - kept, alls,
               "_alt_furniture" if args.furniture == "alt" else "")
        if args.misses and split == "dev":
            rng2 = random.Random(args.seed)
            for m in rng2.sample(misses, min(args.misses, len(misses))):
                print("MISS", *[str(x)[:160] for x in m], sep="\n  ", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
