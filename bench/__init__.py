"""Benchmarks of ai-crosswalk, each paired with a baseline measured in the same run (run with ``make bench``)."""
