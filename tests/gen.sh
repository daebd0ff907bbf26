# Synthetic news for the crash and concurrency tests, made on the spot
# (CI runs on a clean clone: no corpus).  Source it after lib.sh:
#
#   gen_pages DIR FIRST N SEED   pages DIR/page-NNNNN.txt, numbered from
#                                FIRST: a title, a byline, 3-8 paragraphs of
#                                Arabic with some English and digits, and
#                                for most a «أخبار ذات صلة» list naming
#                                other pages' titles (refs)
#   gen_feed FILE FIRST N SEED [NAME]
#                                an RSS 2.0 feed of N items (guid, link,
#                                title, date, paragraphs), from FIRST
#
# The same arguments give the same bytes (awk's rand with the seed).
# Titles carry their number, so each page is its own story.

gen_awk='
BEGIN {
	srand(seed)
	nw = split("الحكومة البرلمان وزير الخارجية الداخلية الاقتصاد النفط " \
	"الأسواق المالية البنك المركزي التضخم الأسعار الانتخابات الرئاسة " \
	"المعارضة الاتفاق المفاوضات الأمم المتحدة مجلس الأمن القمة العربية " \
	"بغداد القاهرة الرياض بيروت دمشق عمان الرباط تونس الجزائر الخرطوم " \
	"غزة القدس الضفة الحدود اللاجئين المساعدات الإنسانية المنظمة الصحة " \
	"المدارس الجامعة الطلاب المعلمين الكهرباء المياه الجفاف الأمطار " \
	"الزراعة القمح التجارة الصادرات الواردات الميناء المطار الطرق " \
	"المشروع التمويل الاستثمار الشركات العمال الأجور البطالة الشباب " \
	"النساء الأطفال المستشفى الأطباء اللقاح المرض الحريق الفيضان " \
	"الشرطة الجيش القوات الهجوم الهدنة السلام الحوار المبادرة " \
	"قال أعلن أكد أضاف أوضح حذر دعا طالب رفض وافق اجتمع زار " \
	"أمس اليوم الأسبوع الماضي المقبل خلال بعد قبل في على من إلى " \
	"عن مع أن إن التي الذي هذه هذا بين حول أكثر أقل نحو نسبة مليون " \
	"مليار دولار جنيه دينار ريال بالمئة المرحلة الثانية الأولى الجديدة " \
	"المحلية الدولية الإقليمية العامة الخاصة الرسمية «التحالف» «الأونروا» " \
	"(رويترز) (أ.ف.ب) Reuters UN IMF OPEC COVID-19 2024 2023 15 30 250 1.5 ٢٠٢٤ ٣٠", w, " ")
	nc = split("بغداد القاهرة الرياض بيروت دمشق عمان الرباط تونس", city, " ")
	nn = split("حمزة_مصطفى سعيد_الأحمد ليلى_حسن محمد_علي نور_الهدى كريم_سالم", who, " ")
	nm = split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", mon, " ")
}
function word() { return w[int(rand() * nw) + 1] }
function words(n,   s, i) {
	s = word()
	for (i = 1; i < n; i++)
		s = s " " word()
	return s
}
function title(k,   r) {
	# a title per number: the same k gives the same title everywhere
	r = rand(); srand(k * 7919 + 17)
	t = words(5 + int(rand() * 5)) " " k
	srand(int(r * 2147483647))
	return t
}
function by() { return who[int(rand() * nn) + 1] }
function page(k, file,   i, np, nr, r) {
	print title(k) > file
	print "" > file
	if (rand() < 0.5) {
		print words(10 + int(rand() * 10)) > file
		print "" > file
	}
	b = by(); gsub(/_/, " ", b)
	print b " ـ " city[int(rand() * nc) + 1] > file
	print "" > file
	np = 3 + int(rand() * 6)
	for (i = 0; i < np; i++) {
		print words(20 + int(rand() * 40)) "." > file
		print "" > file
	}
	if (rand() < 0.7) {
		print "أخبار ذات صلة" > file
		print "" > file
		# distinct numbers, never the page itself
		nr = 1 + int(rand() * 3)
		r = int(rand() * total)
		for (i = 0; i < nr; i++)
			if ((r + i * 37) % total + 1 != k)
				print title((r + i * 37) % total + 1) > file
	}
	close(file)
}
function esc(s) {
	gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s)
	return s
}
function item(k,   i, np, d) {
	d = 1 + (k % 28)
	print "  <item>"
	print "    <title>" esc(title(k)) "</title>"
	print "    <link>https://news.example/" name "/" k "</link>"
	print "    <guid>" name "-" k "</guid>"
	printf "    <pubDate>Mon, %02d %s 2024 %02d:%02d:00 GMT</pubDate>\n", d, mon[1 + k % 12], k % 24, k % 60
	print "    <description><![CDATA["
	np = 2 + int(rand() * 5)
	for (i = 0; i < np; i++)
		print "<p>" words(20 + int(rand() * 30)) ".</p>"
	print "]]></description>"
	print "  </item>"
}
'

gen_pages() {
	mkdir -p "$1"
	awk -v seed="$4" -v first="$2" -v n="$3" -v dir="$1" "$gen_awk"'
	BEGIN {
		total = first + n - 1
		for (k = first; k < first + n; k++)
			page(k, sprintf("%s/page-%05d.txt", dir, k))
	}'
}

gen_feed() {
	awk -v seed="$4" -v first="$2" -v n="$3" -v name="${5:-feed}" "$gen_awk"'
	BEGIN {
		total = first + n - 1
		print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		print "<rss version=\"2.0\"><channel>"
		print "  <title>أخبار " name "</title>"
		print "  <link>https://news.example/" name "/</link>"
		print "  <language>ar</language>"
		for (k = first; k < first + n; k++)
			item(k)
		print "</channel></rss>"
	}' >"$1"
}
