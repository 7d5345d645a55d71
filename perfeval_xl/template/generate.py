"""generate_template: validate the options, build the sheet plans, write them atomically."""

from perfeval_xl.atomic import atomic_output

from .layout import build_plans
from .writer import write_workbook


def generate_template(path, options):
    """Write a protected, fillable template for ``options`` to ``path`` (ValueError on bad options)."""
    plans = build_plans(options)
    with atomic_output(path) as temporary:
        write_workbook(temporary, plans, options.password)
