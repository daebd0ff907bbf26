# Shared helpers for the shell tests (TAP producers).  Source it:
#   . "$SRCDIR/tests/lib.sh"
# Gives: $AKHBAR (the binary), $T (a temporary folder removed on exit),
# $DB (a cache path inside $T), and TAP helpers.

set -u
: "${AKHBAR:?AKHBAR must point to the built akhbar}"
: "${SRCDIR:?SRCDIR must point to the source tree}"
T=$(mktemp -d "${TMPDIR:-/tmp}/akhbar-sh-XXXXXX")
DB="$T/akhbar.db"
export AKHBAR_DB="$DB"
export XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
export NO_COLOR=1
trap 'rm -rf "$T"' EXIT
tap_n=0
tap_failed=0

plan() { echo "1..$1"; }
ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
not_ok() {
	tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
	shift
	for l in "$@"; do printf '%s\n' "$l" | sed 's/^/# /'; done
}
skip_test() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1 # SKIP $2"; }

# check NAME COMMAND...: passes when the command succeeds.
check() {
	name=$1; shift
	if out=$("$@" 2>&1); then ok "$name"; else not_ok "$name" "$out"; fi
}

# run CMD...: runs akhbar-style command, sets $out, $err, $rc.  A sanitizer
# report (ASan, LSan, UBSan) is a failure of its own, whatever the test.
run() {
	out=$("$@" 2>"$T/stderr"); rc=$?
	err=$(cat "$T/stderr")
	if grep -q -E 'Sanitizer|runtime error:' "$T/stderr"; then
		not_ok "no sanitizer report from: $*" "$err"
	fi
}

# expect_rc NAME WANT: compare $rc from the last run.
expect_rc() {
	if [ "$rc" -eq "$2" ]; then ok "$1"
	else not_ok "$1" "exit status $rc, wanted $2" "stdout: $out" "stderr: $err"; fi
}

# contains NAME HAYSTACK NEEDLE
contains() {
	case $2 in
	*"$3"*) ok "$1" ;;
	*) not_ok "$1" "wanted: $3" "got: $2" ;;
	esac
}

# lines HAYSTACK: the number of lines
nlines() { printf '%s' "$1" | grep -c '' ; }
