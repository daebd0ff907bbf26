/*
 * fetch: what needs no server runs here as cmocka tests; tests/fetch.sh
 * runs this program as "test_fetch get URL [ETAG [LAST-MODIFIED [FILE]]]"
 * (ak_fetch_url) and "test_fetch many ..." (ak_fetch_many) against
 * servers of its own on 127.0.0.1 and reads what it prints.
 */
#include "config.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <cmocka.h>

#include "akhbar/dl.h"
#include "akhbar/error.h"
#include "akhbar/fetch.h"

static void
expect_refused_url(const char *url)
{
	struct ak_fetch_result r;
	struct ak_error err = { 0, "" };

	assert_int_equal(ak_fetch_url(url, NULL, NULL, &r, &err), AK_EINVAL);
	assert_string_equal(err.msg, "only http and https URLs can be fetched");
	assert_null(r.body);
	ak_fetch_result_release(&r);
}

static void
test_fetch_refuses_other_schemes(void **state)
{
	(void)state;
	expect_refused_url("file:///etc/passwd");
	expect_refused_url("ftp://127.0.0.1/feed.xml");
	expect_refused_url("gopher://127.0.0.1/");
	expect_refused_url("dict://127.0.0.1:11211/stat");
	expect_refused_url("/etc/passwd");
	expect_refused_url("");
	expect_refused_url(NULL);
}

static void
test_fetch_release_is_safe_on_zero(void **state)
{
	struct ak_fetch_result r;

	(void)state;
	memset(&r, 0, sizeof(r));
	ak_fetch_result_release(&r);
	ak_fetch_result_release(NULL);
	assert_null(r.body);
}

static void
test_fetch_unreachable_is_a_network_error(void **state)
{
	struct ak_fetch_result r;
	struct ak_error err = { 0, "" };

	(void)state;
	/* port 1 on loopback: nothing listens, the connection is refused */
	assert_int_equal(ak_fetch_url("http://127.0.0.1:1/", NULL, NULL, &r,
	    &err), AK_ENET);
	assert_memory_equal(err.msg, "cannot fetch: ", 14);
	assert_null(r.body);
}

struct tally {
	int calls;
	int einval;
	int stop_after;
	const void *last_user;
};

static int
tally(void *ctx, const struct ak_fetch_req *req, int rc,
	struct ak_fetch_result *res, const struct ak_error *err)
{
	struct tally *t = ctx;

	t->calls++;
	if (rc == AK_EINVAL && !strcmp(err->msg,
	    "only http and https URLs can be fetched") && !res->body)
		t->einval++;
	t->last_user = req->user;
	ak_fetch_result_release(res);
	return t->stop_after && t->calls >= t->stop_after;
}

static void
test_fetch_many_reports_bad_schemes_without_network(void **state)
{
	static int users[3];
	const struct ak_fetch_req reqs[] = {
		{ "file:///etc/passwd", NULL, NULL, &users[0] },
		{ "ftp://127.0.0.1/x", "\"e\"", NULL, &users[1] },
		{ "javascript:alert(1)", NULL, NULL, &users[2] },
	};
	struct tally t = { 0, 0, 0, NULL };
	struct ak_error err = { 0, "" };

	(void)state;
	assert_int_equal(ak_fetch_many(reqs, 3, NULL, tally, &t, &err),
	    AK_OK);
	assert_int_equal(t.calls, 3);
	assert_int_equal(t.einval, 3);
	assert_ptr_equal(t.last_user, &users[2]);

	/* nothing to do is fine */
	memset(&t, 0, sizeof(t));
	assert_int_equal(ak_fetch_many(reqs, 0, NULL, tally, &t, &err),
	    AK_OK);
	assert_int_equal(t.calls, 0);

	/* the callback's non-zero stops the rest */
	memset(&t, 0, sizeof(t));
	t.stop_after = 2;
	assert_int_equal(ak_fetch_many(reqs, 3, NULL, tally, &t, &err),
	    AK_ECANCELED);
	assert_int_equal(t.calls, 2);
	assert_string_equal(err.msg, "cancelled");
}

