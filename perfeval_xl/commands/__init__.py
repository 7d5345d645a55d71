"""Command-line subcommands kept out of cli.py; cli.py adds each with ``main.add_command``."""
