"""A fresh installation's first instance and its first BKPSDM administrator (``kinerja init``).

One transaction through the ordinary services, so the audit log records each step
(``organization.instance.create``, ``accounts.user.create``, ``accounts.role.grant``) exactly as if
a platform operator had done it in the back office.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kinerja.accounts import services as account_services
from kinerja.accounts.models import Role, User
from kinerja.core.actors import system_actor
from kinerja.core.errors import field_error
from kinerja.organization import services as org_services
from kinerja.organization.models import Instance

INIT = system_actor("init")

# Letters and digits that cannot be mistaken for one another when read off a screen or a sheet.
_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "Il1O0o")


@dataclass
class Bootstrap:
    instance: Instance
    admin: User
    password: str
    password_generated: bool
    must_change_password: bool


def generate_password(length: int = 16) -> str:
    """A random password with upper case, lower case and digits, in groups of four for reading."""
    while True:
        raw = "".join(secrets.choice(_ALPHABET) for _i in range(length))
        if any(c.isupper() for c in raw) and any(c.islower() for c in raw) and any(c.isdigit() for c in raw):
            return "-".join(raw[i:i + 4] for i in range(0, length, 4))


def initialize(*, name: str, code: str = "", city: str = "", slug: str = "", admin_username: str = "admin",
               password: str | None = None) -> Bootstrap:
    """Create the instance and its first BKPSDM admin (system actor); ``password=None`` generates one."""
    name = " ".join((name or "").split())
    if not name:
        raise field_error("name", _("The instance name is required."), "required")
    slug = slugify(slug or name)[:60].strip("-")
    if not slug:
        raise field_error("slug", _("Give a slug of letters and digits, e.g. palembang."), "invalid")
    if Instance.objects.filter(name__iexact=name).exists():
        raise field_error("name", _("An instance with this name already exists."), "duplicate")
    generated = not password
    password = password or generate_password()
    with transaction.atomic():
        instance = org_services.create_instance(actor=INIT, name=name, slug=slug, region=" ".join(city.split()),
                                                code=code.strip(), city=city)
        # The first password is one-time, like every password an administrator hands out.
        admin = account_services.create_user(actor=INIT, instance=instance, username=admin_username,
                                             password=password, must_change_password=True)
        account_services.grant_role(actor=INIT, user=admin, role=Role.ADMIN_BKPSDM)
    return Bootstrap(instance, admin, password, generated, admin.must_change_password)
