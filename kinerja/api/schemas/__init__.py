"""Request and response schemas of the REST API, one module per domain."""
