"""The audit log's viewer, for administrators: the entries newest first, filtered, read in
French, and exported as a workbook. It only reads: the log has no update or delete path."""
