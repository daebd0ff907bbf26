# Helpers for the tests that drive the reader in tmux (send-keys,
# capture-pane).  Source it after lib.sh:
#   . "$SRCDIR/tests/tmux.sh"
#   tmux_plan N		# the plan; all N skipped (and exit) without tmux
# Gives tm, start, reader_pid, screen, show, keys, poll, shows*, wait_*,
# and visual ID (the visual form of an article's title, from $T/list).

TMUX_BIN=${TMUX_BIN:-$(command -v tmux 2>/dev/null)}
SOCK=akhbar-test-$$
tm() { "$TMUX_BIN" -L "$SOCK" -f /dev/null "$@"; }

tmux_plan() {
	plan "$1"
	if [ -z "$TMUX_BIN" ] || ! "$TMUX_BIN" -V >/dev/null 2>&1; then
		i=0
		while [ $i -lt "$1" ]; do
			i=$((i + 1))
			skip_test "reader test $i" "tmux is not installed"
		done
		exit 0
	fi
	trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT
}

# config [LINE...]: the reader's config file ($T/config/akhbar/config):
# `set language en` (the samples are Arabic: without it the interface
# would be Arabic too, and the tests read English words), then the lines
config() {
	mkdir -p "$T/config/akhbar"
	{ echo "set language en"; for l in "$@"; do echo "$l"; done; } \
		>"$T/config/akhbar/config"
}

# visual ID: the visual form of article ID's title ($T/list: akhbar list)
visual() {
	grep "^$1	" "$T/list" | cut -f5 | "$AKHBAR" render --width 0 |
		sed 's/^ *//'
}

# vis TEXT: its visual form on one line
vis() { printf '%s\n' "$1" | "$AKHBAR" render --width 0 | sed 's/^ *//'; }

# start NAME W H [ENV=VALUE...]: the reader in a new session; a line
# "akhbar-exit=STATUS" shows on the normal screen when it has left
start() {
	name=$1 w=$2 h=$3
	shift 3
	tm new-session -d -s "$name" -x "$w" -y "$h" -c "$T" \
		"env LC_ALL=C.UTF-8 TERM=tmux-256color NO_COLOR=1 \
		XDG_CONFIG_HOME='$T/config' $* '$AKHBAR' --db '$DB'; \
		echo akhbar-exit=\$?; exec sleep 600"
}

# reader_pid NAME: the pid of the reader under the pane's shell
reader_pid() {
	shell=$(tm display -p -t "$1" '#{pane_pid}')
	ps -eo pid=,ppid= | while read -r p pp; do
		if [ "$pp" = "$shell" ]; then
			echo "$p"
			break
		fi
	done
}

screen() { tm capture-pane -p -t "$1"; }

# poll CMD...: run CMD every 20 ms until it succeeds (5 s at most)
poll() {
	i=0
	while [ $i -lt 250 ]; do
		"$@" && return 0
		sleep 0.02
		i=$((i + 1))
	done
	return 1
}

shows() { screen "$1" | grep -qF -- "$2"; }
shows_top() { screen "$1" | sed -n 2,3p | grep -qF -- "$2"; }
shows_re() { screen "$1" | grep -qE -- "$2"; }
gone() { ! shows "$1" "$2"; }

# wait_for NAME TEXT: until TEXT shows; wait_top: on the first lines of
# the body; wait_re: an extended regular expression; wait_gone: until
# TEXT is no longer on the screen
wait_for() { poll shows "$1" "$2"; }
wait_top() { poll shows_top "$1" "$2"; }
wait_re() { poll shows_re "$1" "$2"; }
wait_gone() { poll gone "$1" "$2"; }

keys() { tm send-keys -t "$@"; }

# show NAME: the screen as a TAP diagnostic
show() { screen "$1" | sed 's/^/  |/'; }
