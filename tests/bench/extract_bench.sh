#!/bin/sh
# The article extractor on real pages: body F1 over word 4-gram shingles,
# precision, recall, title/date/author accuracy and speed, per set (see
# extract_eval.c for how each is scored).  Sets, each prepared into a
# temporary folder:
#   arabic       Arabic news pages in the markup of real Arabic sites
#                (tests/bench/extract/*.html: JSON-LD, og:, dir=rtl,
#                windows-1256, page furniture), each filled with real
#                articles of the SaudiNewsNet corpus in ../shared;
#   readability  Mozilla Readability's test pages (BENCH_READABILITY: a
#                clone of github.com/mozilla/readability);
#   aeb          the article-extraction-benchmark's 181 pages with
#                hand-made bodies (BENCH_AEB: a clone of
#                github.com/scrapinghub/article-extraction-benchmark).
# Neither clone is stored here: their pages belong to their sites.
# BENCH_VERBOSE=1 prints every page's figures and every miss.
akhbar=${1:?usage: extract_bench.sh AKHBAR SRCDIR}
src=${2:?usage: extract_bench.sh AKHBAR SRCDIR}
build=$(dirname "$akhbar")
if ! command -v python3 >/dev/null 2>&1; then
	echo "# extract_bench: skipped (python3 missing)"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/akhbar-extract-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
CC=${CC:-cc}
libs="$(pkg-config --cflags --libs fribidi icu-uc icu-i18n ncursesw sqlite3 libxml-2.0 libcurl) -lstemmer -lm"
$CC -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE_EXTENDED \
	-I"$build" -I"$src/include" "$src/tests/bench/extract_eval.c" \
	"$build/libakhbar.a" $libs -o "$tmp/extract_eval" || exit 1

sets=
python3 "$src/tests/bench/extract/prepare.py" "$src" "$tmp" || exit 1
for s in arabic readability aeb; do
	[ -d "$tmp/$s" ] && sets="$sets $tmp/$s"
done
[ -n "$sets" ] && "$tmp/extract_eval" $sets
exit 0
