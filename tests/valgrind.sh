#!/bin/sh
# make check-valgrind's two ends (Makefile.am runs the tests between):
#
#   valgrind.sh BUILDDIR SRCDIR prepare   wrappers that run akhbar and
#                                         tests/test_fetch under memcheck,
#                                         in BUILDDIR/tests/vg/
#   valgrind.sh BUILDDIR SRCDIR report    what memcheck found, one file
#                                         per process; fails if anything
#
# Each wrapper runs its program with --error-exitcode, so a test that
# checks the exit status fails at once, and logs to vg/logs/PID.log, so
# that what the program prints is left as the tests expect it.  Leaks of
# every kind but "still reachable" (what libraries and akhbar keep for the
# life of the process on purpose) count.  No suppressions are needed:
# add a file of them (--suppressions) only with the reason for each.
set -eu
build=$1 src=$2
vg=$build/tests/vg

case $3 in
prepare)
	if ! command -v valgrind >/dev/null 2>&1; then
		echo "check-valgrind: valgrind is not installed" >&2
		exit 1
	fi
	if grep -q -- '-fsanitize' "$build/Makefile"; then
		echo "check-valgrind: this build has the sanitizers; use one" \
			"configured without --enable-sanitizers" >&2
		exit 1
	fi
	rm -rf "$vg"
	mkdir -p "$vg/logs"
	# tests/resources.sh runs akhbar as nobody when it is root
	chmod 1777 "$vg/logs"
	for p in akhbar tests/test_fetch; do
		cat >"$vg/${p##*/}" <<EOF
#!/bin/sh
exec valgrind --quiet --error-exitcode=99 --leak-check=full \\
	--show-leak-kinds=definite,indirect,possible \\
	--errors-for-leak-kinds=definite,indirect,possible \\
	--log-file='$vg/logs/%p.log' '$build/$p' "\$@"
EOF
		chmod 755 "$vg/${p##*/}"
	done
	;;
report)
	n=0
	for f in "$vg"/logs/*.log; do
		[ -s "$f" ] || continue
		n=$((n + 1))
		echo "---- $f"
		cat "$f"
	done
	runs=$(ls "$vg/logs" | wc -l)
	if [ $n -gt 0 ]; then
		echo "check-valgrind: $n of $runs runs had memcheck errors or leaks (above)"
		exit 1
	fi
	echo "check-valgrind: $runs runs of akhbar and test_fetch, no memcheck error, no leak"
	;;
esac
