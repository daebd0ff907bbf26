#!/bin/sh
# Subscriptions end to end: a 50-feed OPML as another reader exports it
# (folders, text and title, htmlUrl) imported and updated against 50 feeds
# served from 127.0.0.1 by this test (one of them gone: 404), akhbar
# feeds, subscribe, unsubscribe (articles kept or deleted, never guessed),
# the OPML round trip, newsboat's OPML, and prune (starred ones kept, the
# search index and related stories consistent).  Prints TAP.
. "$SRCDIR/tests/lib.sh"
PY=$(command -v python3 || true)
NTESTS=27
plan $NTESTS
if [ -z "$PY" ]; then
	i=0
	while [ $i -lt $NTESTS ]; do
		i=$((i + 1))
		skip_test "feeds test $i" "python3 not found"
	done
	exit 0
fi

server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$T"' EXIT
"$PY" "$SRCDIR/tests/feedserver.py" "$T" &
server_pid=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
base="http://127.0.0.1:$(cat "$T/port" 2>/dev/null)"

# A 50-feed OPML as an online reader exports it: folders (categories),
# text and title, htmlUrl, type; one feed listed in two folders.
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<opml version="1.0"><head><title>My subscriptions in a reader</title></head><body>'
	n=1
	for folder in "أخبار" "اقتصاد" "رياضة" "ثقافة" "Tech"; do
		echo "<outline text=\"$folder\" title=\"$folder\">"
		k=0
		while [ $k -lt 10 ]; do
			echo "<outline type=\"rss\" text=\"مصدر $n\" title=\"مصدر $n\" xmlUrl=\"$base/feed/$n.xml\" htmlUrl=\"http://127.0.0.1/$n/\"/>"
			n=$((n + 1))
			k=$((k + 1))
		done
		echo "</outline>"
	done
	echo "<outline text=\"مكرر\"><outline type=\"rss\" text=\"مصدر 1\" xmlUrl=\"$base/feed/1.xml\"/></outline>"
	echo '</body></opml>'
} >"$T/reader.opml"

# 1-3: import the OPML: 50 feeds, named as it names them
run "$AKHBAR" opml import "$T/reader.opml"
expect_rc "opml import: status 0" 0
contains "opml import: 50 feeds subscribed" "$out" "50 feeds: 50 subscribed, 0 already"
run "$AKHBAR" feeds
if [ "$(nlines "$out")" -eq 50 ] &&
    printf '%s\n' "$out" | grep -q "	مصدر 37	$base/feed/37.xml	never	-	0	0\$"; then
	ok "akhbar feeds lists the 50, with their names, never updated"
else
	not_ok "akhbar feeds lists the 50, with their names, never updated" "$out"
fi

# 4-7: update: 49 feeds fetched at once, one failing with one line
run "$AKHBAR" update
expect_rc "update: status 1 (a feed failed)" 1
if [ "$(nlines "$err")" -eq 1 ] && printf '%s' "$err" | grep -q "feed/13.xml" &&
    printf '%s' "$err" | grep -q 404; then
	ok "update: one line for the failed feed"
else
	not_ok "update: one line for the failed feed" "$err"
fi
n=$("$AKHBAR" list | wc -l)
[ "$n" -eq 98 ] && ok "update: the 49 feeds' 98 articles" ||
	not_ok "update: the 49 feeds' 98 articles" "$n"
