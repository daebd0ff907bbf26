#!/bin/sh
# make fuzz: run each libFuzzer target for SECONDS, niced, from its seeds
# in tests/fuzz/NAME/ plus what earlier runs found (fuzz/corpus/NAME/ in
# the build folder), and print one line per target: executions, edges
# (cov) and features (ft) reached, corpus size, and what was found.
# Findings (crash-*, leak-*, timeout-*, oom-*) go to fuzz/artifacts/; a
# target's whole log is fuzz/NAME.log.  Exits 1 when anything was found.
# Usage: run.sh SECONDS SRCDIR BUILDDIR NAME...
# Extra libFuzzer flags: FUZZ_FLAGS (e.g. FUZZ_FLAGS=-jobs=2).

secs=${1:?usage: run.sh SECONDS SRCDIR BUILDDIR NAME...}
src=${2:?}
build=${3:?}
shift 3
status=0
out="$build/fuzz"
mkdir -p "$out/artifacts"
# Leaks are findings too; UBSan reports abort (the library is built with
# -fno-sanitize-recover=undefined).
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS
for name in "$@"; do
	bin="$build/tests/fuzz/${name}_fuzz"
	mkdir -p "$out/corpus/$name"
	dict=
	[ -f "$src/tests/fuzz/$name.dict" ] && dict="-dict=$src/tests/fuzz/$name.dict"
	before=$(ls "$out/artifacts" | wc -l)
	# shellcheck disable=SC2086
	nice -n 15 "$bin" -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$out/artifacts/$name-" $dict ${FUZZ_FLAGS-} \
		"$out/corpus/$name" "$src/tests/fuzz/$name" \
		> "$out/$name.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$name.log" | tail -n1)
	cov=$(grep -o 'cov: [0-9]*' "$out/$name.log" | tail -n1 | cut -d' ' -f2)
	ft=$(grep -o 'ft: [0-9]*' "$out/$name.log" | tail -n1 | cut -d' ' -f2)
	units=$(ls "$out/corpus/$name" | wc -l)
	after=$(ls "$out/artifacts" | wc -l)
	found=none
	if [ "$rc" -ne 0 ] || [ "$after" -ne "$before" ]; then
		status=1
		found=$(ls -t "$out/artifacts" | grep "^$name-" | head -n1)
		found="${found:-exit status $rc} (see $out/$name.log)"
	fi
	printf '%s: %s runs in %ss, cov %s, ft %s, corpus %s, found: %s\n' \
		"$name" "${execs:-?}" "$secs" "${cov:-?}" "${ft:-?}" \
		"$units" "$found"
done
exit $status
