"""The progress writes, one module per concern (reports, evidence, plans, daily, review)."""
