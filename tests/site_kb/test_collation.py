"""Vietnamese alphabetical order (site_kb.collation): names sort as in a Vietnamese dictionary."""

from django.test import SimpleTestCase

from site_kb.collation import sorted_vietnamese, vietnamese_sort_key


class CollationTests(SimpleTestCase):
    def assertBefore(self, first, second):
        self.assertLess(vietnamese_sort_key(first), vietnamese_sort_key(second), f"{first} < {second}")

    def test_d_comes_before_dd(self):
        self.assertBefore("Dương", "Đồng Hóa")
        self.assertBefore("Duy Tiên", "Đại Cương")
        # Code points put Đ after every Latin letter; the key does not.
        self.assertBefore("Đồng Hóa", "Ếch")

    def test_letters_with_breve_and_circumflex_are_letters_of_their_own(self):
        self.assertBefore("An", "Ấp")
        self.assertBefore("Anh", "Ăn")
        self.assertBefore("Ăn", "Ấp")
        self.assertBefore("Ô Môn", "Ơn")
        self.assertBefore("Uông Bí", "Ưng")

    def test_names_compare_word_by_word(self):
        self.assertBefore("Ba Sao", "Bắc")
        self.assertBefore("Ba Sao", "Bác")
        self.assertBefore("Nhật Tân", "Nhật Tựu")

    def test_tones_only_break_ties_in_dictionary_order(self):
        words = ["bạ", "bá", "bã", "bả", "bà", "ba"]
        self.assertEqual(sorted_vietnamese(words), ["ba", "bà", "bả", "bã", "bá", "bạ"])
        # The letters decide first: "bác" comes after "bạ" whatever the tones.
        self.assertBefore("bạ", "bac")

    def test_numbers_by_value_and_case_last(self):
        self.assertBefore("Trường Tiểu học số 2", "Trường Tiểu học số 10")
        self.assertBefore("tân sơn", "Tân Sơn")

    def test_decomposed_text_sorts_as_composed(self):
        decomposed = "Đo\u0302\u0300ng Ho\u0301a"
        self.assertEqual(vietnamese_sort_key(decomposed)[:3], vietnamese_sort_key("Đồng Hóa")[:3])

    def test_a_list_of_schools(self):
        schools = [
            "Trường THCS Đồng Hóa",
            "Trường THCS Ba Sao",
            "Trường THCS Bắc Sơn",
            "Trường THCS Dương Xá",
            "Trường THCS An Phú",
            "Trường THCS Ấp Bắc",
        ]
        self.assertEqual(
            sorted_vietnamese(schools),
            [
                "Trường THCS An Phú",
                "Trường THCS Ấp Bắc",
                "Trường THCS Ba Sao",
                "Trường THCS Bắc Sơn",
                "Trường THCS Dương Xá",
                "Trường THCS Đồng Hóa",
            ],
        )
        self.assertEqual(
            sorted_vietnamese([{"n": "Đá"}, {"n": "Da"}], key=lambda d: d["n"]), [{"n": "Da"}, {"n": "Đá"}]
        )

    def test_syllable_by_syllable(self):
        # The first syllable decides, tone included, before the next is looked at.
        self.assertBefore("Thi Trấn", "Thị Sơn")
        self.assertBefore("Ba", "Ba Sao")
