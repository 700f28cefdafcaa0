"""Benchmarks: ``make bench`` runs them all and writes the figures into docs/benchmarks.md."""
