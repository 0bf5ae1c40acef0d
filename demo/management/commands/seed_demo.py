"""``manage.py seed_demo [--port P] [--scale N] [--sites N]``: fill the site with the Kim Bảng demo
content, the authority on ``localhost`` and three of its schools as member sites on ``*.localhost``."""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from demo import bulk
from demo import content as c
from demo import sites as member_sites
from demo.seed import IMAGE_COLLECTION, LOGO_TITLE, Seeder
from directives.models import DirectivePage
from links.models import ExternalLink
from news.models import NewsPage
from org.models import OrgUnitPage
from schools.models import SchoolPage
from units.services import normalise_hostname

# Wagtail logs every page action and django-tasks every search/reference-index task at INFO:
# hundreds of lines per run. They are shown with -v 2.
CHATTY_LOGGERS = ["wagtail", "django_tasks"]


@contextmanager
def quiet_loggers(enabled):
    loggers = [logging.getLogger(name) for name in CHATTY_LOGGERS] if enabled else []
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


ACCOUNTS_HELP = "; ".join(f"{username} ({role})" for username, *_rest, role in c.DEMO_USERS)


class Command(BaseCommand):
    help = (
        "Create the demo site of Phòng GD&ĐT Kim Bảng: home page and default Site, organisation settings "
        "with a logo, the Giới thiệu / Văn bản / Tin tức / Trường học sections, the website regulation "
        "33/QĐ-GDĐT and other documents, about 50 schools, 30+ news articles with drawn pictures, the link "
        "directory and demo accounts; the authority's site on localhost and three schools as member sites "
        "on thcs-basao.localhost, mn-basao.localhost and th-leho.localhost (Circular 37/2020 Art. 3). "
        "Safe to run again: existing objects are found by natural key and nothing is duplicated. Wagtail's default welcome page is replaced. "
        f"Demo accounts, all with the password “{c.DEMO_PASSWORD}”: {ACCOUNTS_HELP}. "
        "Refuses to run with DEBUG off (production settings) unless --i-know-this-is-production is given; "
        "then no account gets the demo password: the superuser gets a random password printed once, the "
        "other accounts none (set one with changepassword)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help=(
                "After the normal seed, make sure N generated news articles exist (slugs tin-tu-dong-…), "
                "bulk-inserted under the news section and the schools. Re-running tops up to N. "
                "Bulk pages are not search-indexed: run update_index afterwards."
            ),
        )
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Pages per transaction for --scale (default 2000)."
        )
        parser.add_argument(
            "--sites",
            type=int,
            default=0,
            metavar="N",
            help=(
                "After the normal seed, make sure N generated member schools exist (slugs truong-tu-dong-…), "
                "each its own Site on <slug>.<--site-domain> with its settings, groups, the Art. 9 pages "
                f"and {member_sites.NEWS_PER_SITE} news articles, bulk-inserted (about a minute for 1,000). "
                "Re-running adds only what is missing. Not search-indexed: run update_index afterwards."
            ),
        )
        parser.add_argument(
            "--site-domain",
            default=c.DEV_DOMAIN,
            help=f"Domain the --sites hostnames end in (default {c.DEV_DOMAIN}, which browsers resolve to loopback).",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=c.DEV_PORT,
            help=(
                f"Port of the development server (default {c.DEV_PORT}, as `make run`). Every demo Site "
                "gets it, so links between the authority's site and the schools' sites reach the server."
            ),
        )
        parser.add_argument(
            "--i-know-this-is-production",
            action="store_true",
            dest="production",
            help=(
                "Seed even though DEBUG is off. No account gets the demo password: the superuser gets a "
                "random one, printed once; the others get none."
            ),
        )

    def handle(self, *args, scale, batch_size, sites, site_domain, port, production, **options):
        if not settings.DEBUG and not production:
            raise CommandError(
                _(
                    "DEBUG đang tắt (cấu hình production): seed_demo không chạy để không ghi dữ liệu mẫu "
                    "và tài khoản có mật khẩu công khai vào cơ sở dữ liệu thật. Nếu thật sự muốn, chạy lại "
                    "với --i-know-this-is-production (tài khoản quản trị sẽ nhận một mật khẩu ngẫu nhiên)."
                )
            )
        # Only a development machine (DEBUG on) gets the documented demo password.
        known_password = settings.DEBUG
        if scale < 0:
            raise CommandError("--scale must be 0 or more")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        if not 1 <= port <= 65535:
            raise CommandError("--port must be between 1 and 65535")
        if sites < 0:
            raise CommandError("--sites must be 0 or more")
        site_domain = site_domain.strip().strip(".").lower()
        try:
            normalise_hostname(f"truong.{site_domain}")
        except ValidationError as error:
            raise CommandError(f"--site-domain: {' '.join(error.messages)}") from error

        self.stdout.write("Seeding the demo site…")
        seeder = Seeder(stdout=self.stdout, known_password=known_password, port=port)
        with quiet_loggers(options["verbosity"] < 2):
            created = seeder.run()
        if created:
            parts = ", ".join(f"{name} {count}" for name, count in sorted(created.items()))
            self.stdout.write(self.style.SUCCESS(f"Created: {parts}."))
        else:
            self.stdout.write(self.style.SUCCESS("Nothing created: the demo content is already there."))

        image_ids = list(
            get_image_model()
            .objects.filter(collection=seeder.collection)
            .exclude(title=LOGO_TITLE)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if scale:
            parents = [(seeder.sections["news"], "office")]
            parents += [(school, "school") for school in seeder.schools.values()]
            bulk.generate(self.stdout, scale, parents, image_ids, batch_size=batch_size)
        if sites:
            with quiet_loggers(options["verbosity"] < 2):
                member_sites.generate(
                    self.stdout, sites, seeder.sections["schools"], image_ids, domain=site_domain, port=port
                )

        self.summary(seeder)

    def summary(self, seeder):
        self.print_counts(seeder)
        self.print_addresses(seeder)
        if seeder.known_password:
            self.print_demo_logins()
            return
        for username, password in seeder.generated_passwords.items():
            self.stdout.write(
                self.style.WARNING(
                    f"Superuser {username}: random password {password} (shown only now; "
                    f"change it with `manage.py changepassword {username}`)."
                )
            )
        self.stdout.write("Other demo accounts have no password: set one with `manage.py changepassword`.")

    def print_counts(self, seeder):
        home = seeder.home
        generated = NewsPage.objects.filter(slug__startswith=bulk.SLUG_PREFIX).count()
        news = NewsPage.objects.descendant_of(home).count()
        rows = [
            ("pages under the home page", Page.objects.descendant_of(home, inclusive=True).count()),
            ("organisation pages", OrgUnitPage.objects.descendant_of(home).count()),
            ("documents (văn bản)", DirectivePage.objects.descendant_of(home).count()),
            ("schools", SchoolPage.objects.descendant_of(home).count()),
            ("news articles", f"{news} ({generated} generated by --scale)"),
            (
                f"images in “{IMAGE_COLLECTION}”",
                get_image_model().objects.filter(collection=seeder.collection).count(),
            ),
            ("document files", get_document_model().objects.count()),
            ("links", ExternalLink.objects.count()),
            ("users", get_user_model().objects.count()),
        ]
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(f"Demo site: {home.title} ({seeder.site})"))
        for label, value in rows:
            self.stdout.write(f"  {label:<32} {value}")
        self.stdout.write("")

    def print_addresses(self, seeder):
        self.stdout.write(self.style.MIGRATE_HEADING("Addresses (start the server with `make run`)"))
        self.stdout.write(f"  {seeder.site.root_url + '/':<40} {seeder.site.site_name}")
        for site in seeder.member_sites.values():
            self.stdout.write(f"  {site.root_url + '/':<40} {site.site_name}")
        self.stdout.write(f"  {seeder.site.root_url + '/admin/':<40} admin")
        self.stdout.write("")

    def print_demo_logins(self):
        self.stdout.write(
            self.style.MIGRATE_HEADING(f"Demo logins for /admin/ (password: {c.DEMO_PASSWORD})")
        )
        for username, first, last, _email, groups, is_superuser, role in c.DEMO_USERS:
            group = "superuser" if is_superuser else ", ".join(groups)
            full_name = f"{first} {last}"
            self.stdout.write(f"  {username:<22} {full_name:<22} {role} [{group}]")
