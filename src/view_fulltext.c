/*
 * f: the article on screen fetched whole from its web page, in the
 * background.  As U does for the feeds (view_update.c), the reader never
 * fetches: it runs itself as a child, `akhbar --db PATH full-text ID`
 * (fulltext.h), and reads what it says through pipes without blocking
 * (poll, from the main loop).  The status line says the page is being
 * fetched; when the child is done, the views read the cache again (the
 * article shows its new text) and the status line says how it went: the
 * text stored, the page unchanged, or the one line that says why it
 * failed (the text shown stays).  One page at a time; quitting stops it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/error.h"
#include "akhbar/view.h"

#define OUT_MAX 1024	/* what is kept of each stream: its first line */

struct ak_fulltext {
	pid_t pid;
	int64_t id;
	int fd[2];		/* the child's stdout, stderr; -1 at EOF */
	struct ak_buf got[2];	/* what each said, OUT_MAX at most */
};

void
ak_fulltext_start(struct ak_reader *r, int64_t id)
{
	struct ak_fulltext *f;
	char self[PATH_MAX], arg[32];
	int p[2][2] = { { -1, -1 }, { -1, -1 } }, k, null;
	ssize_t n;
	pid_t pid;

	if (r->fulltext) {
		ak_reader_message(r, "%s", ak_label(r, AK_L_FETCHING));
		return;
	}
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0 || (size_t)n >= sizeof self - 1 || pipe(p[0]) != 0 ||
	    pipe(p[1]) != 0)
		goto fail;
	self[n] = '\0';
	snprintf(arg, sizeof arg, "%lld", (long long)id);
	pid = fork();
	if (pid < 0)
		goto fail;
	if (pid == 0) {
		/* the child: no terminal, the pipes for its output */
		null = open("/dev/null", O_RDWR);
		if (null >= 0)
			dup2(null, STDIN_FILENO);
		dup2(p[0][1], STDOUT_FILENO);
		dup2(p[1][1], STDERR_FILENO);
		signal(SIGINT, SIG_IGN);	/* C-c is the reader's */
		signal(SIGTSTP, SIG_IGN);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		setsid();
		execl(self, self, "--db", ak_cache_path(r->cache), "full-text",
			arg, (char *)NULL);
		_exit(127);
	}
	f = ak_xcalloc(1, sizeof *f);
	f->pid = pid;
	f->id = id;
	for (k = 0; k < 2; k++) {
		close(p[k][1]);
		fcntl(p[k][0], F_SETFL, O_NONBLOCK);
		fcntl(p[k][0], F_SETFD, FD_CLOEXEC);
		f->fd[k] = p[k][0];
		ak_buf_init(&f->got[k]);
	}
	r->fulltext = f;
	r->dirty = 1;
	return;
fail:
	ak_reader_error(r, "%s: %s", ak_label(r, AK_L_FULL_TEXT_FAILED),
		strerror(errno));
	for (k = 0; k < 2; k++)
		if (p[k][0] >= 0) {
			close(p[k][0]);
			close(p[k][1]);
		}
}

/* Read what fd k has (not waiting); 0 at EOF. */
static int
drain(struct ak_fulltext *f, int k)
{
	char chunk[4096];
	ssize_t n;

	for (;;) {
		n = read(f->fd[k], chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return 1;	/* EAGAIN: nothing more now */
		if (n == 0)
			return 0;
		if (f->got[k].len < OUT_MAX)
			ak_buf_add(&f->got[k], chunk, (size_t)n);
	}
}

/* The first line of what stream k said ("" when nothing). */
static const char *
first_line(struct ak_fulltext *f, int k)
{
	struct ak_buf *b = &f->got[k];
	char *s, *nl;

	ak_buf_addch(b, '\0');
	s = b->data;
	nl = strchr(s, '\n');
	if (nl)
		*nl = '\0';
	if (!strncmp(s, "akhbar: ", 8))
		s += 8;
	return s;
}

static void
finish(struct ak_reader *r, int status)
{
	struct ak_fulltext *f = r->fulltext;
	struct ak_view *v;
	const char *out = first_line(f, 0), *why = first_line(f, 1);
	int k;

	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		ak_reader_message(r, "%s", ak_label(r, strstr(out,
			": not modified") || strstr(out, ": unchanged") ?
			AK_L_FULL_TEXT_SAME : AK_L_FULL_TEXT_DONE));
	else
		ak_reader_error(r, "%s: %s", ak_label(r,
			AK_L_FULL_TEXT_FAILED), *why ? why : "?");
	for (k = 0; k < 2; k++)
		ak_buf_release(&f->got[k]);
	free(f);
	r->fulltext = NULL;
	/* the article on screen shows what is stored now */
	v = ak_reader_top(r);
	if (v && v->ops->resume)
		v->ops->resume(v);
	r->dirty = 1;
}

void
ak_fulltext_poll(struct ak_reader *r)
{
	struct ak_fulltext *f = r->fulltext;
	struct pollfd p[2];
	int k, n = 0, status = 0;

	if (!f)
		return;
	for (k = 0; k < 2; k++)
		if (f->fd[k] >= 0) {
			p[n].fd = f->fd[k];
			p[n].events = POLLIN;
			p[n].revents = 0;
			n++;
		}
	if (n && poll(p, (nfds_t)n, 0) > 0)
		for (k = 0; k < 2; k++)
			if (f->fd[k] >= 0 && !drain(f, k)) {
				close(f->fd[k]);
				f->fd[k] = -1;
			}
	if (f->fd[0] >= 0 || f->fd[1] >= 0)
		return;
	if (waitpid(f->pid, &status, WNOHANG) == f->pid)
		finish(r, status);
}

int
ak_fulltext_progress(const struct ak_reader *r, struct ak_buf *b)
{
	if (!r->fulltext)
		return 0;
	ak_buf_addf(b, "%s…", ak_label(r, AK_L_FETCHING));
	return 1;
}

void
ak_fulltext_stop(struct ak_reader *r)
{
	struct ak_fulltext *f = r->fulltext;
	int k;

	if (!f)
		return;
	kill(f->pid, SIGTERM);
	while (waitpid(f->pid, NULL, 0) < 0 && errno == EINTR)
		;
	for (k = 0; k < 2; k++) {
		if (f->fd[k] >= 0)
			close(f->fd[k]);
		ak_buf_release(&f->got[k]);
	}
	free(f);
	r->fulltext = NULL;
}
