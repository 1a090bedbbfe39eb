"""Kept only while skp imports ``kinerja.exports.access`` (skp is being split, issue 8 item 6): the rules
live in :mod:`kinerja.exports.permissions`. Delete this module when skp imports that."""

from .permissions import can_export, jobs_q, sees_others, visible_jobs

__all__ = ["can_export", "jobs_q", "sees_others", "visible_jobs"]
