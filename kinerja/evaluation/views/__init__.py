"""The evaluation app's pages, one module per concern (urls.py names them)."""
