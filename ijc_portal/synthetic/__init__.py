"""Synthetic, clearly fake data at national scale for benchmarks and load tests (``generate_synthetic``)."""
