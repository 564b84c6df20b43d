"""The participant's phone: the signed cookie that recognises it, the check-in links, tokens
and typed codes it scans or types, badge codes, and QR codes to show them. It imports no feature,
so that check-in and tests, on either side of it, share it."""
