"""Models: added by the app's first feature branch."""
