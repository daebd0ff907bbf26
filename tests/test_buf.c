/*
 * Unit tests: buffers, the JSON writer, atomic file writes.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/json.h"
#include "akhbar/paths.h"
#include "testutil.h"

static void
test_buf_grows_and_stays_terminated(void **state)
{
	struct ak_buf b = AK_BUF_INIT;
	char *s;
	size_t len;
	int i;

	(void)state;
	assert_string_equal(ak_buf_str(&b), "");
	for (i = 0; i < 1000; i++)
		ak_buf_addf(&b, "%d,", i);
	assert_int_equal(b.data[b.len], '\0');
	assert_true(strncmp(b.data, "0,1,2,", 6) == 0);
	ak_buf_reset(&b);
	ak_buf_addcp(&b, 0x0627);	/* alef */
	ak_buf_addcp(&b, 0x1F600);
	ak_buf_addcp(&b, 0xD800);	/* a surrogate becomes U+FFFD */
	assert_memory_equal(b.data, "\xD8\xA7\xF0\x9F\x98\x80\xEF\xBF\xBD", 9);
	s = ak_buf_detach(&b, &len);
	assert_int_equal(len, 9);
	assert_null(b.data);
	free(s);
}

static void
test_json_writer_nests_and_escapes(void **state)
{
	struct ak_buf b = AK_BUF_INIT;
	struct ak_json j;

	(void)state;
	ak_json_init(&j, &b, 0);
	ak_json_begin_array(&j);
	ak_json_begin_object(&j);
	ak_json_kstr(&j, "title", "«عين الأسد» \"x\"\n\x1b[31m");
	ak_json_key(&j, "id");
	ak_json_id(&j, 0);
	ak_json_kbool(&j, "read", 1);
	ak_json_key(&j, "blocks");
	ak_json_begin_array(&j);
	ak_json_end_array(&j);
	ak_json_end_object(&j);
	ak_json_int(&j, 7);
	ak_json_end_array(&j);
	assert_string_equal(ak_buf_str(&b),
	    "[{\"title\":\"«عين الأسد» \\\"x\\\"\\n\\u001b[31m\","
	    "\"id\":null,\"read\":true,\"blocks\":[]},7]");
	ak_buf_release(&b);
}

static void
test_atomic_write_refuses_to_clobber(void **state)
{
	struct ak_error err = { 0, "" };
	char *dir = tu_tempdir(), path[4200], *data;
	size_t len;

	(void)state;
	snprintf(path, sizeof(path), "%s/out.txt", dir);
	assert_int_equal(ak_write_file_atomic(path, "one\n", 4, 0, &err), AK_OK);
	assert_int_equal(ak_write_file_atomic(path, "two\n", 4, 0, &err),
	    AK_EEXIST);
	assert_non_null(strstr(err.msg, "--force"));
	assert_int_equal(ak_read_file(path, &data, &len, &err), AK_OK);
	assert_string_equal(data, "one\n");
	free(data);
	assert_int_equal(ak_write_file_atomic(path, "two\n", 4, 1, &err), AK_OK);
	assert_int_equal(ak_read_file(path, &data, &len, &err), AK_OK);
	assert_string_equal(data, "two\n");
	free(data);
	snprintf(path, sizeof(path), "%s/missing/out.txt", dir);
	assert_int_equal(ak_write_file_atomic(path, "x", 1, 0, &err), AK_EIO);
	assert_non_null(strstr(err.msg, "no such folder"));
	tu_rmtree(dir);
}

static void
test_atomic_write_leaves_no_temporary_file(void **state)
{
	struct ak_error err = { 0, "" };
	char *dir = tu_tempdir(), path[4200], cmd[4300];

	(void)state;
	snprintf(path, sizeof(path), "%s/a.txt", dir);
	assert_int_equal(ak_write_file_atomic(path, "x", 1, 0, &err), AK_OK);
	assert_int_equal(ak_write_file_atomic(path, "y", 1, 0, &err), AK_EEXIST);
	snprintf(cmd, sizeof(cmd), "test $(ls -A '%s' | wc -l) -eq 1", dir);
	assert_int_equal(system(cmd), 0);
	tu_rmtree(dir);
}

static void
test_mkdir_p_creates_parents(void **state)
{
	char *dir = tu_tempdir(), path[4200];
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/a/b/c", dir);
	assert_int_equal(ak_mkdir_p(path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(ak_mkdir_p(path), 0);
	tu_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_grows_and_stays_terminated),
		cmocka_unit_test(test_json_writer_nests_and_escapes),
		cmocka_unit_test(test_atomic_write_refuses_to_clobber),
		cmocka_unit_test(test_atomic_write_leaves_no_temporary_file),
		cmocka_unit_test(test_mkdir_p_creates_parents),
	};

	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