static void
test_fetch_many_cancel_flag_set_before(void **state)
{
	static volatile sig_atomic_t flag = 1;
	const struct ak_fetch_req reqs[] = {
		{ "http://127.0.0.1:1/", NULL, NULL, NULL },
	};
	struct ak_fetch_opts o;
	struct tally t = { 0, 0, 0, NULL };

	(void)state;
	memset(&o, 0, sizeof(o));
	o.cancel = &flag;
	assert_int_equal(ak_fetch_many(reqs, 1, &o, tally, &t, NULL),
	    AK_ECANCELED);
	assert_int_equal(t.calls, 0);
}

/* Libraries loaded on first use (dl.h): what a missing one says. */
struct libc_api {
	size_t (*length)(const char *);
};

static void
test_dl_missing_library_or_symbol_is_one_line(void **state)
{
	static const struct ak_dl_sym syms[] = {
		{ "strlen", offsetof(struct libc_api, length) }, { NULL, 0 }
	};
	static const struct ak_dl_sym bad_syms[] = {
		{ "akhbar_no_such_function", 0 }, { NULL, 0 }
	};
	struct libc_api api = { NULL };
	struct ak_dl none = { "libakhbar-no-such.so.7", "libakhbar-none",
		syms, &api, 0, "" };
	struct ak_dl bad = { "libc.so.6", "libc6", bad_syms, &api, 0, "" };
	struct ak_dl good = { "libc.so.6", "libc6", syms, &api, 0, "" };
	struct ak_error err = { 0, "" };

	(void)state;
	assert_int_equal(ak_dl_load(&none, &err), AK_EIO);
	assert_memory_equal(err.msg, "cannot load libakhbar-no-such.so.7 "
	    "(install the Debian package libakhbar-none): ", 69);
	assert_null(strchr(err.msg, '\n'));
	/* asked again: the same answer, without trying again */
	memset(&err, 0, sizeof err);
	assert_int_equal(ak_dl_load(&none, &err), AK_EIO);
	assert_memory_equal(err.msg, "cannot load libakhbar-no-such.so.7", 34);

	assert_int_equal(ak_dl_load(&bad, &err), AK_EIO);
	assert_string_equal(err.msg, "libc.so.6 has no akhbar_no_such_function "
	    "(too old? install the Debian package libc6)");

	assert_int_equal(ak_dl_load(&good, &err), AK_OK);
	assert_non_null(api.length);
	assert_int_equal(api.length("أخبار"), 10);
	assert_int_equal(ak_dl_load(&good, NULL), AK_OK);
}

static void
show(const char *key, const char *v)
{
	printf("%s=%s\n", key, v ? v : "(null)");
}

static volatile sig_atomic_t stop_flag;

static void
on_alarm(int sig)
{
	(void)sig;
	stop_flag = 1;
}

struct many_run {
	int reported;
	int cancel_after;	/* the callback cancels after this many */
};

static int
print_done(void *ctx, const struct ak_fetch_req *req, int rc,
	struct ak_fetch_result *res, const struct ak_error *err)
{
	struct many_run *m = ctx;

	m->reported++;
	printf("done %d rc=%d", (int)(intptr_t)req->user, rc);
	if (rc == AK_OK)
		printf(" status=%ld nm=%d len=%zu final=%s etag=%s", res->status,
		    res->not_modified, res->len, res->final_url,
		    res->etag ? res->etag : "-");
	else
		printf(" error=%s", err->msg);
	putchar('\n');
	fflush(stdout);
	ak_fetch_result_release(res);
	return m->cancel_after && m->reported >= m->cancel_after;
}

