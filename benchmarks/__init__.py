"""Benchmarks at programme scale, each measured beside a baseline in the same run.

Run `python -m benchmarks --help`; see docs/benchmarks.md.
"""
