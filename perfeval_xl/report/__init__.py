"""Reports of what verify found: text, JSON, the annotated copy, the batch summary."""

# The sheet an annotated copy records its changes in (report/record_data.py): here, so that the
# reader can tell whether a workbook has one without importing the record's code.
RECORD_SHEET = "_perfeval_annotation"
