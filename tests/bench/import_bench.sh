#!/bin/sh
# Import rate and peak memory: 10,000 real articles (the SaudiNewsNet corpus
# in ../shared, turned into text pages by its tools/corpus script) into a
# fresh cache, one transaction per file.  Prints "name: value unit" lines.
# BENCH_IMPORT_N overrides the number of pages.
akhbar=${1:?usage: import_bench.sh AKHBAR SRCDIR}
src=${2:?usage: import_bench.sh AKHBAR SRCDIR}
n=${BENCH_IMPORT_N:-10000}
corpus="$src/../shared/tools/corpus"
if [ ! -x "$corpus" ] || ! command -v python3 >/dev/null 2>&1; then
	echo "# import_bench: skipped ($corpus or python3 missing)"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/akhbar-bench-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$corpus" pages "$tmp/pages" --limit "$n" >/dev/null || exit 1
# time and peak RSS of the child, measured by python's resource module
python3 - "$akhbar" "$tmp" "$n" <<'PY'
import resource, subprocess, sys, time
akhbar, tmp, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
t = time.monotonic()
p = subprocess.run([akhbar, "--db", tmp + "/bench.db", "import", tmp + "/pages"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
dt = time.monotonic() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
print(f"import_{n}_pages: {dt:.1f} s (exit {p.returncode})")
print(f"import_rate: {n / dt:.0f} articles/s")
print(f"import_peak_rss: {rss:.1f} MiB")
t = time.monotonic()
p = subprocess.run([akhbar, "--db", tmp + "/bench.db", "import", tmp + "/pages"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
dt = time.monotonic() - t
print(f"reimport_unchanged_rate: {n / dt:.0f} articles/s")
PY
