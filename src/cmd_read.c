/*
 * akhbar (no subcommand): the reader.  Checks that it runs on a terminal
 * in a UTF-8 locale, reads the config (its errors go to the status line;
 * the reader starts anyway), opens the cache and runs the views.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/cli.h"
#include "akhbar/error.h"
#include "akhbar/keys.h"
#include "akhbar/options.h"
#include "akhbar/screen.h"
#include "akhbar/view.h"

int
ak_cmd_read(struct ak_cli *cli, int argc, char **argv)
{
	struct ak_config_errors errs = { NULL, 0 };
	struct ak_error err = { 0, "" };
	struct ak_options opts;
	struct ak_keymap keys;
	struct ak_reader r;
	struct ak_request req;
	long long t0 = ak_reader_now();
	int rc;

	(void)argv;
	if (argc > 1)
		return ak_cli_usage("read", "the reader takes no arguments");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return ak_cli_error("the reader needs a terminal; for scripts "
			"use 'akhbar list', 'show', 'search' or 'export'");
	if (ak_screen_check_locale(&err) != AK_OK)
		return ak_cli_fail(&err);
	ak_options_init(&opts);
	ak_keymap_init(&keys);
	ak_config_default_keys(&opts, &keys);
	ak_config_load(&opts, &keys, cli->config_path, &errs);
	if (ak_cli_open_cache(cli, AK_CLI_OWN_NOTE) != 0) {
		rc = 1;
		goto out;
	}
	/* the write that fills the log would pay for a checkpoint: 1 s */
	ak_cache_checkpoint_every(cli->cache, 0);
	ak_reader_init(&r, cli->cache, &opts, &keys);
	r.config_errors = &errs;
	r.t_start = t0;
	r.timing_path = getenv("AKHBAR_TIMING");
	if (r.timing_path && !*r.timing_path)
		r.timing_path = NULL;
	if (ak_screen_init(&opts, &err) != AK_OK) {
		ak_reader_release(&r);
		rc = ak_cli_fail(&err);
		goto out;
	}
	if (errs.n == 1)
		ak_reader_error(&r, "%s", errs.msgs[0]);
	else if (errs.n > 1)
		ak_reader_error(&r, "%s (+%zu %s)", errs.msgs[0], errs.n - 1,
			ak_label(&r, AK_L_CONFIG_ERRORS));
	else if (ak_cache_readonly(cli->cache))
		ak_reader_message(&r, "%s", ak_label(&r, AK_L_READ_ONLY));
	memset(&req, 0, sizeof req);
	req.view = AK_VIEW_LIST;
	ak_reader_open(&r, &req);
	rc = ak_reader_run(&r);
	ak_screen_fini();
	/* marks not written yet (another process is writing): wait now */
	if (r.npending) {
		size_t n = r.npending;
		int frc = ak_reader_flush(&r, 0, &err);

		if (frc == AK_EBUSY) {
			fprintf(stderr, "akhbar: saving %zu read/starred "
				"mark%s: waiting for another process writing "
				"to the cache\n", n, n == 1 ? "" : "s");
			frc = ak_reader_flush(&r, 1, &err);
		}
		if (frc != AK_OK) {
			ak_error_prefix(&err, "%zu read/starred mark%s not "
				"saved", n, n == 1 ? "" : "s");
			rc = ak_cli_fail(&err);
		}
	}
	ak_reader_release(&r);
out:
	ak_config_errors_release(&errs);
	ak_keymap_release(&keys);
	ak_options_release(&opts);
	return rc;
}
