"""purge_personal_data cost (issue 14.7): time and queries per anonymised item, and the dry run's.

    python bench/purge.py --items 2000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/purge.py

Builds a throw-away test database (migrated; SQLite in memory, or ``test_…`` on PostgreSQL), fills
it with expired questions (half with an attachment) and draft comments, half as many that are not
yet due, runs the command's work and prints the figures; the database is dropped at the end.
"""

import argparse
import datetime
import io
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000, help="expired questions (and as many comments)")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_kb.settings.test")
    import django

    django.setup()
    logging.disable(logging.INFO)  # Wagtail's task lines for every saved row; the figures only
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from consultations.models import DraftComment
    from directives.models import DirectivePage
    from feedback.records import Feedback, FeedbackEvent, Status
    from privacy.retention import cutoff

    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from tests.builders import make_directive, make_site

        _home, sections = make_site()
        draft = make_directive(sections["directives"], 1)
        long_ago = cutoff() - datetime.timedelta(days=3)
        DirectivePage.objects.filter(pk=draft.pk).update(
            comment_opens=long_ago - datetime.timedelta(days=30), comment_closes=long_ago
        )
        recent = timezone.now() - datetime.timedelta(days=30)
        for number in range(args.items + args.items // 2):
            expired = number < args.items
            item = Feedback(
                name=f"Bạn đọc {number}",
                email=f"ban.doc{number}@example.com",
                phone="0912000111",
                title=f"Câu hỏi {number}",
                content="Nội dung câu hỏi.",
                status=Status.CLOSED,
            )
            if expired and number % 2 == 0:
                item.attachment.save(f"tep-{number}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
            item.save()
            item.events.create(action=FeedbackEvent.Action.CLOSED, at=long_ago if expired else recent)
        DraftComment.objects.bulk_create(
            DraftComment(
                page=draft,
                name=f"Người góp ý {n}",
                unit="Trường",
                email=f"g{n}@example.com",
                comment="Ý kiến",
            )
            for n in range(args.items)
        )

        started = time.perf_counter()
        call_command("purge_personal_data", "--dry-run", stdout=io.StringIO())
        dry = time.perf_counter() - started

        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            started = time.perf_counter()
            out = io.StringIO()
            call_command("purge_personal_data", stdout=out)
            spent = time.perf_counter() - started
        total = 2 * args.items
        print(
            f"{connection.vendor}: {args.items} expired questions ({args.items // 2} attachments), "
            f"{args.items} expired comments, {args.items // 2} questions not yet due"
        )
        print(f"dry run: {dry:.2f} s")
        print(
            f"purge: {spent:.2f} s, {spent / total * 1000:.2f} ms and {len(queries) / total:.1f} queries per item"
        )
        print(out.getvalue().strip().splitlines()[-1])
        started = time.perf_counter()
        call_command("purge_personal_data", stdout=io.StringIO())
        print(f"second run (nothing to do): {time.perf_counter() - started:.2f} s")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
