from django.core.management.base import BaseCommand

import polib

from site_kb import i18n


class Command(BaseCommand):
    help = (
        "Rebuild locale/vi/LC_MESSAGES/{django,djangojs}.po from the installed Wagtail's English "
        "catalogs and the project's own strings, keeping every translation already made; then "
        "compile the .mo files. Run after upgrading Wagtail, translate what is empty, run again."
    )

    def handle(self, *args, **options):
        for domain in i18n.DOMAINS:
            catalog = i18n.build_catalog(domain)
            path = i18n.project_catalog(domain)
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog.save(str(path))
            catalog.save_as_mofile(str(path.with_suffix(".mo")))
            empty = sum(1 for entry in catalog if not i18n.is_translated(entry))
            self.stdout.write(f"{path}: {len(catalog)} entries, {empty} untranslated")


def compiled_matches_source(domain):
    """True when the committed .mo holds exactly the translated entries of the .po."""
    path = i18n.project_catalog(domain)
    source = {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if i18n.is_translated(e)}
    compiled = {(e.msgctxt, e.msgid) for e in polib.mofile(str(path.with_suffix(".mo"))) if e.msgid}
    return source == compiled
