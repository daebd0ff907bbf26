#!/bin/sh
# Search latency on a cache of about 100,000 articles (aim: under 20 ms
# for a one-word query, top 50).  Called by run.sh; prints "name: value
# unit" lines.  Not a test: nothing fails on a slow figure.
#
# usage: search_bench.sh AKHBAR SRCDIR
#
# The cache: $AKHBAR_BENCH_DB, else /tmp/akhbar-100k.db (shared with the
# related-stories bench), else /tmp/akhbar-100k-search.db, built once
# (slow: about half an hour) from `corpus pages /tmp/p100k --repeat 4`.
# A cache with an empty search index (filled by an akhbar without it) is
# re-indexed first, only when it is our own.

akhbar=${1:?usage: search_bench.sh AKHBAR SRCDIR}
src=${2:?usage: search_bench.sh AKHBAR SRCDIR}
build=$(dirname "$akhbar")
CC=${CC:-cc}
corpus=${AKHBAR_CORPUS_TOOL:-$src/../shared/tools/corpus}
[ -x "$corpus" ] || corpus=/work/shared/tools/corpus
own=/tmp/akhbar-100k-search.db
pages=/tmp/p100k

db=${AKHBAR_BENCH_DB:-}
if [ -z "$db" ]; then
	for c in /tmp/akhbar-100k.db "$own"; do
		[ -s "$c" ] && { db=$c; break; }
	done
fi
if [ -z "$db" ]; then
	db=$own
	if [ ! -d "$pages" ]; then
		if [ ! -x "$corpus" ]; then
			echo "# search_bench: no cache and no corpus tool; skipped"
			exit 0
		fi
		echo "# search_bench: writing $pages (corpus pages --repeat 4)"
		"$corpus" pages "$pages" --repeat 4 > /dev/null || exit 1
	fi
	echo "# search_bench: building $db from $pages (slow, once)"
	t0=$(date +%s)
	"$akhbar" --db "$db" import "$pages" > /dev/null 2>&1
	echo "search_import_100k: $(( $(date +%s) - t0 )) s"
fi

# an index to search?
if [ -z "$("$akhbar" --db "$db" search --limit 1 --json السعودية 2>/dev/null | tr -d '[] \n')" ]; then
	if [ "$db" = "$own" ] || [ -n "${AKHBAR_BENCH_DB:-}" ]; then
		echo "# search_bench: $db has no search index: re-indexing"
		t0=$(date +%s)
		"$akhbar" --db "$db" search --reindex > /dev/null || exit 1
		echo "search_reindex: $(( $(date +%s) - t0 )) s"
	else
		echo "# search_bench: $db has no search index (not ours: left alone); skipped"
		exit 0
	fi
fi
echo "# search_bench: $db"

libs="$(pkg-config --cflags --libs fribidi icu-uc icu-i18n ncursesw sqlite3 libxml-2.0 libcurl) -lstemmer -lm"
san=
if grep -q '^SAN_CFLAGS = -fsanitize' "$build/Makefile" 2>/dev/null; then
	san="-fsanitize=address,undefined"
fi
mkdir -p "$build/tests/bench"
if ! $CC -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE_EXTENDED \
	$san -I"$build" -I"$src/include" "$src/tests/bench/search_timing.c" \
	"$build/libakhbar.a" $libs -o "$build/tests/bench/search_timing"; then
	echo "# search_bench: search_timing does not build" >&2
	exit 1
fi

# one-word queries of three frequencies, then the other forms
"$build/tests/bench/search_timing" "$db" 50 21 \
	common=السعودية medium=النفط rare=الزلزال \
	folded=اعلان prefix='مستش*' phrase='"وزير الخارجية"' \
	filtered='النفط after:2015-08-01' || exit 1

# what a user waits for: the whole command, process start to exit
best=
for i in 1 2 3 4 5; do
	t0=$(date +%s%N)
	"$akhbar" --db "$db" search --limit 50 النفط > /dev/null
	t=$(( ($(date +%s%N) - t0) / 1000000 ))
	[ -z "$best" ] || [ "$t" -lt "$best" ] && best=$t
done
echo "search_cli_top50_best_of_5: $best ms"
echo "search_cache_size: $(( $(wc -c < "$db") / 1048576 )) MiB"