run "$AKHBAR" feeds --json
chk=$(printf '%s' "$out" | "$PY" -c '
import json, sys
f = {x["url"].rsplit("/", 1)[1]: x for x in json.load(sys.stdin)}
ok = f["13.xml"]["status"] == "error" and "404" in (f["13.xml"]["error"] or "")
ok = ok and not f["13.xml"]["error"].startswith("http")
ok = ok and f["13.xml"]["articles"] == 0
ok = ok and all(f["%d.xml" % n]["status"] == "ok" and
    f["%d.xml" % n]["articles"] == 2 and f["%d.xml" % n]["unread"] == 2 and
    f["%d.xml" % n]["last_update"] for n in range(1, 51) if n != 13)
print("fine" if ok else "bad")' 2>&1)
[ "$chk" = fine ] && ok "feeds --json: status, error, last update and counts per feed" ||
	not_ok "feeds --json: status, error, last update and counts per feed" "$chk" "$out"

# 8: update again: conditional GET, nothing new
run "$AKHBAR" update
if [ "$(printf '%s\n' "$out" | grep -c 'not modified')" -eq 49 ] &&
    [ "$("$AKHBAR" list | wc -l)" -eq 98 ]; then
	ok "update again: 49 not modified (ETag), nothing added"
else
	not_ok "update again: 49 not modified (ETag), nothing added" "$out" "$err"
fi

# 9-10: the OPML round trip: exported, imported into a fresh cache
run "$AKHBAR" opml export -o "$T/out.opml"
expect_rc "opml export -o FILE" 0
"$AKHBAR" --db "$T/rt.db" opml import "$T/out.opml" >/dev/null 2>&1
"$AKHBAR" feeds | cut -f2,3 >"$T/a"
"$AKHBAR" --db "$T/rt.db" feeds | cut -f2,3 >"$T/b"
if [ -s "$T/a" ] && cmp -s "$T/a" "$T/b"; then
	ok "opml: exported and imported again, the same feeds and names"
else
	not_ok "opml: exported and imported again, the same feeds and names" \
		"$(diff "$T/a" "$T/b" | head -5)"
fi

# 11-12: newsboat's OPML (flat, title and text), read too; a feed
# already subscribed keeps its name
cat >"$T/newsboat.opml" <<EON
<?xml version="1.0"?>
<opml version="1.0">
  <head>
    <title>newsboat - Exported Feeds</title>
  </head>
  <body>
    <outline type="rss" xmlUrl="$base/feed/51.xml" htmlUrl="http://127.0.0.1/51/" title="صحيفة" text="صحيفة"/>
    <outline type="rss" xmlUrl="$base/feed/2.xml" htmlUrl="http://127.0.0.1/2/" title="اسم آخر" text="اسم آخر"/>
  </body>
</opml>
EON
run "$AKHBAR" opml import "$T/newsboat.opml"
contains "newsboat's OPML: one new, one already" "$out" "2 feeds: 1 subscribed, 1 already"
run "$AKHBAR" feeds
if printf '%s\n' "$out" | grep -q "	صحيفة	$base/feed/51.xml	" &&
    printf '%s\n' "$out" | grep -q "	مصدر 2	$base/feed/2.xml	"; then
	ok "newsboat's names taken; a subscribed feed keeps its own"
else
	not_ok "newsboat's names taken; a subscribed feed keeps its own" "$out"
fi

# 13-15: subscribe: a name, a bad URL, an OPML that is not OPML
run "$AKHBAR" subscribe "$base/feed/52.xml" --name "الاسم الذي اخترته"
expect_rc "subscribe URL --name: status 0" 0
run "$AKHBAR" subscribe "file:///etc/passwd"
expect_rc "subscribe: a URL that is not http(s) is a usage error" 2
printf '<rss version="2.0"><channel/></rss>\n' >"$T/not.opml"
run "$AKHBAR" opml import "$T/not.opml"
if [ "$rc" -eq 1 ] && [ "$(nlines "$err")" -eq 1 ]; then
	contains "opml import of something else: one line, status 1" "$err" "not OPML"
else
	not_ok "opml import of something else: one line, status 1" "$rc" "$err"
fi

# the OPML parser reads no file and expands no entity bomb
printf 'secret-%s\n' "$$" >"$T/secret"
cat >"$T/xxe.opml" <<EOX
<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY x SYSTEM "file://$T/secret">]>
<opml version="2.0"><body><outline text="&x;" xmlUrl="$base/feed/53.xml"/></body></opml>
EOX
"$AKHBAR" --db "$T/x.db" opml import "$T/xxe.opml" >/dev/null 2>&1
if ! "$AKHBAR" --db "$T/x.db" feeds 2>&1 | grep -q "secret-"; then
	ok "opml: an external entity is not read"
else
	not_ok "opml: an external entity is not read" "$("$AKHBAR" --db "$T/x.db" feeds)"
fi
{
	echo '<?xml version="1.0"?><!DOCTYPE opml ['
	echo '<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
	p=a
	for l in b c d e f g h i j; do
		echo "<!ENTITY $l \"&$p;&$p;&$p;&$p;&$p;&$p;&$p;&$p;&$p;&$p;\">"
		p=$l
	done
	echo "]><opml version=\"2.0\"><body><outline text=\"&j;\" xmlUrl=\"$base/feed/54.xml\"/></body></opml>"
} >"$T/laughs.opml"
run "$AKHBAR" --db "$T/l.db" opml import "$T/laughs.opml"
size=$(wc -c <"$T/l.db" 2>/dev/null || echo 0)
if [ "$size" -lt 5000000 ]; then
	ok "opml: an entity bomb is not expanded ($rc)"
