"""Attendance per half-day: QR check-in from participants' phones, badges, manual check-in."""
