#!/bin/sh
# Related stories: what linking costs per imported article in caches of
# 1,000, 10,000 and 100,000 articles, and the latency of `akhbar related
# ID` at the largest.  Called by run.sh; prints "name: value unit" lines.
# Not a test: nothing fails on a slow figure.
#
# usage: related_bench.sh AKHBAR SRCDIR
#
# The corpus pages (`corpus pages DIR --repeat 4`: 117,308 pages; beyond
# the 29,327 real articles the copies have their own titles, so a copy is
# a "same story" of its original) and one cache per size are built once,
# in $AKHBAR_BENCH_RELATED_DIR (default /tmp/akhbar-bench-related), and
# reused: the 100k cache takes the better part of an hour.  Remove that
# folder after a change of the schema or of the scoring.
#
# For each size N: a batch of the next BATCH pages (default 200) is
# imported into a copy of the cache, once with linking and once with
# AKHBAR_NO_LINK=1, twice each (the best of two); the difference divided
# by BATCH is the cost of linking one article.  Wall time and CPU time
# (user + system) of the importer.
#
# BENCH_RELATED_SIZES="1000 10000" and BENCH_RELATED_BATCH=N override.

akhbar=${1:?usage: related_bench.sh AKHBAR SRCDIR}
src=${2:?usage: related_bench.sh AKHBAR SRCDIR}
corpus=${AKHBAR_CORPUS_TOOL:-$src/../shared/tools/corpus}
[ -x "$corpus" ] || corpus=/work/shared/tools/corpus
work=${AKHBAR_BENCH_RELATED_DIR:-/tmp/akhbar-bench-related}
pages=${AKHBAR_BENCH_PAGES:-$work/pages}
sizes=${BENCH_RELATED_SIZES:-"1000 10000 100000"}
batch=${BENCH_RELATED_BATCH:-200}

if ! command -v python3 >/dev/null 2>&1; then
	echo "# related_bench: skipped (python3 missing)"
	exit 0
fi
mkdir -p "$work" || exit 1
if [ ! -d "$pages" ]; then
	if [ ! -x "$corpus" ]; then
		echo "# related_bench: skipped (no corpus tool at $corpus)"
		exit 0
	fi
	echo "# related_bench: writing $pages (corpus pages --repeat 4)"
	"$corpus" pages "$pages" --repeat 4 >/dev/null || exit 1
fi
ls "$pages" | grep '\.txt$' | sort > "$work/all.txt"

largest=
for n in $sizes; do
	db="$work/cache-$n.db"
	if [ ! -f "$db.done" ]; then
		rm -f "$db" "$db-wal" "$db-shm"
		echo "# related_bench: building a cache of $n articles (once)"
		t0=$(date +%s)
		head -n "$n" "$work/all.txt" | sed "s|^|$pages/|" |
			xargs "$akhbar" --db "$db" import >/dev/null 2>&1
		echo "related_build_${n}: $(( $(date +%s) - t0 )) s"
		touch "$db.done"
	fi
	sed -n "$((n + 1)),$((n + batch))p" "$work/all.txt" |
		sed "s|^|$pages/|" > "$work/batch-$n.txt"
	largest=$n
done

python3 - "$akhbar" "$work" "$batch" "$largest" $sizes <<'PY'
import os, resource, shutil, subprocess, sys, time

akhbar, work, batch, largest = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
sizes = sys.argv[5:]

def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

def run(args, env=None):
    c, t = cpu(), time.monotonic()
    p = subprocess.run(args, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env=env)
    return time.monotonic() - t, cpu() - c, p.returncode

def import_batch(n, link):
    src = os.path.join(work, f"cache-{n}.db")
    db = os.path.join(work, "work.db")
    for ext in ("", "-wal", "-shm"):
        if os.path.exists(db + ext):
            os.unlink(db + ext)
    shutil.copyfile(src, db)
    files = open(os.path.join(work, f"batch-{n}.txt")).read().split()
    env = dict(os.environ)
    if link:
        env.pop("AKHBAR_NO_LINK", None)
    else:
        env["AKHBAR_NO_LINK"] = "1"
    wall, c, rc = run([akhbar, "--db", db, "import"] + files, env)
    os.unlink(db)
    return wall, c, rc

for n in sizes:
    best = {}
    for rep in range(2):
        for link in (True, False):
            w, c, rc = import_batch(n, link)
            if rc != 0:
                print(f"# related_bench: import into the {n} cache exited {rc}")
            b = best.get(link)
            best[link] = (min(w, b[0]), min(c, b[1])) if b else (w, c)
    (wl, cl), (wn, cn) = best[True], best[False]
    print(f"related_import_{n}_per_article: {1000 * wl / batch:.2f} ms wall, "
          f"{1000 * cl / batch:.2f} ms cpu (with linking)")
    print(f"related_import_{n}_per_article_nolink: {1000 * wn / batch:.2f} ms "
          f"wall, {1000 * cn / batch:.2f} ms cpu")
    print(f"related_link_{n}_per_article: {1000 * (wl - wn) / batch:.2f} ms "
          f"wall, {1000 * (cl - cn) / batch:.2f} ms cpu")

# `akhbar related ID` at the largest size: 50 ids spread over the cache
db = os.path.join(work, f"cache-{largest}.db")
n = int(largest)
ids = [1 + i * (n // 50) for i in range(50)]
run([akhbar, "--db", db, "related", str(ids[0])])   # warm the file cache
walls, cpus = [], []
for i in ids:
    w, c, rc = run([akhbar, "--db", db, "related", str(i)])
    walls.append(w)
    cpus.append(c)
walls.sort()
print(f"related_latency_{largest}: {1000 * sum(walls) / len(walls):.1f} ms mean, "
      f"{1000 * walls[len(walls) // 2]:.1f} ms median, "
      f"{1000 * walls[-1]:.1f} ms max (whole process, 50 ids)")
print(f"related_latency_{largest}_cpu: {1000 * sum(cpus) / len(cpus):.1f} ms mean")
PY
