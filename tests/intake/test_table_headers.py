"""A Word table's header row becomes <thead> with <th scope="col"> (issue 15.14; Circular
32/2017/TT-BTTTT, Điều 18: table headers), however Word marked it."""

from django.template.loader import render_to_string
from django.test import SimpleTestCase

from intake.conversion import convert_docx

from ..docx_builders import HEADER_TABLE_ROWS, docx_bytes, table_document


def imported_table(document):
    converted = convert_docx(docx_bytes(document))
    [table] = [value for block_type, value in converted.blocks if block_type == "table"]
    return table


class WordTableHeaderTests(SimpleTestCase):
    def test_header_rows_as_word_marks_them(self):
        for label, document in (
            ("Repeat Header Rows (w:tblHeader)", table_document(header="repeat")),
            ("bold first row", table_document(header="bold")),
            ("table style with a bold header row", table_document(style="Light Grid Accent 1")),
            (
                "style based on one with a bold header row",
                table_document(based_on="Medium Shading 1 Accent 2"),
            ),
        ):
            with self.subTest(label):
                table = imported_table(document)
                self.assertEqual(table["data"], HEADER_TABLE_ROWS)
                self.assertTrue(table["first_row_is_table_header"])
                html = render_to_string("components/blocks/table_block.html", {"value": table})
                self.assertInHTML(
                    '<thead><tr><th scope="col">Trường</th><th scope="col">Số học sinh</th></tr></thead>',
                    html,
                )
                self.assertInHTML("<tbody><tr><td>THCS Ba Sao</td><td>450</td></tr></tbody>", html)

    def test_a_plain_first_row_stays_data(self):
        for label, document in (
            ("no style", table_document()),
            ("Table Grid: borders only", table_document(style="Table Grid")),
        ):
            with self.subTest(label):
                table = imported_table(document)
                self.assertFalse(table["first_row_is_table_header"])
                self.assertNotIn(
                    "<th", render_to_string("components/blocks/table_block.html", {"value": table})
                )
