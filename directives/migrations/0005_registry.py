"""The registry of Điều 6: editable document kinds, issuing bodies and subjects as snippets;
group, effective date, status and replacement on each document. Existing documents keep
their kind (same codes) and issuer (a snippet per distinct name)."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

STANDARD_KINDS = [
    ("quyet-dinh", "Quyết định"),
    ("chi-thi", "Chỉ thị"),
    ("cong-van", "Công văn"),
    ("ke-hoach", "Kế hoạch"),
    ("thong-bao", "Thông báo"),
    ("quy-che", "Quy chế"),
    ("quy-dinh", "Quy định"),
    ("huong-dan", "Hướng dẫn"),
    ("bao-cao", "Báo cáo"),
    ("to-trinh", "Tờ trình"),
    ("thong-tu", "Thông tư"),
    ("nghi-dinh", "Nghị định"),
    ("luat", "Luật"),
    ("khac", "Văn bản khác"),
]
STANDARD_ISSUERS = ["Bộ GD&ĐT", "UBND tỉnh", "Sở GD&ĐT", "UBND huyện", "Phòng GD&ĐT"]


def create_lists(apps, schema_editor):
    DocumentKind = apps.get_model("directives", "DocumentKind")
    IssuingBody = apps.get_model("directives", "IssuingBody")
    for order, (slug, name) in enumerate(STANDARD_KINDS):
        DocumentKind.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
    for order, name in enumerate(STANDARD_ISSUERS):
        IssuingBody.objects.get_or_create(name=name, defaults={"sort_order": order})


def copy_values(apps, schema_editor):
    DirectivePage = apps.get_model("directives", "DirectivePage")
    DocumentKind = apps.get_model("directives", "DocumentKind")
    IssuingBody = apps.get_model("directives", "IssuingBody")
    for page in DirectivePage.objects.all():
        kind, _ = DocumentKind.objects.get_or_create(slug=page.doc_type or "khac", defaults={"name": page.doc_type})
        issuer, _ = IssuingBody.objects.get_or_create(name=page.issuing_body or "Không rõ")
        DirectivePage.objects.filter(pk=page.pk).update(kind=kind.pk, issuer=issuer.pk)


class Migration(migrations.Migration):
    dependencies = [("directives", "0004_consultation_window")]

    operations = [
        migrations.CreateModel(
            name="DocumentKind",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=80, unique=True, verbose_name="tên loại văn bản")),
                (
                    "slug",
                    models.SlugField(
                        help_text="Dùng trong địa chỉ lọc, ví dụ: quyet-dinh.", max_length=40, unique=True, verbose_name="mã"
                    ),
                ),
                ("sort_order", models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự")),
            ],
            options={"verbose_name": "loại văn bản", "verbose_name_plural": "loại văn bản", "ordering": ["sort_order", "name"]},
        ),
        migrations.CreateModel(
            name="IssuingBody",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=150, unique=True, verbose_name="tên cơ quan ban hành")),
                ("sort_order", models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự")),
            ],
            options={
                "verbose_name": "cơ quan ban hành",
                "verbose_name_plural": "cơ quan ban hành",
                "ordering": ["sort_order", "name"],
            },
        ),
        migrations.CreateModel(
            name="DocumentSubject",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="lĩnh vực")),
            ],
            options={"verbose_name": "lĩnh vực văn bản", "verbose_name_plural": "lĩnh vực văn bản", "ordering": ["name"]},
        ),
        migrations.RunPython(create_lists, migrations.RunPython.noop),
        migrations.AddField(
            model_name="directivepage",
            name="kind",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="directives.documentkind",
            ),
        ),
        migrations.AddField(
            model_name="directivepage",
            name="issuer",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="directives.issuingbody"
            ),
        ),
        migrations.RunPython(copy_values, migrations.RunPython.noop),
        migrations.RemoveField(model_name="directivepage", name="doc_type"),
        migrations.RemoveField(model_name="directivepage", name="issuing_body"),
        migrations.RenameField(model_name="directivepage", old_name="kind", new_name="doc_type"),
        migrations.RenameField(model_name="directivepage", old_name="issuer", new_name="issuing_body"),
        migrations.AlterField(
            model_name="directivepage",
            name="doc_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="directives.documentkind",
                verbose_name="loại văn bản",
            ),
        ),
        migrations.AlterField(
            model_name="directivepage",
            name="issuing_body",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="directives.issuingbody",
                verbose_name="cơ quan ban hành",
            ),
        ),
        migrations.AddField(
            model_name="directivepage",
            name="group",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[
                    (1, "Văn bản quy định và văn bản chỉ đạo của Sở (Điều 6.1)"),
                    (2, "Văn bản chỉ đạo điều hành của Lãnh đạo Phòng (Điều 6.2)"),
                    (3, "Nội quy, quy chế, quy định; dự thảo lấy ý kiến (Điều 6.3)"),
                ],
                null=True,
                verbose_name="nhóm (Điều 6)",
            ),
        ),
        migrations.AddField(
            model_name="directivepage",
            name="effective_date",
            field=models.DateField(blank=True, null=True, verbose_name="ngày có hiệu lực"),
        ),
        migrations.AddField(
            model_name="directivepage",
            name="status",
            field=models.CharField(
                choices=[("in-force", "Còn hiệu lực"), ("expired", "Hết hiệu lực"), ("replaced", "Đã được thay thế")],
                default="in-force",
                max_length=10,
                verbose_name="hiệu lực",
            ),
        ),
        migrations.AddField(
            model_name="directivepage",
            name="replaced_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="replaces",
                to="directives.directivepage",
                verbose_name="được thay thế bởi",
            ),
        ),
        migrations.AddField(
            model_name="directivepage",
            name="subjects",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True, to="directives.documentsubject", verbose_name="lĩnh vực"
            ),
        ),
    ]
