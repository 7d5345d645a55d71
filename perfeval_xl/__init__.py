"""perfeval-xl: generate, read, check and annotate 预算绩效自评 workbooks."""

__version__ = "0.1.0"
