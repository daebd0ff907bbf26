/*
 * The screen: ncursesw set-up and tear-down (UTF-8 check, colours,
 * NO_COLOR, mouse, the terminal's bidi mode, signals), input as
 * normalised keys, and painting visual lines from the layout as cchar_t
 * cells.  Article text never goes through addstr: every string is laid
 * out (ak_layout_line) and painted cell by cell with mvadd_wchnstr.
 *
 * In bidi mode `app` the terminal is put in explicit mode (CSI 8 l: it
 * must not reorder what akhbar already reordered) and back in implicit
 * mode (CSI 8 h) on exit, on suspend and when killed by a signal.
 */
#ifndef AKHBAR_SCREEN_H
#define AKHBAR_SCREEN_H

#include <stddef.h>

#include "akhbar/layout.h"
#include "akhbar/options.h"

struct ak_error;

/*
 * Is the locale's character set UTF-8 (nl_langinfo(CODESET))?  setlocale
 * must have run.  Returns AK_OK, or AK_EINVAL with a message that says
 * what to do.
 */
int ak_screen_check_locale(struct ak_error *err);

/*
 * Start curses on the terminal: the options (bidi mode, shaping, colours,
 * theme, mouse) are copied.  Returns AK_OK or AK_EIO.
 */
int ak_screen_init(const struct ak_options *o, struct ak_error *err);
/* Restore the terminal (safe to call twice, or without init). */
void ak_screen_fini(void);
/* Leave curses for the shell (SIGTSTP) and come back. */
void ak_screen_suspend(void);

/*
 * Run a program on the terminal (a browser): leave curses as a suspend
 * does, run argv (execvp), wait for it, and come back with the screen to
 * redraw.  C-c and C-\ reach the program, not the reader (as system()
 * does).  Returns its exit status (128 + a signal), or -1 when it could
 * not be started.
 */
int ak_screen_run(char *const argv[]);

void ak_screen_size(int *rows, int *cols);

enum ak_input_type {
	AK_IN_KEY,
	AK_IN_RESIZE,
	AK_IN_MOUSE,
	AK_IN_SIGNAL,		/* sig: SIGINT, SIGTERM, SIGHUP or SIGTSTP */
	AK_IN_NONE		/* nothing (interrupted, unknown mouse event) */
};

enum {
	AK_MOUSE_CLICK = 1,
	AK_MOUSE_WHEEL_UP = 4,
	AK_MOUSE_WHEEL_DOWN = 5
};

struct ak_input {
	enum ak_input_type type;
	int key;		/* AK_IN_KEY: normalised (keys.h) */
	int button;		/* AK_IN_MOUSE: AK_MOUSE_* */
	int y, x;
	int sig;
};

/* Wait for the next input. */
void ak_screen_read(struct ak_input *in);

/* Layout options for the screen: the bidi mode and shaping in effect. */
void ak_screen_layout_opts(struct ak_layout_opts *o, int width,
	enum ak_dir dir);

void ak_screen_erase(void);
/* Blank w columns of row y from x in colour element c. */
void ak_screen_fill(int y, int x, int w, enum ak_color_id c);

/*
 * Paint a visual line at row y from column x, at most w columns: its
 * indent, then its cells (cut on the right if too wide).  A cell's look:
 * its layout attributes (hit, link, title, heading, caption, ...) else
 * base; over (>= 0) is added on top of everything (the cursor bar).
 * Returns the columns used.
 */
int ak_screen_vline(int y, int x, int w, const struct ak_vline *l,
	enum ak_color_id base, int over);

enum ak_align {
	AK_ALIGN_NATURAL,	/* RTL text right, LTR text left */
	AK_ALIGN_LEFT,
	AK_ALIGN_RIGHT
};

/*
 * Lay out s (UTF-8) on one line of w columns (cut at its logical end with
 * an ellipsis) and paint it at (y, x), aligned in the field.  dir: the
 * paragraph direction (AK_DIR_AUTO: its first strong letter).  Returns
 * the columns the text takes.
 */
int ak_screen_text(int y, int x, int w, const char *s, enum ak_dir dir,
	enum ak_align align, enum ak_color_id c, int over);

/* Columns s takes once laid out on one line (no cut). */
int ak_screen_text_width(const char *s);

/* Show the terminal cursor at (y, x), or hide it (y < 0). */
void ak_screen_cursor(int y, int x);
/* Send the screen to the terminal. */
void ak_screen_flush(void);
/* Redraw everything from scratch on the next flush (C-l). */
void ak_screen_invalidate(void);

#endif
