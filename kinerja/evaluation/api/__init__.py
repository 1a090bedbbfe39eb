"""The evaluation app's REST API, one router module per concern (faces.py names them)."""
