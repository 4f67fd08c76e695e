"""Benchmarks: `make bench`. Each prints its time as a ratio to a floor measured in the
same run, so the figures compare across machines."""
