from django.core.management.base import BaseCommand, CommandError

from site_kb import i18n


class Command(BaseCommand):
    help = (
        "Print how much of the installed Wagtail admin is in Vietnamese, per app and in total, "
        "for django and djangojs; fail below 98% and list what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--shipped", action="store_true", help="Count only what Wagtail ships (before).")
        parser.add_argument("--threshold", type=float, default=i18n.THRESHOLD)

    def handle(self, *args, shipped, threshold, **options):
        failed = []
        for domain in i18n.DOMAINS:
            report = i18n.coverage(domain, include_project=not shipped)
            self.stdout.write(f"== {domain}")
            for app, (done, total) in report.per_app.items():
                self.stdout.write(f"  {app:45} {done:5}/{total:<5} {done / total:7.1%}")
            self.stdout.write(
                f"  {'TOTAL (unique msgids)':45} {report.translated:5}/{report.total:<5} {report.ratio:7.1%}"
            )
            if report.ratio < threshold:
                failed.append(domain)
                for app, msgids in report.missing.items():
                    for msgid in msgids:
                        self.stdout.write(f"  missing [{app}] {msgid!r}")
        if failed:
            raise CommandError(f"Vietnamese coverage below {threshold:.0%} for: {', '.join(failed)}")
