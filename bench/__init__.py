"""Benchmarks: `make bench` (python -m bench). Figures with ratios against a baseline of the same run."""
