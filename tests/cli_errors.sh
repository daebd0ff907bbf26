#!/bin/sh
# Option errors name the option as it was typed, for the global options
# and every subcommand; empty results say so on a terminal and leave
# standard output empty.
. "$SRCDIR/tests/lib.sh"
plan 41

# usage_error NAME WANT ARGS...: status 2, the message WANT on the first
# line of standard error, a hint on the second, nothing on standard output.
usage_error() {
	name=$1 want=$2
	shift 2
	run "$AKHBAR" "$@"
	first=$(printf '%s\n' "$err" | sed -n 1p)
	if [ "$rc" -eq 2 ] && [ "$first" = "$want" ] && [ -z "$out" ] &&
	   [ "$(nlines "$err")" -eq 2 ]; then
		ok "$name"
	else
		not_ok "$name" "akhbar $*" "rc=$rc" "wanted: $want" "stderr: $err" \
			"stdout: $out"
	fi
}

# the global options
usage_error "--db without a value is named" \
	"akhbar: option '--db' needs a value" --db
usage_error "--config without a value is named" \
	"akhbar: option '--config' needs a value" --config
usage_error "an abbreviated --db is named as typed" \
	"akhbar: option '--d' needs a value" --d
usage_error "--db= is refused" "akhbar: --db needs a path" --db=
usage_error "--config= is refused" "akhbar: --config needs a path" --config=
usage_error "an unknown long option" "akhbar: unknown option '--dbx'" --dbx
usage_error "an unknown long option with a value" \
	"akhbar: unknown option '--frob'" --frob=1 list
usage_error "an unknown short option" "akhbar: unknown option '-x'" -x
usage_error "--help takes no value" \
	"akhbar: option '--help' takes no value" --help=yes

# subcommands parsed with getopt_long
usage_error "list --limit without a value" \
	"akhbar list: option '--limit' needs a value" list --limit
usage_error "list -l without a value" \
	"akhbar list: option '-l' needs a value" list -l
usage_error "list --json takes no value" \
	"akhbar list: option '--json' takes no value" list --json=1
usage_error "list: an unknown letter in a cluster is named" \
	"akhbar list: unknown option '-x'" list --json -xl5
usage_error "list: an unknown long option" \
	"akhbar list: unknown option '--frob'" list --frob
usage_error "list: a bad --limit value names the option as typed" \
	"akhbar list: --lim needs a number greater than 0, not 'x'" \
	list --lim x
usage_error "list: a bad -l value names -l" \
	"akhbar list: -l needs a number greater than 0, not '0'" list -l0
usage_error "import --publisher without a value" \
	"akhbar import: option '--publisher' needs a value" import --publisher
usage_error "import -p without a value" \
	"akhbar import: option '-p' needs a value" import -p
usage_error "import -n takes nothing after it in its cluster" \
	"akhbar import: unknown option '-q'" import -nq x.txt
usage_error "update --json takes no value" \
	"akhbar update: option '--json' takes no value" update --json=1
usage_error "stats: an unknown option" \
	"akhbar stats: unknown option '--jsn'" stats --jsn
usage_error "related --json takes no value" \
	"akhbar related: option '--json' takes no value" related --json=2 1
usage_error "export -f without a value" \
	"akhbar export: option '-f' needs a value" export 1 -f
usage_error "export --format without a value" \
	"akhbar export: option '--format' needs a value" export 1 --format
usage_error "export: an ambiguous abbreviation" \
	"akhbar export: option '--fo' is ambiguous" export 1 --fo=json
usage_error "export: a bad --format value names it as typed" \
	"akhbar export: --format wants text, markdown (md) or json" \
	export 1 --format=pdf
usage_error "export: a bad -w value names -w" \
	"akhbar export: -w needs a number of columns from 0 to 10000" \
	export 1 -w x
# subcommands that read their options by hand
usage_error "search -l 0 names -l" \
	"akhbar search: -l needs a number from 1 to 100000" search -l 0 x
