"""An authority's list of schools in the public forms, built once and shared (site_kb.shared_choices,
issue 17): the reader's "đơn vị liên quan" and the search's "Trường" and "Trong mục" filters.

What readers see stays what it was (the Vietnamese order, the labels, the empty choice, the selected
one); the list is sorted and queried once, then read from the cache until a purge of one of its tags
(the page cache's tag generations) makes the next request rebuild it; a posted unit is still checked
against the database, so a unit that is not, or no longer, a choice is refused."""

from unittest import mock

from django import forms
from django.db import connection
from django.test import TestCase
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Site

from feedback import forms as feedback_forms
from feedback.forms import FeedbackForm
from feedback.models import Feedback, FeedbackPage
from home.models import HomePage
from org.models import OrgUnitPage
from schools.models import SchoolPage
from search import forms as search_forms
from search.forms import SearchForm
from site_kb import cache_tags
from site_kb.collation import order_listed
from site_kb.public_forms import INVALID_CHOICE, LongSelect
from site_kb.shared_choices import SharedChoices, SharedOptions

from ..builders import make_site, publish

MANY = 150
# Names whose code-point order differs from the dictionary's (site_kb.collation).
NAMED = ["Trường THCS Đồng Hóa", "Trường THCS Dương Xá", "Trường THCS Bắc Sơn", "Trường THCS Ba Sao"]


def add_school(parent, title, slug):
    """A live school without a revision: enough for a list of names, and quick for 150 of them."""
    school = SchoolPage(title=title, slug=slug, level="thcs", commune="Ba Sao")
    parent.add_child(instance=school)
    return school


def options_of(html, name):
    """(value, label, selected) of each option of the select ``name`` in ``html``."""
    start = html.index(f'<select name="{name}"')
    select = html[start : html.index("</select>", start)]
    found = []
    for chunk in select.split("<option")[1:]:
        head, _sep, rest = chunk.partition(">")
        value = head.split('value="', 1)[1].split('"', 1)[0]
        found.append((value, rest.split("</option>", 1)[0], " selected" in head))
    return found


def is_unit_list(sql):
    """The query of ``feedback.forms.unit_options``: the keys and titles of schools and units."""
    return sql.startswith(
        'SELECT "wagtailcore_page"."id" AS "pk", "wagtailcore_page"."title" AS "title" FROM'
    )


def counting_sorts(module):
    """``module``'s Vietnamese sort, still sorting, its calls counted."""
    return mock.patch.object(module, "sorted_vietnamese", wraps=module.sorted_vietnamese)


def rename(page, title):
    """An editor renames a live page and publishes it: only its own tag (p<id>) is purged."""
    page = page.specific
    page.title = title
    with TestCase.captureOnCommitCallbacks(execute=True):
        page.save_revision().publish()


class FeedbackUnitListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        for i in range(MANY):
            add_school(cls.sections["schools"], f"Trường Tiểu học số {i:03d}", f"so-{i}")
        cls.named = {
            title: add_school(cls.sections["schools"], title, f"dat-ten-{i}") for i, title in enumerate(NAMED)
        }
        cls.unit = publish(
            cls.sections["org"], OrgUnitPage(title="Bộ phận Một cửa", slug="mot-cua", kind="unit")
        )
        cls.page = publish(cls.home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap"))

    def render(self):
        """The page's HTML and the SQL of its queries."""
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.page.url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode(), [query["sql"] for query in queries.captured_queries]

    def labels(self, html):
        return [label for value, label, _selected in options_of(html, "concerned_unit") if value]

    def test_the_second_render_neither_sorts_nor_queries_the_list(self):
        with counting_sorts(feedback_forms) as sort:
            first, first_queries = self.render()
            second, second_queries = self.render()
            _third, third_queries = self.render()
        self.assertEqual(sort.call_count, 1)
        # The list's query (units not under a view restriction) is made once.
        listing = [sql for sql in first_queries if is_unit_list(sql)]
        self.assertEqual(len(listing), 1)
        self.assertIn('"wagtailcore_page"."title"', listing[0])
        self.assertFalse([sql for sql in second_queries if is_unit_list(sql)])
        self.assertEqual(len(second_queries), len(third_queries))
        self.assertEqual(options_of(first, "concerned_unit"), options_of(second, "concerned_unit"))
        labels = self.labels(second)
        self.assertEqual(len(labels), MANY + len(NAMED) + 1)
        # The dictionary order: "Ba Sao" < "Bắc Sơn" < "Dương Xá" < "Đồng Hóa", units among schools.
        self.assertEqual(
            [label for label in labels if label in NAMED],
            ["Trường THCS Ba Sao", "Trường THCS Bắc Sơn", "Trường THCS Dương Xá", "Trường THCS Đồng Hóa"],
        )
        self.assertEqual(labels[0], "Bộ phận Một cửa")
        self.assertEqual(options_of(second, "concerned_unit")[0], ("", "— Không chọn —", True))

    def test_a_rename_shows_on_the_next_render_in_its_new_place(self):
        self.render()
        with counting_sorts(feedback_forms) as sort:
            rename(self.named["Trường THCS Ba Sao"], "Trường THCS Đông Sơn")
            labels = self.labels(self.render()[0])
        self.assertEqual(sort.call_count, 1)
        self.assertNotIn("Trường THCS Ba Sao", labels)
        self.assertEqual(
            [label for label in labels if label.startswith("Trường THCS")],
            ["Trường THCS Bắc Sơn", "Trường THCS Dương Xá", "Trường THCS Đông Sơn", "Trường THCS Đồng Hóa"],
        )

    def test_a_list_too_long_to_name_is_rebuilt_by_any_purge(self):
        # Past MAX_TAGS pages the list carries ``all``, as a page showing too many things does.
        with mock.patch.object(cache_tags, "MAX_TAGS", 50):
            self.render()
            rename(self.named["Trường THCS Dương Xá"], "Trường THCS Dương Liễu")
            self.assertIn("Trường THCS Dương Liễu", self.labels(self.render()[0]))

    def test_publishing_and_unpublishing_a_school_change_the_list(self):
        self.render()
        with self.captureOnCommitCallbacks(execute=True):
            new = publish(
                self.sections["schools"],
                SchoolPage(title="Trường THCS An Bình", slug="an-binh", level="thcs", commune="Xã"),
            )
        self.assertIn("Trường THCS An Bình", self.labels(self.render()[0]))
        with self.captureOnCommitCallbacks(execute=True):
            new.unpublish()
        self.assertNotIn("Trường THCS An Bình", self.labels(self.render()[0]))

    def test_a_new_site_root_lists_its_own_units(self):
        self.render()
        other = publish(Page.get_first_root_node(), HomePage(title="Phòng khác", slug="phong-khac"))
        add_school(other, "Trường THCS Phòng Khác", "phong-khac-thcs")
        Site.objects.filter(is_default_site=True).update(root_page=other)
        form = FeedbackForm(site_root=Site.objects.get(is_default_site=True).root_page)
        self.assertEqual(
            [label for value, label in form.fields["concerned_unit"].widget.choices if value],
            ["Trường THCS Phòng Khác"],
        )

    def test_the_selected_unit_is_marked_as_before(self):
        """The kept markup with the selected option marked is what LongSelect wrote for the whole
        list before (a plain list of choices), for a unit, none, and a value not listed."""
        school = self.named["Trường THCS Dương Xá"]
        widget = FeedbackForm(site_root=self.home).fields["concerned_unit"].widget
        before = LongSelect(choices=list(widget.choices))
        attrs = {"id": "id_concerned_unit", "aria-describedby": "id_concerned_unit_helptext"}
        for value in (school.pk, str(school.pk), "", None, "999999"):
            with self.subTest(value=value):
                self.assertEqual(
                    widget.render("concerned_unit", value, attrs),
                    before.render("concerned_unit", value, attrs),
                )
        form = FeedbackForm({"concerned_unit": str(school.pk)}, site_root=self.home)
        marked = [option for option in options_of(str(form["concerned_unit"]), "concerned_unit") if option[2]]
        self.assertEqual(marked, [(str(school.pk), "Trường THCS Dương Xá", True)])

    def test_the_queryset_iterates_in_the_order_shown(self):
        form = FeedbackForm(site_root=self.home)
        shown = [label for value, label in form.fields["concerned_unit"].widget.choices if value]
        self.assertEqual([unit.title for unit in form.fields["concerned_unit"].queryset], shown)


class RefusedUnitTests(TestCase):
    """The refusal side: a unit that is not, or no longer, a choice is refused with the field's
    Vietnamese message and nothing is stored, whatever the shared list still holds."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school = add_school(cls.sections["schools"], "Trường THCS Ba Sao", "ba-sao")
        cls.page = publish(cls.home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap"))
        cls.other_home = publish(Page.get_first_root_node(), HomePage(title="Phòng khác", slug="phong-khac"))
        Site.objects.create(
            hostname="phong-khac.localhost", port=80, root_page=cls.other_home, site_name="Khác"
        )
        cls.other_school = add_school(cls.other_home, "Trường THCS Phòng Khác", "thcs-khac")

    def post(self, unit):
        data = {
            "name": "Trần Thị Lan",
            "email": "lan@example.com",
            "phone": "",
            "concerned_unit": unit,
            "topic": "dao-tao",
            "title": "Lịch tuyển sinh lớp 6",
            "content": "Xin hỏi lịch tuyển sinh lớp 6 năm nay?",
            "website": "",
            "consent": "on",
        }
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.page.url, data)

    def assertRefused(self, unit):
        response = self.post(unit)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].errors["concerned_unit"], [str(INVALID_CHOICE)])
        self.assertContains(response, str(INVALID_CHOICE))
        self.assertFalse(Feedback.objects.exists())

    def test_a_school_of_another_site_is_refused(self):
        self.assertRefused(str(self.other_school.pk))

    def test_a_page_that_is_not_a_unit_is_refused(self):
        self.assertRefused(str(self.sections["news"].pk))

    def test_a_school_unpublished_after_the_list_was_built_is_refused(self):
        self.client.get(self.page.url)  # the list, with the school, is kept
        # Unpublished by a script, so no purge reaches the kept list: the check is the database's.
        Page.objects.filter(pk=self.school.pk).update(live=False)
        self.assertRefused(str(self.school.pk))

    def test_a_private_school_is_neither_offered_nor_accepted(self):
        PageViewRestriction.objects.create(page=self.school, restriction_type="password", password="x")
        self.assertNotIn(self.school.title, self.client.get(self.page.url).content.decode())
        self.assertRefused(str(self.school.pk))

    def test_a_school_under_a_private_section_is_refused(self):
        PageViewRestriction.objects.create(page=self.sections["schools"], restriction_type="login")
        self.assertRefused(str(self.school.pk))

    def test_the_listed_school_is_accepted(self):
        response = self.post(str(self.school.pk))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Feedback.objects.get().concerned_unit_id, self.school.pk)


class SearchFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        for i, title in enumerate(NAMED):
            add_school(cls.sections["schools"], title, f"dat-ten-{i}")

    def test_the_school_filter_is_sorted_once_and_refuses_a_school_it_does_not_list(self):
        with counting_sorts(search_forms) as sort:
            keep_filter_lists(self.home)
            with CaptureQueriesContext(connection) as queries:
                form = SearchForm({"truong": "999999"}, site_root=self.home)
                self.assertFalse(form.is_valid())
        self.assertEqual(sort.call_count, 1)
        self.assertEqual(len(queries), 0)
        self.assertEqual(form.errors["truong"], [str(INVALID_CHOICE)])
        self.assertEqual(
            [label for value, label in form.fields["truong"].choices if value],
            ["Trường THCS Ba Sao", "Trường THCS Bắc Sơn", "Trường THCS Dương Xá", "Trường THCS Đồng Hóa"],
        )

    def test_a_form_whose_filters_are_not_read_builds_no_list(self):
        """The search's filters come from the fragment cache when nobody set one: the form itself
        then never reads the lists (site_kb.shared_choices.SharedChoices given a function)."""
        with counting_sorts(search_forms) as sort, CaptureQueriesContext(connection) as queries:
            form = SearchForm({"q": "tin"}, site_root=self.home)
            self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(sort.call_count, 0)
        self.assertEqual(len(queries), 0)

    def test_a_renamed_section_shows_in_the_section_filter(self):
        keep_filter_lists(self.home)
        rename(self.sections["news"], "Tin tức – Sự kiện")
        form = SearchForm({"muc": str(self.sections["news"].pk)}, site_root=self.home)
        self.assertTrue(form.is_valid(), form.errors)
        self.assertIn((self.sections["news"].pk, "Tin tức – Sự kiện"), list(form.fields["muc"].choices))

    def test_a_school_or_section_made_private_is_neither_offered_nor_accepted(self):
        """The refused side: a private school's name is not shown to readers, nor can its id filter,
        even when the lists were kept before the restriction (its purge rebuilds them)."""
        school = SchoolPage.objects.get(slug="dat-ten-0")
        keep_filter_lists(self.home)
        with self.captureOnCommitCallbacks(execute=True):
            PageViewRestriction.objects.create(page=school, restriction_type=PageViewRestriction.LOGIN)
            PageViewRestriction.objects.create(
                page=self.sections["news"], restriction_type=PageViewRestriction.LOGIN
            )
        form = SearchForm(
            {"truong": str(school.pk), "muc": str(self.sections["news"].pk)}, site_root=self.home
        )
        self.assertFalse(form.is_valid())
        self.assertEqual(form.errors["truong"], [str(INVALID_CHOICE)])
        self.assertEqual(form.errors["muc"], [str(INVALID_CHOICE)])
        self.assertNotIn(school.title, [label for _value, label in form.fields["truong"].choices])
        self.assertNotIn(self.sections["news"].pk, [value for value, _label in form.fields["muc"].choices])
        self.assertEqual(
            len([value for value, _label in form.fields["truong"].choices if value]), len(NAMED) - 1
        )


class ListedOrderTests(TestCase):
    def test_rows_come_in_the_given_order_and_the_others_last(self):
        home, sections = make_site()
        order = [sections["news"].pk, home.pk, sections["org"].pk]
        ordered = order_listed(Page.objects.filter(pk__in=[*order, sections["schools"].pk]), order)
        self.assertEqual(list(ordered.values_list("pk", flat=True)), [*order, sections["schools"].pk])
        self.assertEqual(
            list(order_listed(Page.objects.filter(pk=home.pk), [])), [Page.objects.get(pk=home.pk)]
        )


def test_shared_markup_is_the_markup_of_a_plain_select():
    """Escaped labels and values, the first listed value selected, as Django's own Select."""
    choices = [(1, "Trường <THCS> “A&B”"), (2, "Trường 2"), (3, "Trường 3")]
    leading = [("", "— Tất cả —")]
    for value in (None, "", "2", 2, "4", ["3", "2"], "<x>"):
        shared = LongSelect(choices=SharedChoices(leading, SharedOptions(choices))).render(
            "f", value, {"id": "x"}
        )
        assert shared == LongSelect(choices=leading + choices).render("f", value, {"id": "x"}), value
        assert parse_html(shared) == parse_html(
            forms.Select(choices=leading + choices).render("f", value, {"id": "x"})
        )


def keep_filter_lists(site_root):
    """Both of the search's long lists read, so kept: a form reads them only when it checks or
    draws a value (site_kb.shared_choices.SharedChoices)."""
    form = SearchForm(site_root=site_root)
    for name in ("muc", "truong"):
        list(form.fields[name].choices)
