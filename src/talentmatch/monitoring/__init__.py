"""Monitoring of the running service: Prometheus metrics, request ids, the access log."""
