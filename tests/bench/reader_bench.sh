#!/bin/sh
# Reader benchmark: the real program in tmux on a 100,000-article cache.
# Usage: reader_bench.sh AKHBAR SRCDIR  (run by tests/bench/run.sh)
#
# The cache: $AKHBAR_BENCH_DB, else /tmp/akhbar-100k.db; when missing it
# is built from the real corpus (corpus pages /tmp/p100k --repeat 4, then
# akhbar import: that takes a while, once).
#
# Figures ("name: value unit"):
#   first screen   from just before `tmux new-session` to the reader's
#                  first refresh (the reader logs the wall clock when
#                  AKHBAR_TIMING names a file); tmux alone: the same for a
#                  command that only writes the clock; over tmux: the
#                  difference of the two medians (exec, loading akhbar's
#                  libraries, and akhbar's own work); internal: from the
#                  reader command's start to its first refresh
#   key latency    from the key read to the screen sent (AKHBAR_TIMING),
#                  one key at a time; round trip: send-keys until tmux
#                  shows the change (mostly tmux's own cost)
#   peak RSS       VmHWM of the reader after the run
# Opening an article marks it read in that cache.

akhbar=${1:?usage: reader_bench.sh AKHBAR SRCDIR}
src=${2:?usage: reader_bench.sh AKHBAR SRCDIR}
TMUX_BIN=${TMUX_BIN:-$(command -v tmux 2>/dev/null)}
if [ -z "$TMUX_BIN" ]; then
	echo "# reader: tmux is not installed, no figures"
	exit 0
fi
if ! date +%s%6N | grep -q '^[0-9]*$'; then
	echo "# reader: date +%N is needed, no figures"
	exit 0
fi

db=${AKHBAR_BENCH_DB:-/tmp/akhbar-100k.db}
if [ ! -s "$db" ]; then
	pages=${AKHBAR_BENCH_PAGES:-/tmp/p100k}
	corpus=${CORPUS:-$src/../shared/tools/corpus}
	if [ ! -d "$pages" ]; then
		echo "# reader: writing the corpus pages to $pages"
		"$corpus" pages "$pages" --repeat 4 >/dev/null ||
			{ echo "# reader: no corpus, no figures"; exit 0; }
	fi
	echo "# reader: importing $pages into $db (once; slow)"
	"$akhbar" --db "$db" import "$pages" >/dev/null 2>&1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/akhbar-rbench-XXXXXX")
SOCK=akhbar-rbench-$$
tm() { "$TMUX_BIN" -L "$SOCK" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT
now() { date +%s%6N; }

# median of the numbers on stdin (one a line)
median() {
	sort -n | awk '{ a[NR] = $1 }
		END { if (NR) print a[int((NR + 1) / 2)] }'
}
maxof() { sort -n | tail -n 1; }
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }

# value NAME: the figures the reader logged under NAME
value() { grep "^$1 " "$T/timing" | cut -d' ' -f2; }

# wait until the timing log has N lines (each key is one line)
wait_lines() {
	i=0
	while [ $i -lt 2000 ]; do
		[ -f "$T/timing" ] && [ "$(wc -l <"$T/timing")" -ge "$1" ] &&
			return 0
		sleep 0.005
		i=$((i + 1))
	done
	return 1
}

# The environment goes through tmux (-e), not env(1): an exec of env
# before akhbar's would count against akhbar (2-3 ms here).
start() {
	rm -f "$T/timing"
	tm new-session -d -s r -x 100 -y 30 -e LC_ALL=C.UTF-8 \
		-e TERM=tmux-256color -e "AKHBAR_TIMING=$T/timing" \
		"exec '$akhbar' --db '$db'"
}

count=$("$akhbar" --db "$db" list --limit 1 >/dev/null 2>&1 &&
	"$akhbar" --db "$db" stats 2>/dev/null | grep -i '^articles' |
	tr -dc '0-9')
echo "reader_cache_articles: ${count:-?} articles"

# the cost of starting the binary at all (exec, dynamic linking)
: >"$T/exec"
for run in 1 2 3 4 5 6 7; do
	t0=$(now)
	"$akhbar" --version >/dev/null
	echo $(( $(now) - t0 )) >>"$T/exec"
done
echo "reader_exec_version: $(ms "$(median <"$T/exec")") ms"

