"""Benchmarks (`make bench`): each prints its figures, compared as ratios within one run."""
