/*
 * Fuzz target for the config file reader: any text as a config file
 * (bind, unbind, set, color lines), applied over the defaults as the
 * reader does it.  Every error must be one line naming FILE:LINE, and
 * every option must read back after.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "akhbar/keys.h"
#include "akhbar/options.h"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_options o;
	struct ak_keymap km;
	struct ak_config_errors errs = { NULL, 0 };
	char buf[256];
	size_t i, nbad;
	int id;

	ak_options_init(&o);
	ak_keymap_init(&km);
	ak_config_default_keys(&o, &km);
	nbad = ak_config_parse(&o, &km, (const char *)data, size, "fuzz",
	    &errs);
	if (nbad != errs.n)
		fz_fail("config: errors not counted", NULL, 0);
	for (i = 0; i < errs.n; i++) {
		if (strncmp(errs.msgs[i], "fuzz:", 5) != 0)
			fz_fail("config: error without FILE:LINE",
			    errs.msgs[i], strlen(errs.msgs[i]));
		/* The message may quote the line's bytes as they are: the
		 * reader shows it through the layout, which drops controls
		 * and replaces invalid UTF-8.  One line it must be. */
		if (strchr(errs.msgs[i], '\n'))
			fz_fail("config: error of more than one line",
			    errs.msgs[i], strlen(errs.msgs[i]));
	}
	for (id = 0; id < AK_NOPTIONS; id++) {
		ak_option_value(&o, (enum ak_option_id)id, buf, sizeof buf);
		if (!memchr(buf, '\0', sizeof buf))
			fz_fail("config: option value", NULL, 0);
	}
	ak_config_errors_release(&errs);
	ak_keymap_release(&km);
	ak_options_release(&o);
	return 0;
}
