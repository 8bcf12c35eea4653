"""Prefect flows: orchestration only; the work lives in the stage packages."""
