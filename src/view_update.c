/*
 * U: the feeds updated in the background.  The reader never fetches: it
 * runs itself as a child, `akhbar --db PATH update`, whose standard
 * output has one line per feed done and standard error one line per feed
 * that failed ("akhbar: URL: ..."; warnings say ": warning: " and count
 * for nothing), and reads both through pipes without blocking (poll, from
 * the main loop).  The status line shows "3/50 feeds" while it runs; when
 * the child is done, every view reads its lists again and the status line
 * says how it went.  Quitting stops an update that still runs (an import
 * that stops halfway leaves a whole cache: it is one transaction a batch).
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

#define LINE_MAX_BYTES 4096	/* a longer line is cut */

struct ak_update {
	pid_t pid;
	int fd[2];		/* the child's stdout, stderr; -1 at EOF */
	struct ak_buf line[2];	/* a line not ended yet */
	long total, done, failed;
	char error[256];	/* the first failure */
};

static int
count_feed(void *ctx, const struct ak_group *g)
{
	(void)g;
	(*(long *)ctx)++;
	return AK_OK;
}

/* The path of this very program, to run it again. */
static int
self_path(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);

	if (n <= 0 || (size_t)n >= size - 1)
		return -1;
	buf[n] = '\0';
	return 0;
}

void
ak_update_start(struct ak_reader *r)
{
	struct ak_error err = { 0, "" };
	struct ak_update *u;
	char self[PATH_MAX];
	int out[2] = { -1, -1 }, errp[2] = { -1, -1 }, null;
	long feeds = 0;
	pid_t pid;

	if (r->update) {
		ak_reader_message(r, "%s: %ld/%ld", ak_label(r,
			AK_L_UPDATING), r->update->done, r->update->total);
		return;
	}
	if (ak_cache_groups(r->cache, 0, count_feed, &feeds, &err) != AK_OK) {
		ak_reader_error(r, "%s", err.msg);
		return;
	}
	if (feeds == 0) {
		ak_reader_message(r, "%s", ak_label(r, AK_L_NO_FEEDS));
		return;
	}
	if (self_path(self, sizeof self) != 0 || pipe(out) != 0 ||
	    pipe(errp) != 0) {
		ak_reader_error(r, "%s: %s", ak_label(r, AK_L_UPDATE_FAILED),
			strerror(errno));
		goto fail;
	}
	pid = fork();
	if (pid < 0) {
		ak_reader_error(r, "%s: %s", ak_label(r, AK_L_UPDATE_FAILED),
			strerror(errno));
		goto fail;
	}
	if (pid == 0) {
		/* the child: no terminal, the pipes for its output */
		null = open("/dev/null", O_RDWR);
		if (null >= 0)
			dup2(null, STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		dup2(errp[1], STDERR_FILENO);
		signal(SIGINT, SIG_IGN);	/* C-c is the reader's */
		signal(SIGTSTP, SIG_IGN);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		setsid();
		execl(self, self, "--db", ak_cache_path(r->cache), "update",
			(char *)NULL);
		_exit(127);
	}
	close(out[1]);
	close(errp[1]);
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	fcntl(errp[0], F_SETFL, O_NONBLOCK);
	fcntl(out[0], F_SETFD, FD_CLOEXEC);
	fcntl(errp[0], F_SETFD, FD_CLOEXEC);
	u = ak_xcalloc(1, sizeof *u);
	u->pid = pid;
	u->fd[0] = out[0];
	u->fd[1] = errp[0];
	u->total = feeds;
	ak_buf_init(&u->line[0]);
	ak_buf_init(&u->line[1]);
	r->update = u;
	r->dirty = 1;
	return;
fail:
	if (out[0] >= 0) {
		close(out[0]);
		close(out[1]);
	}
	if (errp[0] >= 0) {
		close(errp[0]);
		close(errp[1]);
	}
}

/* One whole line from the child: a feed done, or failed. */
static void
take_line(struct ak_update *u, int which, const char *s)
{
	if (which == 0) {
		/* "URL: ..."; the notes under it are indented */
		if (*s && *s != ' ')
			u->done++;
		return;
	}
	if (!*s || strstr(s, ": warning: "))
		return;
	u->failed++;
	u->done++;
	if (!u->error[0])
		snprintf(u->error, sizeof u->error, "%s",
			strncmp(s, "akhbar: ", 8) == 0 ? s + 8 : s);
}

/* Read what fd which has (not waiting); 0 at EOF. */
static int
drain(struct ak_update *u, int which)
{
	char chunk[4096], *nl;
	struct ak_buf *b = &u->line[which];
	ssize_t n;
	size_t start;

	for (;;) {
		n = read(u->fd[which], chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return 1;	/* EAGAIN: nothing more now */
		if (n == 0)
			break;
		ak_buf_add(b, chunk, (size_t)n);
		start = 0;
		while ((nl = memchr(b->data + start, '\n', b->len - start))) {
			*nl = '\0';
			take_line(u, which, b->data + start);
			start = (size_t)(nl - b->data) + 1;
		}
		memmove(b->data, b->data + start, b->len - start);
		b->len -= start;
		if (b->len > LINE_MAX_BYTES)
			b->len = 0;
	}
	if (b->len) {
		ak_buf_addch(b, '\0');
		take_line(u, which, b->data);
		b->len = 0;
	}
	return 0;
}

static void
finish(struct ak_reader *r, int status)
{
	struct ak_update *u = r->update;
	struct ak_buf b = AK_BUF_INIT;
	size_t i;

	ak_buf_addf(&b, "%s: ", ak_label(r, AK_L_UPDATED));
	ak_reader_number(r, u->done - u->failed, &b);
	ak_buf_addf(&b, "/");
	ak_reader_number(r, u->total, &b);
	ak_buf_addf(&b, " %s", ak_label(r, AK_L_N_FEEDS));
	if (u->failed) {
		ak_buf_addstr(&b, "; ");
		ak_reader_number(r, u->failed, &b);
		ak_buf_addf(&b, " %s: %s", ak_label(r, AK_L_N_FAILED),
			u->error);
		ak_reader_error(r, "%s", ak_buf_str(&b));
	} else if (!WIFEXITED(status) || (WEXITSTATUS(status) != 0 &&
	    WEXITSTATUS(status) != 1)) {
		ak_reader_error(r, "%s", ak_label(r, AK_L_UPDATE_FAILED));
	} else {
		ak_reader_message(r, "%s", ak_buf_str(&b));
	}
	ak_buf_release(&b);
	ak_buf_release(&u->line[0]);
	ak_buf_release(&u->line[1]);
	free(u);
	r->update = NULL;
	/* what the update brought: every view reads its lists again */
	for (i = 0; i < r->depth; i++)
		if (r->stack[i]->ops->resume)
			r->stack[i]->ops->resume(r->stack[i]);
	r->dirty = 1;
}

void
ak_update_poll(struct ak_reader *r)
{
	struct ak_update *u = r->update;
	struct pollfd p[2];
	long before;
	int k, n = 0, status = 0;

	if (!u)
		return;
	before = u->done;
	for (k = 0; k < 2; k++)
		if (u->fd[k] >= 0) {
			p[n].fd = u->fd[k];
			p[n].events = POLLIN;
			p[n].revents = 0;
			n++;
		}
	if (n && poll(p, (nfds_t)n, 0) > 0)
		for (k = 0; k < 2; k++)
			if (u->fd[k] >= 0 && !drain(u, k)) {
				close(u->fd[k]);
				u->fd[k] = -1;
			}
	if (u->done != before)
		r->dirty = 1;
	if (u->fd[0] >= 0 || u->fd[1] >= 0)
		return;
	if (waitpid(u->pid, &status, WNOHANG) == u->pid)
		finish(r, status);
}

int
ak_update_progress(const struct ak_reader *r, struct ak_buf *b)
{
	if (!r->update)
		return 0;
	ak_buf_addf(b, "%s: ", ak_label(r, AK_L_UPDATING));
	ak_reader_number(r, r->update->done, b);
	ak_buf_addstr(b, "/");
	ak_reader_number(r, r->update->total, b);
	ak_buf_addf(b, " %s", ak_label(r, AK_L_N_FEEDS));
	return 1;
}

void
ak_update_stop(struct ak_reader *r)
{
	struct ak_update *u = r->update;
	int k;

	if (!u)
		return;
	kill(u->pid, SIGTERM);
	while (waitpid(u->pid, NULL, 0) < 0 && errno == EINTR)
		;
	for (k = 0; k < 2; k++) {
		if (u->fd[k] >= 0)
			close(u->fd[k]);
		ak_buf_release(&u->line[k]);
	}
	free(u);
	r->update = NULL;
}
