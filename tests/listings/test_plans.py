"""Every public listing is served by an index on PostgreSQL (issue 17, part 7).

4,000 news articles are written by the demo's bulk writer and the statistics refreshed, a size at
which PostgreSQL plans a sequential scan and a sort of the news table for the listing queries as
they were (the first test proves it by dropping the listing indexes inside a savepoint). Each
public page is then requested with the test client, every query it runs is captured and run again
under ``EXPLAIN (ANALYZE, FORMAT JSON)``: no plan may read ``news_newspage`` or ``wagtailcore_page``
sequentially or sort more than a page-sized set of rows."""

import io
import json
import re
import unittest

from django.core.management.base import OutputWrapper
from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from demo import bulk
from news.models import NewsPage

from ..builders import make_directive, make_school, make_site

BIG_TABLES = {"news_newspage", "wagtailcore_page"}
LISTING_INDEXES = {"news_listed_date", "news_listed_section", "news_listed_category"}
LISTING_QUERY = re.compile(
    r'"(news_newspage|schools_schoolpage|directives_directivepage)"|"content_type_id" IN'
)
ARTICLES = 4000
# A sort may order what one school or one page of keys holds, never the archive: at 4,000 articles
# a school holds about 650 (the bulk writer spreads 65% over the schools); the archive is 4,000.
SORT_LIMIT = 1000


def plan_nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


def explain(sql, analyze=True):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({'ANALYZE, ' if analyze else ''}FORMAT JSON) {sql}".replace("%", "%%"))
        plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def problems(plan):
    """What in ``plan`` reads a big table whole or sorts more than a page-sized set of rows."""
    found = []
    for node in plan_nodes(plan):
        if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in BIG_TABLES:
            found.append(f"Seq Scan on {node['Relation Name']}")
        if node["Node Type"] in ("Sort", "Incremental Sort"):
            rows = sum(
                child.get("Actual Rows", child["Plan Rows"]) * child.get("Actual Loops", 1)
                for child in node.get("Plans", [])
            )
            if rows > SORT_LIMIT:
                found.append(f"Sort of {rows} rows by {node.get('Sort Key')}")
    return found


@unittest.skipUnless(
    connection.vendor == "postgresql",
    "query plans are PostgreSQL's: SQLite has no planner statistics to test (run with DATABASE_URL=postgres://…)",
)
class ListingPlanTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.news = cls.sections["news"]
        levels = ["mam-non", "tieu-hoc", "thcs"]
        cls.schools = [make_school(cls.sections["schools"], i, levels[i % 3]) for i in range(6)]
        for i in range(3):
            make_directive(cls.sections["directives"], i + 1)
        parents = [(cls.news, "office")] + [(school, "school") for school in cls.schools]
        bulk.generate(OutputWrapper(io.StringIO()), ARTICLES, parents, [])  # runs ANALYZE on PostgreSQL
        cls.article = NewsPage.objects.filter(section_id=cls.news.pk).order_by("-date").first()

    def public_urls(self):
        school, schools = self.schools[2], self.sections["schools"].url
        return [
            "/",
            "/tin-tuc/",
            "/tin-tuc/?page=20",
            "/tin-tuc/?loai=cac-truong",
            "/tin-tuc/?loai=truong-thcs&page=2",
            "/tin-tuc/?loai=doan-the&page=5",
            "/tin-tuc/?loai=doan-the",
            self.article.url,
            school.url,
            f"{school.url}?page=20",
            f"{school.url}rss/",
            schools,
            f"{schools}?cap=thcs",
            f"{schools}tin-cac-truong/",
            f"{schools}tin-cac-truong/?page=50",
            f"{schools}tin-cac-truong/?cap=mam-non",
            f"{schools}tin-cac-truong/?truong={school.slug}&page=10",
            f"{schools}tin-cac-truong/?xa=ba-sao",
            f"{schools}tin-cac-truong/atom/?cap=tieu-hoc",
            "/tin-tuc/rss/",
            "/tin-tuc/atom/?loai=chuyen-mon",
            "/van-ban/",
            "/van-ban/?nam=2025",
        ]

    def captured(self, url):
        """The listing queries ``url`` runs: those reading the news, the schools or the documents, or
        pages by type (the schools of a list). The page lookup, menus and settings are the core's."""
        self.client.get(url)  # caches and renditions warm up once
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return [
            query["sql"]
            for query in queries
            if query["sql"].lstrip().upper().startswith("SELECT") and LISTING_QUERY.search(query["sql"])
        ]

    def test_without_the_listing_indexes_the_planner_scans_and_sorts(self):
        """The size is large enough: the home page's latest news, planned without the indexes, read
        the news table whole and sort it."""
        sql = [q for q in self.captured("/") if "news_newspage" in q and "LIMIT" in q]
        self.assertTrue(sql, "the home page lists news")
        with transaction.atomic():
            savepoint = transaction.savepoint()
            with connection.cursor() as cursor:
                cursor.execute("DROP INDEX news_listed_date")
                cursor.execute("DROP INDEX news_listed_section")
            found = [problem for query in sql for problem in problems(explain(query))]
            transaction.savepoint_rollback(savepoint)
        self.assertTrue(any("Seq Scan on news_newspage" in problem for problem in found), found)
        self.assertTrue(any(problem.startswith("Sort of") for problem in found), found)

    def test_every_public_listing_query_walks_an_index(self):
        for url in self.public_urls():
            with self.subTest(url=url):
                for sql in self.captured(url):
                    plan = explain(sql)
                    self.assertEqual(
                        problems(plan), [], f"{url}\n{sql[sql.find(' FROM ') :]}\n{json.dumps(plan)[:3000]}"
                    )

    def test_a_page_is_found_from_its_address_through_an_index(self):
        """site_kb.routing reads the pages along the address by url_path: an index, not the table
        (site_kb migration 0009); without it the planner reads the page table whole."""
        for url in [self.article.url, self.schools[2].url + "rss/", "/tin-tuc/khong-co/"]:
            with self.subTest(url=url):
                with CaptureQueriesContext(connection) as queries:
                    self.client.get(url)
                lookups = [q["sql"] for q in queries if '"wagtailcore_page"."url_path" IN (' in q["sql"]]
                self.assertTrue(lookups, url)
                for sql in lookups:
                    self.assertEqual(problems(explain(sql)), [], sql)
                with transaction.atomic():
                    savepoint = transaction.savepoint()
                    with connection.cursor() as cursor:
                        cursor.execute("DROP INDEX site_kb_page_url_path")
                    without = problems(explain(lookups[0]))
                    transaction.savepoint_rollback(savepoint)
                self.assertEqual(without, ["Seq Scan on wagtailcore_page"])

    def test_listing_queries_use_the_listing_indexes(self):
        """The news queries of the listings name one of news_newspage's listing indexes."""
        for url in ["/", "/tin-tuc/?page=20", self.schools[0].url, self.article.url]:
            with self.subTest(url=url):
                # The listings' queries, newest first; the announcements (by tag) start from the tag.
                news_queries = [
                    q
                    for q in self.captured(url)
                    if 'ORDER BY "news_newspage"."date" DESC' in q and "taggit_tag" not in q
                ]
                self.assertTrue(news_queries, url)
                for sql in news_queries:
                    if '"news_newspage"."page_ptr_id" IN (' in sql:
                        continue  # the page's articles fetched by key: the primary key
                    indexes = {node.get("Index Name") for node in plan_nodes(explain(sql))}
                    self.assertTrue(
                        indexes & LISTING_INDEXES, f"{url}: {indexes}\n{sql[sql.find(' FROM ') :]}"
                    )
