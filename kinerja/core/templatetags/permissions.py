"""``{% can %}``: templates ask the app's own permission functions whether to show an action.

    {% load permissions %}
    {% can "planning.can_create_renstra" instance.pk as may_add %}
    {% if may_add %}<a href="…">New Renstra</a>{% endif %}

``"app.function"`` names a ``can_*`` function of ``kinerja/<app>/permissions.py`` (every app keeps its rules
there); it is called as ``function(request.user, *args)`` — the very function the view checks before it
answers, so a link is shown exactly when following it is allowed.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from django import template

register = template.Library()

@cache
def permission(name: str):
    app, _, function = name.partition(".")
    if not function.startswith("can_"):
        raise template.TemplateSyntaxError(f"{{% can %}} takes a can_* permission function, not {name!r}")
    module = import_module(f"kinerja.{app}.permissions")
    try:
        return getattr(module, function)
    except AttributeError as exc:
        raise template.TemplateSyntaxError(f"no permission function {name!r}") from exc


@register.simple_tag(takes_context=True)
def can(context, name: str, *args) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated:
        return False
    return bool(permission(name)(user, *args))
