/*
 * akhbar: a terminal news reader for Arabic and other right-to-left news.
 * Everything happens in cli.c.
 */
#include "config.h"

#include "akhbar/cli.h"

int
main(int argc, char **argv)
{
	return ak_cli_main(argc, argv);
}
