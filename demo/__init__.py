"""The demo site (``manage.py seed_demo``): text, drawings, the regulation's text and the bulk generator.

Installed by the dev and test settings only (never by ``production``); nothing in the site imports it.
"""

from site_kb.slugs import ascii_slug


def slug_for(text):
    """An ASCII slug for a Vietnamese title: ``Trường THCS Ba Sao`` → ``truong-thcs-ba-sao``.

    A slash becomes a hyphen first, so document numbers keep their parts apart:
    ``33/QĐ-GDĐT`` → ``33-qd-gddt``.
    """
    return ascii_slug(text.replace("/", "-"))
