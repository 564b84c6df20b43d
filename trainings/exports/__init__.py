"""Attendance exports for reports and donor audits: workbooks, sign-in sheets, certificates."""