/*
 * "test_fetch many [-k CONNECTIONS] [-p PER_HOST] [-t TIMEOUT_MS]
 * [-c CANCEL_AFTER] [-a ALARM_MS] URL[|ETAG|LAST-MODIFIED]...": one line
 * per completion, then the return code and how many were reported.
 */
static int
many(int argc, char **argv)
{
	struct ak_fetch_opts o;
	struct ak_fetch_req *reqs;
	struct many_run m = { 0, 0 };
	struct ak_error err = { 0, "" };
	struct itimerval it;
	char *p;
	int i = 2, n = 0, rc;

	memset(&o, 0, sizeof(o));
	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		long v = atol(argv[i + 1]);

		switch (argv[i][1]) {
		case 'k': o.connections = (int)v; break;
		case 'p': o.per_host = (int)v; break;
		case 't': o.timeout_ms = v; break;
		case 'c': m.cancel_after = (int)v; break;
		case 'a':
			signal(SIGALRM, on_alarm);
			memset(&it, 0, sizeof(it));
			it.it_value.tv_sec = v / 1000;
			it.it_value.tv_usec = (v % 1000) * 1000;
			setitimer(ITIMER_REAL, &it, NULL);
			o.cancel = &stop_flag;
			break;
		}
	}
	reqs = calloc((size_t)(argc - i + 1), sizeof(*reqs));
	for (; i < argc; i++, n++) {
		reqs[n].url = argv[i];
		reqs[n].user = (void *)(intptr_t)n;
		p = strchr(argv[i], '|');
		if (!p)
			continue;
		*p++ = '\0';
		reqs[n].etag = *p && *p != '|' ? p : NULL;
		p = strchr(p, '|');
		if (!p)
			continue;
		*p++ = '\0';
		reqs[n].last_modified = *p ? p : NULL;
	}
	rc = ak_fetch_many(reqs, (size_t)n, &o, print_done, &m, &err);
	printf("rc=%d reported=%d\n", rc, m.reported);
	if (rc != AK_OK)
		printf("error=%s\n", err.msg);
	free(reqs);
	return 0;
}

/* The helper mode for tests/fetch.sh. */
static int
get(int argc, char **argv)
{
	struct ak_fetch_result r;
	struct ak_error err = { 0, "" };
	const char *etag = argc > 3 && strcmp(argv[3], "-") ? argv[3] : NULL;
	const char *lm = argc > 4 && strcmp(argv[4], "-") ? argv[4] : NULL;
	FILE *f;
	int rc;

	rc = ak_fetch_url(argv[2], etag, lm, &r, &err);
	printf("rc=%d\n", rc);
	if (rc != AK_OK) {
		show("error", err.msg);
		return 0;
	}
	printf("status=%ld\nnot_modified=%d\nlen=%zu\n", r.status,
	    r.not_modified, r.len);
	show("content_type", r.content_type);
	show("charset", r.charset);
	show("final_url", r.final_url);
	show("etag", r.etag);
	show("last_modified", r.last_modified);
	if (argc > 5) {
		f = fopen(argv[5], "wb");
		if (!f || fwrite(r.body, 1, r.len, f) != r.len) {
			perror(argv[5]);
			rc = 1;
		}
		if (f)
			fclose(f);
	}
	ak_fetch_result_release(&r);
	return rc;
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fetch_refuses_other_schemes),
		cmocka_unit_test(test_fetch_release_is_safe_on_zero),
		cmocka_unit_test(test_fetch_unreachable_is_a_network_error),
		cmocka_unit_test(
		    test_fetch_many_reports_bad_schemes_without_network),
		cmocka_unit_test(test_fetch_many_cancel_flag_set_before),
		cmocka_unit_test(test_dl_missing_library_or_symbol_is_one_line),
	};

	if (argc > 2 && !strcmp(argv[1], "get"))
		return get(argc, argv);
	if (argc > 2 && !strcmp(argv[1], "many"))
		return many(argc, argv);
	return cmocka_run_group_tests_name("fetch", tests, NULL, NULL);
}
