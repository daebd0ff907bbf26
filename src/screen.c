/*
 * The screen: ncursesw and the terminal.  Set-up and tear-down (UTF-8
 * check, newterm, colours and NO_COLOR, mouse, the terminal's bidi mode,
 * signals), input normalised to key codes, and painting: visual lines
 * from the layout become cchar_t cells (a spacing character and its
 * marks, never an orphan mark) written with mvadd_wchnstr, which neither
 * wraps nor interprets controls.  What to paint is the views'.
 */
#include "config.h"

#include "akhbar/screen.h"

#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>

#include <ncursesw/curses.h>

#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/keys.h"

#define BIDI_EXPLICIT "\033[8l"	/* RM BDSM: the app does bidi */
#define BIDI_IMPLICIT "\033[8h"	/* SM BDSM: the terminal does */
#define MAXPAIRS 64

static struct {
	SCREEN *sp;
	int active;
	int explicit_bidi;	/* we sent CSI 8 l */
	enum ak_bidi_mode mode;
	int shape;
	int colors;
	int mouse;
	attr_t attr[AK_NCOLORS];
	short pair[AK_NCOLORS];
	int colored[AK_NCOLORS];	/* has a colour of its own */
	short pfg[MAXPAIRS], pbg[MAXPAIRS];
	int npairs;
	int cursor;		/* curs_set state */
} scr;

static volatile sig_atomic_t pending_sig;

int
ak_screen_check_locale(struct ak_error *err)
{
	const char *cs = nl_langinfo(CODESET);

	if (cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0))
		return AK_OK;
	return ak_error_set(err, AK_EINVAL, "the reader needs a UTF-8 locale "
		"(this one is %s); try LANG=C.UTF-8 or ar_EG.UTF-8 "
		"(see 'locale -a')", cs && *cs ? cs : "unknown");
}

static void
on_signal(int sig)
{
	pending_sig = sig;
}

static void
set_handlers(int on)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGTSTP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on ? on_signal : SIG_DFL;
	sa.sa_flags = 0;	/* no SA_RESTART: get_wch returns */
	for (i = 0; i < sizeof sigs / sizeof *sigs; i++)
		sigaction(sigs[i], &sa, NULL);
}

static attr_t
style_attr(unsigned s)
{
	attr_t a = A_NORMAL;

	if (s & AK_STYLE_BOLD)
		a |= A_BOLD;
	if (s & AK_STYLE_DIM)
		a |= A_DIM;
	if (s & AK_STYLE_UNDERLINE)
		a |= A_UNDERLINE;
	if (s & AK_STYLE_REVERSE)
		a |= A_REVERSE;
	if (s & AK_STYLE_ITALIC)
		a |= A_ITALIC;
	if (s & AK_STYLE_STANDOUT)
		a |= A_STANDOUT;
	return a;
}

static short
pair_for(int fg, int bg)
{
	int i;

	if (fg >= COLORS)
		fg = -1;
	if (bg >= COLORS)
		bg = -1;
	if (fg < 0 && bg < 0)
		return 0;
	for (i = 0; i < scr.npairs; i++)
		if (scr.pfg[i] == fg && scr.pbg[i] == bg)
			return (short)(i + 1);
	if (scr.npairs >= MAXPAIRS || scr.npairs + 1 >= COLOR_PAIRS)
		return 0;
	i = scr.npairs++;
	scr.pfg[i] = (short)fg;
	scr.pbg[i] = (short)bg;
	init_pair((short)(i + 1), (short)fg, (short)bg);
	return (short)(i + 1);
}

static void
setup_colors(const struct ak_options *o)
{
	const char *nc = getenv("NO_COLOR");
	size_t i;

	scr.colors = o->colors && !(nc && *nc) && has_colors();
	if (scr.colors) {
		start_color();
		if (use_default_colors() != OK)
			scr.colors = 0;
	}
	for (i = 0; i < AK_NCOLORS; i++) {
		const struct ak_style *s = &o->styles[i];

		if (scr.colors) {
			scr.attr[i] = style_attr(s->style);
			scr.pair[i] = pair_for(s->fg, s->bg);
			scr.colored[i] = scr.pair[i] != 0;
		} else {
			scr.attr[i] = style_attr(s->mono);
			scr.pair[i] = 0;
			scr.colored[i] = 0;
		}
	}
}

