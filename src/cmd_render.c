/*
 * akhbar render: the layout as a filter.  Reads UTF-8 from standard input,
 * one paragraph per line, sanitises it, and writes the visual lines the
 * reader would paint (`some-command | akhbar render`).  The way to test
 * the layout end to end.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/buf.h"
#include "akhbar/cli.h"
#include "akhbar/decode.h"
#include "akhbar/error.h"
#include "akhbar/layout.h"

static int
parse_width(const char *s, int *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	v = strtol(s, &end, 10);
	if (*end || v < 0 || v > 10000)
		return -1;
	*out = (int)v;
	return 0;
}

static int
read_all(FILE *f, struct ak_buf *b)
{
	char chunk[65536];
	size_t k;

	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		ak_buf_add(b, chunk, k);
	return ferror(f) ? -1 : 0;
}

int
ak_cmd_render(struct ak_cli *cli, int argc, char **argv)
{
	struct ak_layout_opts o;
	struct ak_buf in = AK_BUF_INIT, out = AK_BUF_INIT;
	struct ak_lines ls;
	struct ak_error err;
	const char *v, *p, *end, *nl;
	char *text = NULL;
	size_t len = 0, i;
	int k, width = -1, rc = 0;

	(void)cli;
	memset(&o, 0, sizeof o);
	o.dir = AK_DIR_AUTO;
	o.mode = AK_BIDI_APP;
	o.shape = 1;
	for (k = 1; k < argc; k++) {
		if ((v = ak_cli_opt_value("--width", argc, argv, &k))) {
			if (parse_width(v, &width) != 0)
				return ak_cli_usage("render",
					"--width wants a number of columns "
					"(0 = no wrapping)");
		} else if ((v = ak_cli_opt_value("--dir", argc, argv, &k))) {
			if (ak_dir_from_name(v, &o.dir) != 0)
				return ak_cli_usage("render",
					"--dir wants auto, rtl or ltr");
		} else if ((v = ak_cli_opt_value("--bidi", argc, argv, &k))) {
			if (ak_bidi_mode_from_name(v, &o.mode) != 0)
				return ak_cli_usage("render",
					"--bidi wants app, terminal or off");
		} else if (strcmp(argv[k], "--shape") == 0) {
			o.shape = 1;
		} else if (strcmp(argv[k], "--no-shape") == 0) {
			o.shape = 0;
		} else {
			return ak_cli_usage("render", "unknown argument '%s'",
				argv[k]);
		}
	}
	o.width = width >= 0 ? width : ak_cli_term_width(80);

	if (read_all(stdin, &in) != 0) {
		rc = ak_cli_error("render: cannot read standard input");
		goto out;
	}
	text = ak_sanitize(ak_buf_str(&in), in.len, &len);
	p = text;
	end = text + len;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		ak_lines_init(&ls);
		if (ak_layout_para(p, (size_t)(nl - p), &o, &ls, &err) != AK_OK) {
			ak_lines_release(&ls);
			rc = ak_cli_fail(&err);
			goto out;
		}
		for (i = 0; i < ls.n; i++) {
			ak_vline_to_utf8(&ls.lines[i], 0, &out);
			ak_buf_addch(&out, '\n');
		}
		ak_lines_release(&ls);
		if (out.len >= 65536) {
			fwrite(out.data, 1, out.len, stdout);
			ak_buf_reset(&out);
		}
		p = nl + 1;
	}
	if (out.len)
		fwrite(out.data, 1, out.len, stdout);
	if (fflush(stdout) != 0 || ferror(stdout))
		rc = ak_cli_error("render: cannot write standard output");
out:
	free(text);
	ak_buf_release(&in);
	ak_buf_release(&out);
	return rc;
}
