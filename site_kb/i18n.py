"""The Vietnamese admin catalog: which Wagtail strings there are, and how many we translate.

Wagtail ships Vietnamese for about a fifth of its admin. ``locale/vi`` (first in
``LOCALE_PATHS``, so it wins over the apps' catalogs) completes it. These helpers
read the installed packages' English catalogs, so a Wagtail upgrade shows at once
which new strings still need a translation.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

import polib

# Packages whose admin strings a school contact meets: Wagtail (all its apps), the parts of
# Django the Wagtail admin shows (dates and time since, validation, users) and django-taggit
# (the tags field's help on the Promote tab).
PACKAGES = [
    "wagtail",
    "django.conf",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "taggit",
]
DOMAINS = ["django", "djangojs"]
THRESHOLD = 0.98


def project_catalog(domain):
    return Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / f"{domain}.po"


def english_catalogs(domain):
    """(app label, path) of every installed Wagtail English catalog of ``domain``."""
    import importlib

    found = []
    for package in PACKAGES:
        root = Path(importlib.import_module(package).__file__).parent
        paths = [root / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"]
        if package.startswith("wagtail"):
            paths = sorted(root.glob(f"**/locale/en/LC_MESSAGES/{domain}.po"))
        for path in paths:
            if path.exists():
                app = ".".join((package, *path.relative_to(root).parts[:-4])).rstrip(".")
                found.append((app, path))
    return found


def is_translated(entry):
    if "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def translations(path):
    """{(context, msgid): entry} of the translated entries of a Vietnamese catalog, if it exists."""
    if not path.exists():
        return {}
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path)) if is_translated(e) and not e.obsolete}


def vietnamese_catalog_for(en_path):
    return en_path.parent.parent.parent / "vi" / "LC_MESSAGES" / en_path.name


def shipped_translations(domain):
    """The Vietnamese Wagtail ships, merged over all its apps as Django merges them."""
    merged = {}
    for _app, en_path in reversed(english_catalogs(domain)):
        merged.update(translations(vietnamese_catalog_for(en_path)))
    return merged


def project_apps():
    """The installed apps whose code lives in this repository."""
    from django.apps import apps

    base = Path(settings.BASE_DIR).resolve()
    return [Path(app.path) for app in apps.get_app_configs() if Path(app.path).resolve().parent == base]


def project_msgids(domain):
    """The msgids of the project's own code and templates, extracted by Django's makemessages.

    makemessages writes next to the nearest ``locale`` folder, which would be our real
    catalog; it runs in a scratch folder of links to the apps instead. Our source strings
    are written in Vietnamese, so each is its own translation.
    """
    import os
    import tempfile

    from django.core.management import call_command
    from django.test.utils import override_settings

    with tempfile.TemporaryDirectory() as tmp:
        sources, output = Path(tmp) / "src", Path(tmp) / "out"
        sources.mkdir()
        for app_path in project_apps():
            (sources / app_path.name).symlink_to(app_path, target_is_directory=True)
        cwd = os.getcwd()
        os.chdir(sources)
        try:
            with override_settings(LOCALE_PATHS=[str(output)]):
                call_command(
                    "makemessages", locale=["vi"], domain=domain, symlinks=True, no_obsolete=True, verbosity=0
                )
        finally:
            os.chdir(cwd)
        path = output / "vi" / "LC_MESSAGES" / f"{domain}.po"
        return [e for e in polib.pofile(str(path)) if e.msgid] if path.exists() else []


def build_catalog(domain):
    """A catalog of every Wagtail msgid of ``domain``: our translation, else Wagtail's, else empty.

    Entries keep the app they come from as a comment, so a translator knows the screen.
    """
    ours = translations(project_catalog(domain))
    shipped = shipped_translations(domain)
    catalog = polib.POFile()
    catalog.metadata = {
        "Project-Id-Version": "site_kb admin (Wagtail completion)",
        "Language": "vi",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    added = set()
    for app, en_path in english_catalogs(domain):
        for entry in polib.pofile(str(en_path)):
            key = (entry.msgctxt, entry.msgid)
            if entry.obsolete or not entry.msgid or key in added:
                continue
            added.add(key)
            source = ours.get(key) or shipped.get(key)
            new = polib.POEntry(
                msgid=entry.msgid,
                msgctxt=entry.msgctxt,
                msgid_plural=entry.msgid_plural,
                comment=app,
                flags=[flag for flag in entry.flags if flag.endswith("-format")],
            )
            if entry.msgid_plural:
                new.msgstr_plural = {
                    0: source.msgstr_plural.get(0, "")
                    if source and source.msgid_plural
                    else (source.msgstr if source else "")
                }
            else:
                new.msgstr = source.msgstr if source else ""
            catalog.append(new)
    for entry in project_msgids(domain):
        key = (entry.msgctxt, entry.msgid)
        if key in added:
            continue
        added.add(key)
        new = polib.POEntry(
            msgid=entry.msgid, msgctxt=entry.msgctxt, msgid_plural=entry.msgid_plural, comment="site_kb"
        )
        if entry.msgid_plural:
            new.msgstr_plural = {0: entry.msgid_plural}
        else:
            new.msgstr = entry.msgid
        catalog.append(new)
    return catalog


@dataclass
class Coverage:
    domain: str
    per_app: dict = field(default_factory=dict)  # app -> (translated, total)
    missing: dict = field(default_factory=lambda: defaultdict(list))  # app -> [msgid]
    translated: int = 0
    total: int = 0

    @property
    def ratio(self):
        return self.translated / self.total if self.total else 1.0


def coverage(domain, include_project=True):
    """How many of Wagtail's English msgids have a Vietnamese translation that Django will use.

    Effective = our project catalog, else the app's own ``vi`` catalog (Django's order).
    With ``include_project=False`` only Wagtail's own catalogs count (the "before" figure).
    """
    ours = translations(project_catalog(domain)) if include_project else {}
    shipped = shipped_translations(domain)
    report = Coverage(domain)
    seen = {}
    for app, en_path in english_catalogs(domain):
        done = total = 0
        for entry in polib.pofile(str(en_path)):
            if entry.obsolete or not entry.msgid:
                continue
            key = (entry.msgctxt, entry.msgid)
            ok = key in ours or key in shipped
            total += 1
            done += ok
            if not ok:
                report.missing[app].append(entry.msgid)
            seen[key] = seen.get(key, False) or ok
        report.per_app[app] = (done, total)
    report.total = len(seen)
    report.translated = sum(seen.values())
    return report


# Wagtail templates that print English without gettext. site_kb/templates/wagtailadmin/
# holds copies with exactly these replacements (a test keeps them in step with Wagtail).
HARDCODED_ENGLISH = {
    "home.html": [('value="Search"', "value=\"{% trans 'Search' %}\"")],
    "shared/header.html": [('value="Search"', "value=\"{% trans 'Search' %}\"")],
    "shared/headers/_actions.html": [('aria-label="Actions"', "aria-label=\"{% trans 'Actions' %}\"")],
    # Python's True/False/None as the screen-reader text of every yes/no column (users, reports).
    "tables/boolean_cell.html": [
        (
            "{% icon title=value|stringformat:'s' name=\"help\"",
            "{% trans 'Unknown' as label %}{% icon title=label name=\"help\"",
        ),
        (
            "{% icon title=value|stringformat:'s' name=\"check\"",
            "{% trans 'Yes' as label %}{% icon title=label name=\"check\"",
        ),
        (
            "{% icon title=value|stringformat:'s' name=\"cross\"",
            "{% trans 'No' as label %}{% icon title=label name=\"cross\"",
        ),
    ],
    # The page-type report names each type by its code ("news.newspage") and title-cases Vietnamese.
    "reports/listing/_list_page_types_usage.html": [
        ("{{ page_type.app_label }}.{{ page_type.model }}", "{{ page_type.app_labeled_name }}"),
        ("{{ page_type.name|title }}", "{{ page_type.name|capfirst }}"),
    ],
    # A side panel's counter prints "None" when the panel has nothing to count (hidden, but in the page).
    "shared/side_panel_toggle.html": [
        ("{{ count|intcomma }}", "{% if count %}{{ count|intcomma }}{% endif %}")
    ],
}


def template_override_drift():
    """Overrides that no longer equal Wagtail's template plus our replacements (after an upgrade)."""
    import wagtail.admin

    originals = Path(wagtail.admin.__file__).parent / "templates" / "wagtailadmin"
    overrides = Path(settings.BASE_DIR) / "site_kb" / "templates" / "wagtailadmin"
    drifted = []
    for name, replacements in HARDCODED_ENGLISH.items():
        expected = (originals / name).read_text(encoding="utf-8")
        for english, translated in replacements:
            expected = expected.replace(english, translated)
        if not re.search(r"\{% load [^%]*\bi18n\b", expected):
            expected = "{% load i18n %}" + expected
        if (overrides / name).read_text(encoding="utf-8") != expected:
            drifted.append(name)
    return drifted
