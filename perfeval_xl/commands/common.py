"""What every command shares: exit statuses and the one-line Chinese error."""

import sys

import click

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
EXIT_INTERRUPTED = 130   # the shell's convention for a run stopped by Ctrl-C


def fail(message):
    """One Chinese line on stderr and exit status 2: bad input or misuse, never a traceback."""
    click.echo(f"错误：{message}", err=True)
    sys.exit(EXIT_UNREADABLE)

