import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
application = get_wsgi_application()


def warm_up() -> None:
    """Do in the worker, before it takes a request, what Django otherwise does on the first one: import the
    URLconf (it builds the whole API: every ninja operation's pydantic models, seconds of CPU) and load the
    translation catalogues. Under a rush the first requests of a fresh (or recycled) worker would otherwise
    queue behind that, and pay it on the request's clock."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 - the import is the point
    for code, _name in settings.LANGUAGES:
        translation.trans_real.translation(code)


warm_up()
