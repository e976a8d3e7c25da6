"""Analysis over annotated JSONL: flat tables (`export`), DuckDB statistics (`stats`), an HTML report.

Everything starts from :func:`tables.load_tables`, which flattens records into typed Arrow tables
keyed by ``debate_id`` and ``speech_id`` so they join.
"""
