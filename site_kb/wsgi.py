"""WSGI entry point; production servers load ``site_kb.settings.production``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_kb.settings.production")

application = get_wsgi_application()
