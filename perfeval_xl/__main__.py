"""Allow ``python -m perfeval_xl``."""
from perfeval_xl.console import run

run()
