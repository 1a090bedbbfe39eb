"""What progress shows of itself (kinerja/core/registry.py): filled in by the Do work (issue 9)."""

# ``kinerja progress rollup`` (helper achievement): if another part of progress declares a ``progress`` group,
# add ``kinerja.progress.achievement.cli.rollup`` to it instead of declaring this group.
CLI_COMMANDS = ("kinerja.progress.achievement.cli.progress_group",)
