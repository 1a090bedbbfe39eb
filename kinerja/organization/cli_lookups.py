"""The organisation as the commands of the apps name it (``--instance ID|SLUG``, ``--unit ID``): looked up, or
refused with click's usage error for that option."""

from __future__ import annotations

import click


def instance_option(value: str):
    """An instance by id or slug."""
    from django.utils.translation import gettext as _

    from kinerja.organization.models import Instance

    query = Instance.objects.filter(pk=int(value)) if value.isdigit() else Instance.objects.filter(slug=value)
    instance = query.first()
    if instance is None:
        raise click.BadParameter(_("No instance with id or slug %(value)s.") % {"value": value},
                                 param_hint="'--instance'")
    return instance


def unit_option(instance, value: int | None):
    """A unit of the instance by id (None when no unit is named)."""
    from django.utils.translation import gettext as _

    from kinerja.organization.models import Unit

    if value is None:
        return None
    unit = Unit.objects.filter(instance=instance, pk=value).first()
    if unit is None:
        raise click.BadParameter(_("No unit %(id)s in this instance.") % {"id": value}, param_hint="'--unit'")
    return unit