# first screen, 15 runs each (one run to the next varies by 10 ms here)
: >"$T/fs_launch"
: >"$T/fs_internal"
: >"$T/fs_tmux"
for run in $(seq 1 15); do
	tm kill-server 2>/dev/null
	t0=$(now)
	tm new-session -d -s b -x 100 -y 30 "date +%s%6N >'$T/base'"
	i=0
	while [ ! -s "$T/base" ] && [ $i -lt 1000 ]; do
		sleep 0.005
		i=$((i + 1))
	done
	[ -s "$T/base" ] && echo $(( $(cat "$T/base") - t0 )) >>"$T/fs_tmux"
	rm -f "$T/base"
	tm kill-server 2>/dev/null
	rm -f "$T/timing"
	t0=$(now)
	start
	wait_lines 2 || { echo "# reader: no first screen"; break; }
	echo $(( $(value first-screen-at) - t0 )) >>"$T/fs_launch"
	value first-screen >>"$T/fs_internal"
	tm kill-server 2>/dev/null
done
echo "reader_first_screen: $(ms "$(median <"$T/fs_launch")") ms"
echo "reader_first_screen_tmux_alone: $(ms "$(median <"$T/fs_tmux")") ms"
echo "reader_first_screen_internal: $(ms "$(median <"$T/fs_internal")") ms"
# what akhbar adds to what tmux takes to start any command
echo "reader_first_screen_over_tmux: $(ms $(( $(median <"$T/fs_launch") - \
	$(median <"$T/fs_tmux") ))) ms"

# key latency in the list, then in an article
start
wait_lines 2
n=2
for k in $(seq 1 60); do
	tm send-keys -t r j
	n=$((n + 1))
	wait_lines $n
done
for k in $(seq 1 20); do
	tm send-keys -t r k
	n=$((n + 1))
	wait_lines $n
done
value key-list >"$T/klist"
echo "reader_key_list_median: $(ms "$(median <"$T/klist")") ms"
echo "reader_key_list_max: $(ms "$(maxof <"$T/klist")") ms"
tm send-keys -t r G
n=$((n + 1))
wait_lines $n
echo "reader_key_list_last_G: $(ms "$(value key-list | tail -n 1)") ms"
# up from the end: the list reads a new window of rows every few pages,
# with an OFFSET as deep as the position
for k in $(seq 1 90); do
	tm send-keys -t r k
	n=$((n + 1))
	wait_lines $n
done
value key-list | tail -n 90 >"$T/kdeep"
echo "reader_key_list_deep_median: $(ms "$(median <"$T/kdeep")") ms"
echo "reader_key_list_deep_max: $(ms "$(maxof <"$T/kdeep")") ms"
tm send-keys -t r g
n=$((n + 1))
wait_lines $n
# the round trip through tmux: send a key, wait for the screen to change
: >"$T/rt"
for k in $(seq 1 16); do
	before=$(tm capture-pane -e -p -t r | md5sum)
	t0=$(now)
	# j and k by turns: the screen changes even on a short list
	if [ $((k % 2)) = 1 ]; then key=j; else key=k; fi
	tm send-keys -t r $key
	i=0
	while [ "$(tm capture-pane -e -p -t r | md5sum)" = "$before" ] &&
	    [ $i -lt 500 ]; do
		i=$((i + 1))
	done
	echo $(( $(now) - t0 )) >>"$T/rt"
	n=$((n + 1))
	wait_lines $n
done
echo "reader_key_roundtrip_tmux: $(ms "$(median <"$T/rt")") ms"

# Enter on ten articles one after another (the first one included: it
# must not wait for what ICU loads once), back with q
: >"$T/open"
for k in $(seq 1 10); do
	tm send-keys -t r Enter
	n=$((n + 1))
	wait_lines $n
	value key-list | tail -n 1 >>"$T/open"
	tm send-keys -t r q
	tm send-keys -t r j
	n=$((n + 2))
	wait_lines $n
done
echo "reader_open_article_first: $(ms "$(head -n 1 "$T/open")") ms"
echo "reader_open_article_median: $(ms "$(median <"$T/open")") ms"
echo "reader_open_article_max: $(ms "$(maxof <"$T/open")") ms"
tm send-keys -t r Enter
n=$((n + 1))
wait_lines $n
for k in $(seq 1 40); do
	tm send-keys -t r j
	n=$((n + 1))
	wait_lines $n
done
for k in $(seq 1 10); do
	tm send-keys -t r Space
	n=$((n + 1))
	wait_lines $n
	tm send-keys -t r b
	n=$((n + 1))
	wait_lines $n
done
value key-article >"$T/kart"
echo "reader_key_article_median: $(ms "$(median <"$T/kart")") ms"
echo "reader_key_article_max: $(ms "$(maxof <"$T/kart")") ms"

pid=$(tm display -p -t r '#{pane_pid}')
rss=$(grep VmHWM "/proc/$pid/status" 2>/dev/null | tr -dc '0-9')
mib=$(awk -v k="${rss:-0}" 'BEGIN { printf "%.1f", k / 1024 }')
echo "reader_peak_rss: $mib MiB"
tm send-keys -t r Q
exit 0
