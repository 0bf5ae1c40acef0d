from django.core.management.base import BaseCommand

from editorial.models import SchoolAccess
from editorial.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Create or update the roles of the regulation: Ban biên tập, Lãnh đạo phòng, Quản trị CNTT, "
        "Cán bộ phòng, and a contact and a principal group per school, with their permissions, and the "
        "two moderation workflows. Safe to run again."
    )

    def handle(self, *args, **options):
        groups = setup_roles()
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã cập nhật {len(groups)} nhóm của Phòng và nhóm của {SchoolAccess.objects.count()} trường."
            )
        )
