"""What a server checks before it answers its first request. No database access.

Settings alone cannot refuse: tests, migrations and management commands run
with DEBUG off and the development key on a developer's machine, and must keep
working. A server is different: newsroom.wsgi (gunicorn, runserver) calls
``refuse_unsafe_production`` as it starts.
"""

from django.core.exceptions import ImproperlyConfigured

# A fixed development key keeps `make run` zero-configuration; nothing served with
# DEBUG off may use it (anyone could forge its sessions and signed values).
DEV_SECRET_KEY = "django-insecure-dev-only-key-do-not-use-in-production"


def refuse_unsafe_production(settings) -> None:
    """Raise ImproperlyConfigured when a non-DEBUG server would sign with a known key."""
    if settings.DEBUG:
        return
    if not settings.SECRET_KEY or settings.SECRET_KEY == DEV_SECRET_KEY:
        raise ImproperlyConfigured(
            "Refusing to serve with DEBUG off and the development SECRET_KEY: set "
            "DJANGO_SECRET_KEY to a long random value (python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'), or set DJANGO_DEBUG=1 on a developer machine."
        )
