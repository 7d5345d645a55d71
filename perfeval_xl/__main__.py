"""Allow ``python -m perfeval_xl``."""
from perfeval_xl.cli import run

run()