usage_error "search --limit=0 names --limit" \
	"akhbar search: --limit needs a number from 1 to 100000" \
	search --limit=0 x
usage_error "search --limit without a value" \
	"akhbar search: --limit needs a number" search --limit
usage_error "show: an unknown option" \
	"akhbar show: unknown option '--frob'" show 1 --frob
usage_error "render --dir without a value" \
	"akhbar render: --dir wants auto, rtl or ltr" render --dir

# Empty results.  Standard error is a terminal under script(1) (util-linux,
# essential on Debian); standard output goes to a file.
"$AKHBAR" import "$SRCDIR/assets/samples/000_5afb9c626e646c5c.txt" \
	>/dev/null 2>&1 || echo "# the sample did not import"
# on_tty NAME WANT ARGS...: standard output empty, WANT on the terminal
on_tty() {
	name=$1 want=$2
	shift 2
	if ! command -v script >/dev/null 2>&1; then
		skip_test "$name" "script(1) not found"
		return
	fi
	: >"$T/stdout"
	# shellcheck disable=SC2016
	tty=$(AKHBAR_ARGS="$*" script -qec \
		'"$AKHBAR" $AKHBAR_ARGS >"$T/stdout"' /dev/null | tr -d '\r')
	if [ ! -s "$T/stdout" ] && [ "$tty" = "$want" ]; then
		ok "$name"
	else
		not_ok "$name" "terminal: $tty" "stdout: $(cat "$T/stdout")"
	fi
}
# not_on_tty NAME ARGS...: standard output and standard error empty, status 0
not_on_tty() {
	name=$1
	shift
	run "$AKHBAR" "$@"
	if [ "$rc" -eq 0 ] && [ -z "$out" ] && [ -z "$err" ]; then ok "$name"
	else not_ok "$name" "rc=$rc" "stdout: $out" "stderr: $err"; fi
}
export T DB
on_tty "search with no hit says so on a terminal" \
	"akhbar search: no article matches" search zzzqqqxyz
not_on_tty "search with no hit prints nothing in a pipe" search zzzqqqxyz
run "$AKHBAR" search --json zzzqqqxyz
if [ "$rc" -eq 0 ] && [ "$out" = "[]" ]; then ok "search --json with no hit is []"
else not_ok "search --json with no hit is []" "$out" "$err"; fi

# one article alone in its cache: nothing is related to it
printf '%s\n\n%s\n' 'عنوان تجريبي لمقال وحيد' \
	'فقرة من نص المقال تكفي ليعرف المستورد أنها متن المقال.' >"$T/one.txt"
AKHBAR_DB="$T/one.db"
"$AKHBAR" import "$T/one.txt" >/dev/null 2>&1 || echo "# one.txt did not import"
on_tty "related with none says so on a terminal" \
	"akhbar related: article 1 has no related stories yet" related 1
not_on_tty "related with none prints nothing in a pipe" related 1

AKHBAR_DB="$T/empty.db"
on_tty "list on an empty cache says so on a terminal" \
	"akhbar list: no articles in the cache yet ('akhbar import PATH|URL' adds some)" \
	list
not_on_tty "list on an empty cache prints nothing in a pipe" list
run "$AKHBAR" list --json
if [ "$rc" -eq 0 ] && [ "$out" = "[]" ]; then ok "list --json on an empty cache is []"
else not_ok "list --json on an empty cache is []" "$out" "$err"; fi

if command -v script >/dev/null 2>&1; then
	# shellcheck disable=SC2016
	tty=$(script -qec '"$AKHBAR" --db "$DB" list >"$T/stdout"' /dev/null |
		tr -d '\r')
	if [ -z "$tty" ] && [ -s "$T/stdout" ]; then
		ok "a list with articles prints them and nothing else"
	else
		not_ok "a list with articles prints them and nothing else" \
			"terminal: $tty" "stdout: $(cat "$T/stdout")"
	fi
else
	skip_test "a list with articles prints them and nothing else" \
		"script(1) not found"
fi
[ "$tap_failed" -eq 0 ]
