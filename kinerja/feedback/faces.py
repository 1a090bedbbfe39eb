"""What feedback shows of itself (kinerja/core/registry.py): the "My dialogues" menu entry, audit labels, API."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import ApiDeclaration, AuditLabels, LoginFeature, MenuEntry, ScheduledJob

MENU = [
    MenuEntry("dialogues", _("Performance dialogues"), "feedback:mine", "chat-square-text", order=47,
              visible="kinerja.feedback.permissions.has_dialogues_page",
              hint=_("Dialogues with your superior or your team, their notes and agreed actions")),
]

AUDIT = AuditLabels(
    actions={
        "feedback.comment.create": _("Feedback posted"),
        "feedback.comment.update": _("Feedback edited"),
        "feedback.comment.delete": _("Feedback deleted"),
        "feedback.dialogue.create": _("Performance dialogue scheduled"),
        "feedback.dialogue.update": _("Performance dialogue changed"),
        "feedback.dialogue.record": _("Performance dialogue recorded"),
        "feedback.dialogue.cancel": _("Performance dialogue cancelled"),
        "feedback.action.create": _("Agreed action added"),
        "feedback.action.complete": _("Agreed action done"),
        "feedback.action.reopen": _("Agreed action reopened"),
    },
    object_types={
        "feedback.comment": _("Feedback comment"),
        "feedback.dialogue": _("Performance dialogue"),
        "feedback.dialogueaction": _("Agreed action"),
    },
    object_pages={
        "feedback.dialogue": "feedback:dialogue",
    },
)

# The dialogue reminders (feedback/reminders.py): the eve of each planned dialogue, each follow-up date.
SCHEDULE = [
    ScheduledJob("feedback.dialogue_reminders", "kinerja.feedback.tasks.send_dialogue_reminders", hour=7, minute=5),
]

API = ApiDeclaration(routers=("kinerja.feedback.api.router",))

CLI_COMMANDS = ("kinerja.feedback.cli.feedback_group",)

LOGIN_FEATURE = LoginFeature("chat-square-text", _("Feedback and performance dialogues between employees and "
                                                    "their superiors"))
