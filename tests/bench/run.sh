#!/bin/sh
# make bench: build each tests/bench/*_bench.c against the built
# libakhbar.a and run it.  Each bench prints lines "name: value unit".
# Usage: run.sh BUILT_AKHBAR SRCDIR
# Benchmarks are not tests: nothing here fails on a slow figure.

akhbar=${1:?usage: run.sh AKHBAR SRCDIR}
src=${2:?usage: run.sh AKHBAR SRCDIR}
build=$(dirname "$akhbar")
CC=${CC:-cc}
status=0

libs="$(pkg-config --cflags --libs fribidi icu-uc icu-i18n ncursesw sqlite3 libxml-2.0 libcurl) -lstemmer -lm -pthread"
san=
if grep -q '^SAN_CFLAGS = -fsanitize' "$build/Makefile" 2>/dev/null; then
	san="-fsanitize=address,undefined"
	echo "# note: sanitizer build, figures are much slower than a normal build"
fi
mkdir -p "$build/tests/bench"
for c in "$src"/tests/bench/*_bench.c; do
	[ -f "$c" ] || continue
	name=$(basename "$c" .c)
	if ! $CC -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE_EXTENDED \
		$san -I"$build" -I"$src/include" "$c" "$build/libakhbar.a" $libs \
		-o "$build/tests/bench/$name"; then
		echo "# $name: does not build" >&2
		status=1
		continue
	fi
	"$build/tests/bench/$name" "$src" || status=1
done
# shell benches: each gets the binary and the source tree
for sh in "$src"/tests/bench/*_bench.sh; do
	[ -f "$sh" ] || continue
	sh "$sh" "$akhbar" "$src" || status=1
done
exit $status