else
	not_ok "opml: an entity bomb is not expanded" "$rc" "$err" "cache: $size bytes"
fi

# 16-19: unsubscribe: never guesses; keeps or deletes the articles
run "$AKHBAR" unsubscribe "مصدر 3"
expect_rc "unsubscribe a feed with articles, no choice: usage error" 2
run "$AKHBAR" unsubscribe "مصدر 3" --keep-articles
if [ "$rc" -eq 0 ] && [ "$("$AKHBAR" list | wc -l)" -eq 98 ] &&
    ! "$AKHBAR" feeds | grep -q "/feed/3.xml"; then
	ok "unsubscribe --keep-articles: the feed goes, its articles stay"
else
	not_ok "unsubscribe --keep-articles: the feed goes, its articles stay" "$rc" "$out" "$err"
fi
run "$AKHBAR" unsubscribe "$base/feed/4.xml" --delete-articles
if [ "$rc" -eq 0 ] && [ "$("$AKHBAR" list | wc -l)" -eq 96 ]; then
	contains "unsubscribe --delete-articles: its 2 articles go" "$out" "2 articles deleted"
else
	not_ok "unsubscribe --delete-articles: its 2 articles go" "$rc" "$out" "$err"
fi
run "$AKHBAR" search "المصدر 4"
if ! printf '%s\n' "$out" | grep -q "رقم 4 "; then
	ok "... and the search index forgot them"
else
	not_ok "... and the search index forgot them" "$out"
fi

# 20-24: prune: the 400-day-old items, but not a starred one; the search
# index and related stories follow
old=$("$AKHBAR" list | grep -F "تقرير قديم رقم 7 " | cut -f1)
sqlite3 "$DB" "UPDATE articles SET starred = 1 WHERE id = $old" 2>/dev/null
run "$AKHBAR" prune --older-than 30 --dry-run
if [ "$rc" -eq 0 ] && [ "$("$AKHBAR" list | wc -l)" -eq 96 ]; then
	contains "prune --dry-run: says how many, deletes nothing" "$out" "would prune 47 articles"
else
	not_ok "prune --dry-run: says how many, deletes nothing" "$rc" "$out" "$err"
fi
run "$AKHBAR" prune --older-than 30
left=$("$AKHBAR" list | wc -l)
if [ "$rc" -eq 0 ] && [ "$left" -eq 49 ] &&
    "$AKHBAR" list | grep -q "^$old	"; then
	ok "prune --older-than 30: the old ones go, the starred one stays"
else
	not_ok "prune --older-than 30: the old ones go, the starred one stays" \
		"$rc" "$out" "$err" "left: $left"
fi
run "$AKHBAR" search "موسم الحصاد"
if [ "$(printf '%s\n' "$out" | grep -c 'تقرير قديم رقم')" -eq 1 ]; then
	ok "prune: the search finds only the one kept"
else
	not_ok "prune: the search finds only the one kept" "$out"
fi
bad=
for id in $("$AKHBAR" list | cut -f1); do
	for r in $("$AKHBAR" related "$id" 2>/dev/null | cut -f1 | grep -v -- -); do
		"$AKHBAR" list | grep -q "^$r	" || bad="$bad $id>$r"
	done
done
[ -z "$bad" ] && ok "prune: no related story names a pruned article" ||
	not_ok "prune: no related story names a pruned article" "$bad"
mkdir -p "$T/config/akhbar"
printf 'set keep-days 1000\n' >"$T/config/akhbar/config"
run "$AKHBAR" prune --dry-run
contains "prune without --older-than: keep-days from the config" "$out" "older than 1000 days"

# 27: a feed subscribed without a name is known by its own title once
# updated: listed, and unsubscribed, by it
run "$AKHBAR" subscribe "$base/feed/53.xml"
"$AKHBAR" update >/dev/null 2>&1
name=$("$AKHBAR" feeds | grep "	$base/feed/53.xml	" | cut -f2)
run "$AKHBAR" unsubscribe "مصدر 53" --keep-articles
if [ "$name" = "مصدر 53" ] && [ "$rc" -eq 0 ]; then
	ok "a feed without a name takes the feed's own title"
else
	not_ok "a feed without a name takes the feed's own title" "$name" "$rc" "$err"
fi

[ "$tap_failed" -eq 0 ]
