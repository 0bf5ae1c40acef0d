"""The re-ranking's word tests (site_kb.query): a typed word counts only as a whole word of the
title or summary, as ``\\w`` delimits words; a page named exactly what was typed scores 100."""

import re
from types import SimpleNamespace

from django.test import SimpleTestCase

from site_kb.folding import WORD_RE
from site_kb.query import exact_match_score, has_word, named_as_typed, query_words

TEXTS = [
    "",
    "hội",
    "hội nghị",
    "Hội thao, hội diễn; hội_trường và hội2 và 2hội",
    "hộii hộ hội.",
    "nghiên cứu, sơ cứu: cứu",
    "a_b a b _a_ ab",
    "x-hội-y (hội) «hội»",
    "Trường THCS Đồng Hóa",
]
WORDS = ["hội", "hộ", "cứu", "a", "b", "ab", "a_b", "trường", "2hội", "hội2", "đồng", "y"]


def whole_word_reference(text, word):
    """What the re-ranking answered before: ``word`` among the text's runs of ``\\w``."""
    return word in set(WORD_RE.findall(text))


class HasWordTests(SimpleTestCase):
    def test_the_same_answer_as_splitting_the_text_into_words(self):
        for text in TEXTS:
            lowered = text.lower()
            for word in WORDS:
                with self.subTest(text=text, word=word):
                    self.assertEqual(has_word(lowered, word), whole_word_reference(lowered, word))

    def test_a_later_occurrence_counts_when_the_first_is_inside_a_word(self):
        self.assertTrue(has_word("hộii và hội", "hội"))
        self.assertFalse(has_word("hộii và hộid", "hội"))
        self.assertTrue(has_word("nghiên cứu", "cứu"))
        self.assertFalse(has_word("cứu_hộ", "cứu"))  # the underscore is a word character, as in \w


class NamedAsTypedTests(SimpleTestCase):
    def test_the_title_s_words_folded(self):
        self.assertTrue(named_as_typed("trường thcs đồng hóa", ["truong", "thcs", "dong", "hoa"]))
        self.assertTrue(named_as_typed("trường thcs - đồng hóa", query_words("Trường THCS Đồng Hoá")))
        self.assertTrue(named_as_typed("sơ -- — cứu", ["sơ", "cứu"]))
        self.assertFalse(named_as_typed("sơ cứu ban đầu", ["sơ", "cứu"]))
        self.assertFalse(named_as_typed("sơ", ["sơ", "cứu"]))
        self.assertFalse(named_as_typed("sơ-cứu-ban", ["sơ", "cứu"]))

    def test_the_score(self):
        page = SimpleNamespace(title="Sơ cứu", lead="")
        self.assertEqual(exact_match_score(page, ["sơ", "cứu"]), 100)
        page = SimpleNamespace(title="Tập huấn sơ cứu", lead="Sơ cứu ban đầu cho học sinh.", intro=None)
        self.assertEqual(exact_match_score(page, ["sơ", "cứu"]), 6)
        page = SimpleNamespace(title="Nghiên cứu bài học", lead="Học sinh tham gia.")
        self.assertEqual(exact_match_score(page, ["sơ", "cứu"]), 2)
        page = SimpleNamespace(title="So cuu", search_description="")
        self.assertEqual(exact_match_score(page, ["sơ", "cứu"]), 100)  # named so, compared folded
        page = SimpleNamespace(title="Bài so cuu ban dau", search_description="so cuu")
        self.assertEqual(exact_match_score(page, ["sơ", "cứu"]), 0)  # only folded: not as typed
        self.assertEqual(exact_match_score(page, []), 0)
        self.assertTrue(re.fullmatch(r"\w+", "cứu"))  # the words are runs of \w, as query_words gives
