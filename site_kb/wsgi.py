"""WSGI entry point; production servers load ``site_kb.settings.production``.

Django's application is wrapped by the page cache's ``CachedPagesApplication`` (issue 17): an
anonymous reader's stored page is answered before Django's handler and middleware run, anything
else goes to Django unchanged (``site_kb.page_cache``).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_kb.settings.production")

django_application = get_wsgi_application()

from site_kb.page_cache import CachedPagesApplication  # noqa: E402 - needs the apps loaded above

application = CachedPagesApplication(django_application)
