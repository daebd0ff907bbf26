/*
 * akhbar export ID [-f text|markdown|md|json] [-o FILE] [--force]
 * [--width N]: one article to standard output or to a file (written
 * atomically, never replaced without --force; its extension picks the
 * format when -f does not).  The rendering and the
 * write are export.c's.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/cli.h"
#include "akhbar/export.h"

int
ak_cmd_export(struct ak_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'F' },
		{ "width", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	struct ak_error err = { 0, "" };
	struct ak_buf out = AK_BUF_INIT;
	enum ak_export_format fmt = AK_EXPORT_TEXT;
	const char *path = NULL;
	long long id = 0;
	long width = 0;
	char *end;
	int opt, force = 0, given = 0, rc = 0;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "f:o:w:", opts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (ak_export_format_from_name(optarg, &fmt) != 0)
				return ak_cli_usage("export", "%s wants text, "
				    "markdown (md) or json",
				    ak_cli_opt_name(argc, argv));
			given = 1;
			break;
		case 'o':
			if (!*optarg)
				return ak_cli_usage("export", "%s needs a file "
				    "name (or - for standard output)",
				    ak_cli_opt_name(argc, argv));
			path = optarg;
			break;
		case 'F':
			force = 1;
			break;
		case 'w':
			width = strtol(optarg, &end, 10);
			if (!*optarg || *end || width < 0 || width > 10000)
				return ak_cli_usage("export", "%s needs a "
				    "number of columns from 0 to 10000",
				    ak_cli_opt_name(argc, argv));
			break;
		default:
			return ak_cli_bad_option("export", argc, argv,
			    "f:o:w:", opts);
		}
	}
	if (optind >= argc)
		return ak_cli_usage("export",
		    "which article? akhbar export ID");
	if (optind + 1 < argc)
		return ak_cli_usage("export", "one article at a time");
	if (ak_cli_parse_id(argv[optind], &id) != 0)
		return ak_cli_usage("export", "an article id is a number "
		    "greater than 0");
	/* as the reader does: without -f, the file's extension says */
	if (!given && path && strcmp(path, "-") != 0)
		fmt = ak_export_format_for_path(path, AK_EXPORT_TEXT);
	if (ak_cli_open_cache(cli, 0))
		return 1;
	if (ak_export_article(cli->cache, (int64_t)id, fmt, (int)width, &out,
	    &err) != AK_OK) {
		rc = ak_cli_fail(&err);
		goto out;
	}
	if (!path || strcmp(path, "-") == 0) {
		if (fwrite(out.data, 1, out.len, stdout) != out.len) {
			rc = ak_cli_error("cannot write the output");
			goto out;
		}
	} else if (ak_export_write(path, out.data, out.len, force, &err)
	    != AK_OK) {
		rc = ak_cli_fail(&err);
	}
out:
	ak_buf_release(&out);
	return rc;
}