static void
write_all(const char *s)
{
	size_t n = strlen(s);
	ssize_t w;

	while (n > 0) {
		w = write(STDOUT_FILENO, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

int
ak_screen_init(const struct ak_options *o, struct ak_error *err)
{
	if (scr.active)
		return AK_OK;
	memset(&scr, 0, sizeof scr);
	scr.sp = newterm(NULL, stdout, stdin);
	if (!scr.sp)
		return ak_error_set(err, AK_EIO, "cannot use the terminal "
			"(TERM=%s)", getenv("TERM") ? getenv("TERM") : "");
	set_term(scr.sp);
	scr.active = 1;
	scr.mode = o->bidi;
	scr.shape = o->shaping;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	meta(stdscr, TRUE);
	set_escdelay(25);
	/* Wake now and then to look at the signal flag. */
	wtimeout(stdscr, 250);
	curs_set(0);
	setup_colors(o);
	if (o->mouse) {
		scr.mouse = mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED |
			BUTTON5_PRESSED, NULL) != 0;
		mouseinterval(0);
	}
	if (scr.mode == AK_BIDI_APP) {
		/*
		 * Straight to the terminal, after curses has set it up:
		 * putp() would go through stdio's buffer and reach the
		 * terminal only at exit, after CSI 8 h.
		 */
		refresh();
		write_all(BIDI_EXPLICIT);
		scr.explicit_bidi = 1;
	}
	set_handlers(1);
	return AK_OK;
}

void
ak_screen_fini(void)
{
	if (!scr.active)
		return;
	if (scr.mouse)
		mousemask(0, NULL);
	curs_set(1);
	endwin();
	if (scr.explicit_bidi)
		write_all(BIDI_IMPLICIT);
	set_handlers(0);
	delscreen(scr.sp);
	scr.active = 0;
	scr.sp = NULL;
}

void
ak_screen_suspend(void)
{
	struct sigaction sa;

	if (!scr.active)
		return;
	endwin();
	if (scr.explicit_bidi)
		write_all(BIDI_IMPLICIT);
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGTSTP, &sa, NULL);
	raise(SIGTSTP);		/* stops here until SIGCONT */
	set_handlers(1);
	if (scr.explicit_bidi)
		write_all(BIDI_EXPLICIT);
	clearok(curscr, TRUE);
	refresh();
}

int
ak_screen_run(char *const argv[])
{
	static const int dfl[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTERM, SIGHUP };
	struct sigaction ign, old_int, old_quit, old_tstp;
	int status = 0;
	size_t i;
	pid_t pid;

	if (scr.active) {
		endwin();
		if (scr.explicit_bidi)
			write_all(BIDI_IMPLICIT);
	}
	memset(&ign, 0, sizeof ign);
	sigemptyset(&ign.sa_mask);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	/* C-z stops both, and fg brings both back */
	ign.sa_handler = SIG_DFL;
	sigaction(SIGTSTP, &ign, &old_tstp);
	pid = fork();
	if (pid == 0) {
		for (i = 0; i < sizeof dfl / sizeof *dfl; i++)
			signal(dfl[i], SIG_DFL);
		execvp(argv[0], argv);
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	sigaction(SIGTSTP, &old_tstp, NULL);
	if (scr.active) {
		if (scr.explicit_bidi)
			write_all(BIDI_EXPLICIT);
		clearok(curscr, TRUE);
		refresh();
	}
	if (pid < 0)
		return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void
ak_screen_size(int *rows, int *cols)
{
	*rows = scr.active ? LINES : 24;
	*cols = scr.active ? COLS : 80;
}

void
ak_screen_read(struct ak_input *in)
{
	MEVENT ev;
	wint_t wc;
	int rc;

	memset(in, 0, sizeof *in);
	in->type = AK_IN_NONE;
	if (pending_sig) {
		in->type = AK_IN_SIGNAL;
		in->sig = pending_sig;
		pending_sig = 0;
		return;
	}
	rc = wget_wch(stdscr, &wc);
	if (rc == ERR) {
		if (pending_sig) {
			in->type = AK_IN_SIGNAL;
			in->sig = pending_sig;
			pending_sig = 0;
		}
		return;
	}
	if (rc == KEY_CODE_YES && wc == KEY_RESIZE) {
		in->type = AK_IN_RESIZE;
		return;
	}
	if (rc == KEY_CODE_YES && wc == KEY_MOUSE) {
		if (getmouse(&ev) != OK)
			return;
		in->y = ev.y;
		in->x = ev.x;
		if (ev.bstate & BUTTON4_PRESSED)
			in->button = AK_MOUSE_WHEEL_UP;
		else if (ev.bstate & BUTTON5_PRESSED)
			in->button = AK_MOUSE_WHEEL_DOWN;
		else if (ev.bstate & BUTTON1_PRESSED)
			in->button = AK_MOUSE_CLICK;
		else
			return;
		in->type = AK_IN_MOUSE;
		return;
	}
	in->type = AK_IN_KEY;
	in->key = ak_key_normalize((int)wc, rc == KEY_CODE_YES);
}

void
ak_screen_layout_opts(struct ak_layout_opts *o, int width, enum ak_dir dir)
{
	memset(o, 0, sizeof *o);
	o->width = width;
	o->dir = dir;
	o->mode = scr.active ? scr.mode : AK_BIDI_APP;
	o->shape = scr.active ? scr.shape : 1;
}

void
ak_screen_erase(void)
{
	if (scr.active)
		erase();
}

static void
fill_attr(int y, int x, int w, attr_t a, short pair)
{
	cchar_t blank;
	wchar_t sp[2] = { L' ', L'\0' };
	int i;

	setcchar(&blank, sp, a, pair, NULL);
	for (i = 0; i < w; i++)
		mvadd_wch(y, x + i, &blank);
}

void
ak_screen_fill(int y, int x, int w, enum ak_color_id c)
{
	if (!scr.active || w <= 0)
		return;
	fill_attr(y, x, w, scr.attr[c], scr.pair[c]);
}

/* The element a cell's layout attributes ask for, else base. */
static enum ak_color_id
cell_element(uint16_t a, enum ak_color_id base)
{
	if (a & AK_ATTR_HIT)
		return AK_C_HIT;
	if (a & AK_ATTR_LINK)
		return AK_C_LINK;
	if (a & AK_ATTR_TITLE)
		return AK_C_TITLE;
	if (a & AK_ATTR_SUBTITLE)
		return AK_C_SUBTITLE;
	if (a & AK_ATTR_HEADING)
		return AK_C_HEADING;
	if (a & AK_ATTR_CREDIT)
		return AK_C_CREDIT;
	if (a & AK_ATTR_CAPTION)
		return AK_C_CAPTION;
	if (a & AK_ATTR_SUMMARY)
		return AK_C_SUMMARY;
	if (a & AK_ATTR_QUOTE)
		return AK_C_QUOTE;
	if (a & AK_ATTR_META)
		return AK_C_META;
	if (a & AK_ATTR_DIM)
		return AK_C_DIM;
	return base;
}

static void
look(enum ak_color_id c, int over, attr_t *a, short *pair)
{
	*a = scr.attr[c];
	*pair = scr.pair[c];
	if (over >= 0 && over < AK_NCOLORS) {
		*a |= scr.attr[over];
		if (scr.colored[over])
			*pair = scr.pair[over];
	}
}

int
ak_screen_vline(int y, int x, int w, const struct ak_vline *l,
	enum ak_color_id base, int over)
{
	cchar_t cc[256];
	wchar_t wch[AK_CELL_MAXCH + 1];
	size_t i, n = 0;
	int col, cx;
	attr_t a;
	short pair;

	if (!scr.active || w <= 0 || !l)
		return 0;
	col = l->indent < w ? l->indent : w;
	cx = x + col;
	for (i = 0; i < l->ncells; i++) {
		const struct ak_cell *c = &l->cells[i];
		size_t k, m = 0;
		int cw = c->width ? c->width : 1;

		if (col + cw > w)
			break;
		for (k = 0; k < c->nch && k < AK_CELL_MAXCH; k++)
			wch[m++] = (wchar_t)c->ch[k];
		wch[m] = L'\0';
		if (m == 0 || wcwidth(wch[0]) < 1) {
			/* Never an orphan mark or a control: a space. */
			wch[0] = L' ';
			wch[1] = L'\0';
		}
		look(cell_element(c->attr, base), over, &a, &pair);
		setcchar(&cc[n++], wch, a, pair, NULL);
		col += cw;
		if (cw > 1 || n == sizeof cc / sizeof *cc) {
			/* Wide characters one by one: ncurses places them. */
			mvadd_wchnstr(y, cx, cc, (int)n);
			cx = x + col;
			n = 0;
		}
	}
	if (n)
		mvadd_wchnstr(y, cx, cc, (int)n);
	return col;
}

int
ak_screen_text(int y, int x, int w, const char *s, enum ak_dir dir,
	enum ak_align align, enum ak_color_id c, int over)
{
	struct ak_layout_opts o;
	struct ak_vline l;
	int used;

	if (w <= 0 || !s)
		return 0;
	ak_screen_layout_opts(&o, w, dir);
	if (ak_layout_line(s, strlen(s), &o, &l, NULL) != AK_OK)
		return 0;
	if (align == AK_ALIGN_LEFT)
		l.indent = 0;
	else if (align == AK_ALIGN_RIGHT)
		l.indent = w > l.width ? w - l.width : 0;
	ak_screen_vline(y, x, w, &l, c, over);
	used = l.width;
	ak_vline_release(&l);
	return used;
}

int
ak_screen_text_width(const char *s)
{
	struct ak_layout_opts o;
	struct ak_vline l;
	int wd;

	ak_screen_layout_opts(&o, 0, AK_DIR_AUTO);
	if (ak_layout_line(s, strlen(s), &o, &l, NULL) != AK_OK)
		return 0;
	wd = l.width;
	ak_vline_release(&l);
	return wd;
}

void
ak_screen_cursor(int y, int x)
{
	int want = y >= 0;

	if (!scr.active)
		return;
	if (want != scr.cursor) {
		curs_set(want ? 1 : 0);
		scr.cursor = want;
	}
	if (want)
		move(y, x);
}

void
ak_screen_flush(void)
{
	if (scr.active)
		refresh();
}

void
ak_screen_invalidate(void)
{
	if (scr.active)
		clearok(curscr, TRUE);
}
