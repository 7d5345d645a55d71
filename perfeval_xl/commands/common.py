"""What every command shares: exit statuses and the one-line Chinese error."""

import sys

import click

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def fail(message):
    """One Chinese line on stderr and exit status 2: bad input or misuse, never a traceback."""
    click.echo(f"错误：{message}", err=True)
    sys.exit(EXIT_UNREADABLE)

