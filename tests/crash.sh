#!/bin/sh
# Crash safety: a large import killed with SIGKILL at 10 random moments.
# After each kill the cache must pass PRAGMA integrity_check and every
# article in it must be whole: all its blocks and refs (as many as an
# uninterrupted import gives it), exactly one search entry, no related,
# refs or vector rows of missing articles, the counts the triggers keep
# right, a feed's items all there or none; and nothing that had landed is
# lost.  Then the same import, run again, completes it (the same articles
# as the uninterrupted one), and a second run changes nothing.
#
# The input is made here (tests/gen.sh): CI has no corpus.  The import
# commits every 50 articles (AKHBAR_IMPORT_BATCH), so that kills fall
# both inside transactions and after some have committed.
# AKHBAR_CRASH_SEED=N replays the kill moments of a run (its seed is
# printed); AKHBAR_CRASH_PAGES=N changes the size (default 800 pages and
# a feed of 200 items).
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/gen.sh"

KILLS=10
NPAGES=${AKHBAR_CRASH_PAGES:-800}
NITEMS=200
SEED=${AKHBAR_CRASH_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
plan $((KILLS * 2 + 4))
echo "# seed $SEED (AKHBAR_CRASH_SEED=$SEED replays these kill moments)"

gen_pages "$T/in" 1 "$NPAGES" 1
# a feed in the middle of the walk: 200 articles in one input
gen_feed "$T/in/page-$(printf %05d $((NPAGES / 2))).xml" 100001 "$NITEMS" 2 crash
want=$((NPAGES + NITEMS))
BATCH=50
export AKHBAR_IMPORT_BATCH=$BATCH

sq() { sqlite3 -batch "${CDB:-$DB}" "$@" 2>&1; }

# whole: prints what is wrong with the cache, nothing when all is well
whole() {
	r=$(sq "PRAGMA integrity_check")
	[ "$r" = ok ] || echo "integrity_check: $r"
	r=$(sq "PRAGMA foreign_key_check")
	[ -z "$r" ] || echo "foreign_key_check: $r"
	sq "
	SELECT 'article ' || id || ' has no blocks' FROM articles a
	 WHERE NOT EXISTS (SELECT 1 FROM blocks WHERE article_id = a.id);
	SELECT 'article ' || article_id || ': blocks not 0..n-1' FROM blocks
	 GROUP BY article_id HAVING min(seq) != 0 OR max(seq) != count(*) - 1;
	SELECT 'article ' || article_id || ': refs not 0..n-1' FROM refs
	 GROUP BY article_id HAVING min(seq) != 0 OR max(seq) != count(*) - 1;
	SELECT 'article ' || id || ': ' || n || ' search entries' FROM
	 (SELECT a.id, (SELECT count(*) FROM art_fts WHERE rowid = a.id) AS n
	  FROM articles a) WHERE n != 1;
	SELECT 'search entry ' || rowid || ' without its article' FROM art_fts
	 WHERE rowid NOT IN (SELECT id FROM articles);
	SELECT 'related ' || article_id || '-' || other_id || ' to a missing article'
	 FROM related WHERE article_id NOT IN (SELECT id FROM articles)
	 OR other_id NOT IN (SELECT id FROM articles);
	SELECT 'ref ' || article_id || '/' || seq || ' of or to a missing article'
	 FROM refs WHERE article_id NOT IN (SELECT id FROM articles)
	 OR (target_id IS NOT NULL AND target_id NOT IN (SELECT id FROM articles));
	SELECT 'vector of a missing article ' || article_id FROM vectors
	 WHERE article_id NOT IN (SELECT id FROM articles);
	SELECT 'postings of an article with no vector ' || article_id
	 FROM postings WHERE article_id NOT IN (SELECT article_id FROM vectors)
	 GROUP BY article_id;
	SELECT 'article_counts ' || c.articles || '/' || c.unread || ' for '
	 || (SELECT count(*) FROM articles) || '/'
	 || (SELECT count(*) FROM articles WHERE read = 0)
	 FROM article_counts c WHERE c.articles != (SELECT count(*) FROM articles)
	 OR c.unread != (SELECT count(*) FROM articles WHERE read = 0);
	SELECT 'the feed has ' || count(*) || ' of its $NITEMS items' FROM articles
	 WHERE guid LIKE 'crash-%' HAVING count(*) NOT IN (0, $NITEMS);"
}

# snapshot FILE: each article's title with its numbers of blocks and refs
# (in the cache $CDB, else $DB)
snapshot() {
	sq "SELECT a.title || char(9) ||
	    (SELECT count(*) FROM blocks WHERE article_id = a.id) || char(9) ||
	    (SELECT count(*) FROM refs WHERE article_id = a.id)
	    FROM articles a" | sort >"$1"
}

# The reference: the same import, not interrupted, into another cache;
# how long it takes sets the scale of the kill moments.
t0=$(date +%s%N)
"$AKHBAR" --db "$T/ref.db" import "$T/in" >/dev/null 2>"$T/ref.err"
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
CDB="$T/ref.db"
snapshot "$T/ref"
CDB=
echo "# the import alone: $ms ms, $(grep -c '' "$T/ref") articles"

# The kill moments.  The first while the cache is being made; then each
# after a random number of inputs has landed in that run (spread over
# what is left, so that the kills fall all along the import) and a random
# time more, up to about one transaction's worth, to land anywhere in the
# next one.
randoms=$(awk -v seed="$SEED" -v n="$KILLS" 'BEGIN {
	srand(seed)
	for (i = 0; i < n; i++)
		printf "%.4f:%.4f\n", rand(), rand()
}')
# landed: inputs that added articles in this run so far
landed() { grep -c ': [1-9][0-9]* added' "$T/out"; }
batch_s=$(awk -v ms="$ms" -v b="$BATCH" -v n="$want" \
	'BEGIN { printf "%.3f", ms / 1000 * b / n }')

k=0
last=0
for r in $randoms; do
	k=$((k + 1))
	u=${r%:*} v=${r#*:}
	bad=
	"$AKHBAR" import "$T/in" >"$T/out" 2>"$T/err" &
	pid=$!
	if [ $k -eq 1 ]; then
		d=$(awk -v v="$v" 'BEGIN { printf "%.3f", 0.005 + v * 0.05 }')
	else
		target=$(awk -v u="$u" -v left=$((want - last)) \
			-v kills=$((KILLS - k + 2)) \
			'BEGIN { print int(u * left / kills) }')
		while kill -0 "$pid" 2>/dev/null && [ "$(landed)" -lt "$target" ]; do
			sleep 0.01
		done
		d=$(awk -v v="$v" -v b="$batch_s" 'BEGIN { printf "%.3f", v * b }')
	fi
	sleep "$d"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	st=$?
	if [ "$st" -eq 137 ]; then how="killed"; else how="had ended ($st)"; fi
	if [ ! -f "$DB" ]; then
		# killed before the cache was made: nothing to check yet
		echo "# kill $k: $how, no cache yet"
		n=0
		ok "kill $k: the cache is whole (not made yet)"
	else
		# akhbar opens it first: its SQLite recovers the log
		stats=$("$AKHBAR" stats 2>&1) || bad="akhbar stats: $stats"
		n=$(sq "SELECT count(*) FROM articles")
		echo "# kill $k: $how, $n articles"
		case $n in ''|*[!0-9]*) bad="$bad
count: $n"; n=0 ;; esac
		bad="$bad$(whole)"
		if [ -z "$bad" ]; then ok "kill $k: the cache is whole"
		else not_ok "kill $k: the cache is whole" "$bad"; fi
	fi
	if grep -q 'locked\|Sanitizer\|runtime error' "$T/err"; then
		not_ok "kill $k: no lock or sanitizer error before the kill" "$(cat "$T/err")"
	elif [ "$n" -lt "$last" ]; then
		not_ok "kill $k: nothing lost ($n articles after $last)"
	else
		ok "kill $k: nothing lost, nothing reported wrong"
	fi
	last=$n
	[ -f "$DB" ] && snapshot "$T/snap.$k"
done

run "$AKHBAR" import "$T/in"
n=$(sq "SELECT count(*) FROM articles")
snapshot "$T/final"
if [ "$rc" -eq 0 ] && [ "$n" = "$want" ] && [ -z "$(whole)" ] &&
   cmp -s "$T/final" "$T/ref"; then
	ok "the import run again completes it ($want articles, as without kills)"
else
	not_ok "the import run again completes it ($want articles, as without kills)" \
		"rc=$rc n=$n" "$(printf '%s\n' "$err" | head -5)" "$(whole)" \
		"$(diff "$T/ref" "$T/final" | head -5)"
fi

torn=
for f in "$T"/snap.*; do
	[ -f "$f" ] || continue
	extra=$(comm -23 "$f" "$T/ref")
	[ -z "$extra" ] || torn="$torn
${f##*/}: $(printf '%s\n' "$extra" | head -3)"
done
if [ -z "$torn" ]; then
	ok "every article seen after a kill had all its blocks and refs"
else
	not_ok "every article seen after a kill had all its blocks and refs" "$torn"
fi

run "$AKHBAR" import "$T/in"
changed=$(printf '%s\n' "$out" | grep -vc ': 0 added, 0 updated, [0-9]* unchanged$')
if [ "$rc" -eq 0 ] && [ "$changed" -eq 0 ] && [ -z "$err" ]; then
	ok "a second run says everything is unchanged"
else
	not_ok "a second run says everything is unchanged" "rc=$rc" \
		"$(printf '%s\n' "$out" | grep -v ': 0 added, 0 updated' | head -5)" "$err"
fi
check "integrity_check at the end" test "$(sq "PRAGMA integrity_check")" = ok
[ "$tap_failed" -eq 0 ]
