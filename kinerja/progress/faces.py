"""What progress shows of itself (kinerja/core/registry.py): filled in by the Do work (issue 9)."""

from kinerja.core.registry import ScheduledJob

# Periodic tasks (kinerja scheduler): the reporting-deadline reminders, every morning.
SCHEDULE = [
    ScheduledJob("progress.deadline_reminders", "kinerja.progress.tasks.send_deadline_reminders", hour=7, minute=0),
]
