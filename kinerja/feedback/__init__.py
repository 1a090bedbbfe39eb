"""Continuous feedback (threaded comments per RHK and per report) and performance dialogues (issue 9)."""
