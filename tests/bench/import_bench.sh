#!/bin/sh
# Importing, side by side with newsboat and sfeed: the same real articles
# (the SaudiNewsNet corpus in ../shared, `corpus feeds OUT --limit N
# --repeat K`: RSS 2.0, one feed per paper and day) at 1,000, 10,000 and
# 100,000 articles.  Prints "name: value unit" lines.  Not a test:
# nothing fails on a slow figure.
#
#   newsboat  `newsboat -x reload`: the feeds served over HTTP from
#             127.0.0.1 (a server this script starts and stops), a fresh
#             cache (its SQLite file, no search index)
#   sfeed     `sfeed_update`: the same URLs into sfeed's TSV files
#   akhbar    `akhbar update`: the same URLs, subscribed beforehand (not
#             timed), into a fresh cache with the full-text index and
#             related stories; and `akhbar import DIR`: the same feeds as
#             files
#
# Runs are taken in pairs (newsboat, then akhbar, then sfeed), the ratio
# akhbar/newsboat per pair; the figure is the median over the pairs (5 at
# 1,000, 3 at 10,000, 1 at 100,000).  Time is wall-clock; memory is each
# process's peak RSS.  newsboat and sfeed are skipped when not installed
# (Debian packages newsboat, sfeed).
#
# BENCH_IMPORT_SIZES="1000 10000" and BENCH_IMPORT_PAIRS=N override.

akhbar=${1:?usage: import_bench.sh AKHBAR SRCDIR}
src=${2:?usage: import_bench.sh AKHBAR SRCDIR}
corpus=${AKHBAR_CORPUS_TOOL:-$src/../shared/tools/corpus}
[ -x "$corpus" ] || corpus=/work/shared/tools/corpus
if [ ! -x "$corpus" ] || ! command -v python3 >/dev/null 2>&1; then
	echo "# import_bench: skipped ($corpus or python3 missing)"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/akhbar-bench-import-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
AKHBAR_DATADIR=${AKHBAR_DATADIR:-$src/assets} exec python3 - "$akhbar" \
	"$corpus" "$tmp" "${BENCH_IMPORT_SIZES:-1000 10000 100000}" \
	"${BENCH_IMPORT_PAIRS:-}" <<'PY'
import http.server, os, shutil, socketserver, statistics, subprocess, sys
import threading, time

akhbar, corpus, tmp, sizes, pairs_env = sys.argv[1:6]
DEVNULL = subprocess.DEVNULL

def timed(argv, env=None, cwd=None):
    """Wall seconds and peak RSS (MiB) of one run; None when it fails."""
    t = time.monotonic()
    p = subprocess.Popen(argv, stdout=DEVNULL, stderr=DEVNULL, env=env,
                         cwd=cwd)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.monotonic() - t
    if status != 0:
        print(f"# {os.path.basename(argv[0])} exited with status {status >> 8}")
    return dt, ru.ru_maxrss / 1024.0

def have(cmd):
    return shutil.which(cmd) is not None

class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass

def serve(folder):
    handler = lambda *a, **k: Quiet(*a, directory=folder, **k)
    srv = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv

def newsboat(urls, work):
    os.makedirs(work, exist_ok=True)
    with open(f"{work}/urls", "w") as f:
        f.write("".join(u + "\n" for u in urls))
    return timed(["newsboat", "-u", f"{work}/urls", "-c", f"{work}/cache.db",
                  "-C", "/dev/null", "-x", "reload"])

def sfeed(urls, work):
    os.makedirs(f"{work}/feeds", exist_ok=True)
    with open(f"{work}/sfeedrc", "w") as f:
        f.write(f'sfeedpath="{work}/feeds"\nfeeds() {{\n')
        for i, u in enumerate(urls):
            f.write(f'\tfeed "f{i}" "{u}"\n')
        f.write("}\n")
    return timed(["sfeed_update", f"{work}/sfeedrc"])

def akhbar_update(urls, work):
    os.makedirs(work, exist_ok=True)
    db = f"{work}/a.db"
    for u in urls:
        subprocess.run([akhbar, "--db", db, "subscribe", u], stdout=DEVNULL,
                       stderr=DEVNULL)
    return timed([akhbar, "--db", db, "update"])

def akhbar_import(folder, work):
    os.makedirs(work, exist_ok=True)
    return timed([akhbar, "--db", f"{work}/a.db", "import", folder])

print(f"# import_bench {time.strftime('%Y-%m-%d')}: newsboat "
      f"{'yes' if have('newsboat') else 'not installed'}, sfeed "
      f"{'yes' if have('sfeed_update') else 'not installed'}, "
      f"{os.cpu_count()} CPUs")
for n in [int(x) for x in sizes.split()]:
    feeds = f"{tmp}/feeds{n}"
    repeat = -(-n // 29327)
    subprocess.run([corpus, "feeds", feeds, "--limit", str(n), "--repeat",
                    str(repeat)], stdout=DEVNULL, check=True)
    srv = serve(feeds)
    base = f"http://127.0.0.1:{srv.server_address[1]}/"
    urls = [base + f for f in sorted(os.listdir(feeds))]
    npairs = int(pairs_env) if pairs_env else 5 if n <= 1000 else \
        3 if n <= 10000 else 1
    res = {k: [] for k in ("newsboat", "sfeed", "update", "import")}
    for r in range(npairs):
        w = f"{tmp}/run{n}-{r}"
        if have("newsboat"):
            res["newsboat"].append(newsboat(urls, f"{w}/nb"))
        res["update"].append(akhbar_update(urls, f"{w}/up"))
        res["import"].append(akhbar_import(feeds, f"{w}/im"))
        if have("sfeed_update"):
            res["sfeed"].append(sfeed(urls, f"{w}/sf"))
        shutil.rmtree(w, ignore_errors=True)
    srv.shutdown()
    shutil.rmtree(feeds, ignore_errors=True)
    med = lambda v: statistics.median(v)
    for k in ("update", "import", "newsboat", "sfeed"):
        v = res[k]
        if not v:
            continue
        name = {"update": "akhbar_update", "import": "akhbar_import"}.get(k, k)
        print(f"import_{n}_{name}: {med([x[0] for x in v]):.2f} s, "
              f"{n / med([x[0] for x in v]):.0f} articles/s, peak "
              f"{max(x[1] for x in v):.1f} MiB")
    for k in ("update", "import"):
        if res["newsboat"]:
            ratios = [a[0] / b[0] for a, b in zip(res[k], res["newsboat"])]
            print(f"import_{n}_ratio_{k}_vs_newsboat: {med(ratios):.2f} "
                  f"(pairs: {' '.join(f'{x:.2f}' for x in ratios)})")
        if res["sfeed"]:
            ratios = [a[0] / b[0] for a, b in zip(res[k], res["sfeed"])]
            print(f"import_{n}_ratio_{k}_vs_sfeed: {med(ratios):.2f}")
    sys.stdout.flush()
PY
