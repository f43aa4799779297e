from django.conf import settings


def site(request):
    """Site-wide names every page template uses for titles and share tags."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
