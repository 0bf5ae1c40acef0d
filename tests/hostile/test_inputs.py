"""Every hostile value of the corpus against every public parameter and form field (issue 12).

The parameters are discovered (``discovery.py``), not listed here: a new form or query
parameter is covered the day it appears on a page. Each parameter gets the corpus's most
dangerous values plus its share of the rest (seeded, so every run sends the same requests),
and every value is sent at least once somewhere. GET parameters are attacked one at a time,
the others at sane values; forms are posted with a CSRF token from the page and every other
field valid. The rules: no 500, no unescaped reflection, no injected header, no redirect off
the site; what the forms stored is then shown unescaped nowhere in the admin, and the mail
they sent has neither injected headers nor HTML entities in its plain text.
"""

import collections
import os
import random
from urllib.parse import quote, urlencode, urlsplit

from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

import pytest

from .checks import Sender, mail_problems, reflections
from .corpus import CORPUS
from .discovery import discover, parse_forms, public_form_classes
from .report import STATS

SEED = 12
# Values per parameter, the most dangerous classes always among them (HOSTILE_PER_TARGET overrides).
PER_TARGET = int(os.environ.get("HOSTILE_PER_TARGET", "60"))
PER_HIDDEN = 20  # the CSRF token gets the core values' first 20
PER_HEADER = 8  # a request header: header injection, control characters, XSS, SQL
HEADERS_ON_FORMS = ("HTTP_X_FORWARDED_FOR", "HTTP_REFERER")
HEADERS_ON_PAGES = ("HTTP_HOST", "HTTP_COOKIE", "HTTP_ACCEPT_LANGUAGE")
# Declared charsets of a url-encoded body: only UTF-8 is what the forms expect.
ODD_CONTENT_TYPES = (
    "application/x-www-form-urlencoded; charset=utf-7",
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=x-no-such-charset",
    "application/x-www-form-urlencoded; charset=latin-1",
    "multipart/form-data; boundary=",
    "multipart/form-data",
    "application/json",
    "text/plain",
)
TYPED_EXTRAS = 8  # values of the parameter's own kind (dates for a date, …) added to the core
KIND_CATEGORIES = {
    "date": ("date",),
    "number": ("number",),
    "email": ("email", "header-injection"),
    "select": ("number", "misc"),
    "file": ("traversal",),
    "tel": ("number", "header-injection"),
    "header": ("header-injection", "control", "xss", "sql", "traversal"),
}
ADMIN_DETAIL_PAGES = 60  # stored items opened one by one in the admin (the most dangerous first)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="package")
def discovered(hostile_site, django_db_blocker):
    """The discovery, run once for the package, as an anonymous reader, every fetch judged."""
    sender = Sender(Client(raise_request_exception=False), "crawl")
    with django_db_blocker.unblock(), STATS.timer("discovery"):
        found = discover(get=lambda url: sender.send("GET", url, target=None))
    STATS.notes.append(
        f"discovery: {len(found.fetched)} URLs fetched, {len(found.endpoints)} endpoints, "
        f"{sum(len(e.params) for e in found.endpoints.values())} parameters/fields, "
        f"{len(found.path_targets)} path segments, page types {sorted(found.page_types)}"
    )
    for line in found.describe():
        STATS.notes.append(f"discovered {line}")
    return found


def param_kind(param):
    kind = param.kind
    if kind == "hidden" and param.name != "csrfmiddlewaretoken":
        return "text"  # a hidden field the page sets ("next") is a parameter like any other
    if kind in ("link", "source", "text", "search", "hidden") and param.sane and param.sane.isdigit():
        return "number"
    if param.name in ("page", "p", "nam", "year") and kind in ("link", "source"):
        return "number"
    if param.name in ("tuan", "date", "ngay") or "date" in param.name:
        return "date"
    return kind


def plan(targets, corpus=CORPUS, seed=SEED):
    """{target label: [values]}: the core for everyone, typed extras, then the rest spread out."""
    rng = random.Random(seed)
    core = [value for value in corpus if value.core]
    rest = [value for value in corpus if not value.core]
    by_category = collections.defaultdict(list)
    for value in rest:
        by_category[value.category.split("/")[0]].append(value)
    pool = collections.deque(rest)
    assignment = {}
    for label, kind in targets:
        if kind == "hidden":
            assignment[label] = core[:PER_HIDDEN]
            continue
        if kind == "header":
            typed = [value for category in KIND_CATEGORIES["header"] for value in by_category[category]]
            typed += [value for value in core if value.raw is None]
            assignment[label] = rng.sample([value for value in typed if value.raw is None], PER_HEADER)
            continue
        chosen = list(core)
        typed = [value for category in KIND_CATEGORIES.get(kind, ()) for value in by_category[category]]
        chosen += rng.sample(typed, min(TYPED_EXTRAS, len(typed), PER_TARGET - len(chosen)))
        ids = {value.id for value in chosen}
        while len(chosen) < PER_TARGET:
            value = pool.popleft()
            pool.append(value)
            if value.id not in ids:
                chosen.append(value)
                ids.add(value.id)
        assignment[label] = chosen
    sent = {value.id for values in assignment.values() for value in values}
    open_targets = [label for label, kind in targets if kind not in ("hidden", "header")]
    for index, value in enumerate(value for value in rest if value.id not in sent):
        assignment[open_targets[index % len(open_targets)]].append(value)
    return assignment


def wsgi(text):
    """A header as a WSGI server hands it over: the UTF-8 bytes the client sent, read as Latin-1."""
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


def query(pairs):
    return "&".join(f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in pairs)


def sane_pairs(endpoint, skip):
    return [
        (name, param.sane)
        for name, param in sorted(endpoint.params.items())
        if name != skip and param.sane and param.kind not in ("file", "source")
    ]


def get_targets(found):
    targets = []
    for endpoint, name in found.targets():
        if endpoint.method == "GET":
            targets.append((f"GET {endpoint.key} ?{name}", param_kind(endpoint.params[name]), endpoint, name))
    return targets


def post_targets(found):
    targets = []
    for endpoint, name in found.targets():
        if endpoint.method == "POST":
            targets.append((f"POST {endpoint.key} {name}", param_kind(endpoint.params[name]), endpoint, name))
    return targets


def header_targets(found):
    """Request headers the site reads or passes on, on every form and on the pages with a GET form."""
    targets = []
    for (method, _key), endpoint in sorted(found.endpoints.items()):
        has_form = any("html" in param.sources for param in endpoint.params.values())
        if method == "POST":
            for header in HEADERS_ON_FORMS:
                targets.append((f"HEADER {header} POST {endpoint.key}", "header", endpoint, header))
        elif has_form:
            for header in HEADERS_ON_PAGES:
                targets.append((f"HEADER {header} GET {endpoint.key}", "header", endpoint, header))
    return targets


def full_plan(found):
    targets = get_targets(found) + post_targets(found)
    targets += [(f"PATH {t.key} {t.template}", "path", t, None) for t in found.path_targets]
    targets += header_targets(found)
    return plan([(label, kind) for label, kind, _endpoint, _name in targets]), targets


@pytest.fixture(scope="package")
def campaign(discovered):
    assignment, targets = full_plan(discovered)
    non_hidden = [
        len(assignment[label]) for label, kind, *_rest in targets if kind not in ("hidden", "header")
    ]
    STATS.notes.append(
        f"plan: {len(targets)} targets, {sum(len(v) for v in assignment.values())} requests planned, "
        f"{len({v.id for values in assignment.values() for v in values})} of {len(CORPUS)} values, "
        f"{min(non_hidden)}–{max(non_hidden)} values per parameter"
    )
    return assignment, targets


def failures_of(area):
    return [failure for failure in STATS.failures if failure["area"] == area]


def describe(failures, limit=60):
    lines = [
        f"{f['kind']}: {f['method']} {f['url']} [{f['target']}] value={f['value']} -> {f['detail']}"
        for f in failures[:limit]
    ]
    if len(failures) > limit:
        lines.append(f"… and {len(failures) - limit} more")
    return "\n".join(lines)


# --- discovery -----------------------------------------------------------------------------


def test_every_public_page_and_route_answers_without_error(discovered):
    broken = {url: status for url, status in discovered.fetched.items() if status >= 500}
    assert not broken, (
        f"public URLs answering with a server error: {broken}\n{describe(failures_of('crawl'))}"
    )


def test_discovery_finds_the_known_parameters_and_every_field_of_the_public_forms(discovered):
    """The crawl must see what the code reads: every field of every form a public view builds
    from the request, and the parameters named in the code, are among the discovered ones."""
    names = {(method, key): set(endpoint.params) for (method, key), endpoint in discovered.endpoints.items()}
    missing = []
    for key, forms in discovered.code_forms.items():
        for method, form_class in forms:
            fields = set(form_class.base_fields)
            seen = set().union(
                *(found for (m, k), found in names.items() if m == method and (k == key or method == "POST"))
            )
            for field in sorted(fields - seen):
                missing.append(f"{method} {key}: field {form_class.__name__}.{field}")
    for key, code_names in discovered.code_params.items():
        if ("GET", key) in names:
            missing += [f"GET {key}: ?{name}" for name in sorted(code_names - names[("GET", key)])]
    assert not missing, "read by the code but not discovered:\n" + "\n".join(missing)
    # The forms the public views build are all found; the others are the admin's own.
    reached = {form_class for forms in discovered.code_forms.values() for _m, form_class in forms}
    STATS.notes.append(
        "form classes reached by public views: "
        + ", ".join(sorted(c.__name__ for c in reached))
        + "; not reached (admin only): "
        + ", ".join(sorted(c.__name__ for c in set(public_form_classes()) - reached))
    )
    # The sanity of the discovery itself: the forms and parameters the site is known to have.
    expected = {
        ("GET", "url:search"): {"q", "loai", "muc", "truong", "tu_ngay", "den_ngay", "sap_xep", "page"},
        ("GET", "page:DirectiveIndexPage"): {
            "q",
            "loai",
            "co_quan",
            "nhom",
            "linh_vuc",
            "nam",
            "hieu_luc",
            "page",
        },
        ("GET", "page:FeedbackPage"): {"hoi"},
        # The status lookup is posted (no contact in an address), to where its answer lands.
        ("POST", "page:FeedbackPage#tra-cuu"): {"tra_cuu", "code", "email", "phone"},
        ("POST", "page:FeedbackPage"): {
            "name",
            "email",
            "phone",
            "title",
            "content",
            "attachment",
            "website",
        },
        ("GET", "page:NewsIndexPage"): {"loai", "page"},
        ("GET", "page:WorkSchedulePage"): {"tuan"},
    }
    for place, wanted in expected.items():
        assert wanted <= names.get(place, set()), (
            f"{place}: {sorted(wanted - names.get(place, set()))} not found"
        )
    assert any(key.startswith("url:consultations") for method, key in names if method == "POST")


def test_the_plan_covers_every_value_and_gives_each_parameter_its_share(campaign):
    assignment, targets = campaign
    sent = {value.id for values in assignment.values() for value in values}
    assert sent == {value.id for value in CORPUS}
    assert len(CORPUS) >= 400
    core = {value.id for value in CORPUS if value.core}
    for label, kind, _endpoint, _name in targets:
        ids = {value.id for value in assignment[label]}
        if kind in ("hidden", "header"):
            assert len(ids) >= PER_HEADER, label
            continue
        assert len(ids) >= PER_TARGET, label
        assert core <= ids, label
    assert plan([(label, kind) for label, kind, *_rest in targets]) == assignment, "the plan is deterministic"


# --- GET parameters ------------------------------------------------------------------------


def test_get_parameters(campaign):
    assignment, targets = campaign
    sender = Sender(Client(raise_request_exception=False), "get")
    with STATS.timer("get"):
        for label, _kind, endpoint, name in targets:
            if not label.startswith("GET "):
                continue
            others = query(sane_pairs(endpoint, name))
            for value in assignment[label]:
                url = f"{endpoint.url}?{others + '&' if others else ''}{quote(name, safe='')}={value.query_value()}"
                sender.send("GET", url, target=label, value=value)
        for label, _kind, endpoint, header in targets:
            if not label.startswith("HEADER ") or endpoint.method != "GET":
                continue
            others = query(sane_pairs(endpoint, None))
            for value in assignment[label]:
                sender.send(
                    "GET", f"{endpoint.url}?{others}", target=label, value=value, **{header: wsgi(value.text)}
                )
    STATS.notes.append(
        "slowest GET: " + "; ".join(f"{s:.2f}s {u} ({v})" for s, _m, u, _t, v in sender.slowest)
    )
    failures = failures_of("get")
    assert not failures, f"{len(failures)} problems with hostile GET parameters:\n{describe(failures)}"


def test_path_segments(campaign):
    assignment, targets = campaign
    sender = Sender(Client(raise_request_exception=False), "path")
    with STATS.timer("path"):
        for label, _kind, target, _name in targets:
            if not label.startswith("PATH "):
                continue
            for value in assignment[label]:
                segment = value.raw if value.raw is not None else quote(value.text, safe="")
                if segment:
                    sender.send("GET", target.template.replace("{}", segment), target=label, value=value)
    failures = failures_of("path")
    assert not failures, f"{len(failures)} problems with hostile path segments:\n{describe(failures)}"


# --- forms ---------------------------------------------------------------------------------


class FormPoster:
    """Posts one discovered form: a CSRF token from the page, every other field valid."""

    def __init__(self, endpoint, sender, address_counter):
        self.endpoint = endpoint
        self.sender = sender
        self.client = sender.client
        self.addresses = address_counter
        page = self.client.get(endpoint.form_page)
        STATS.requests += 1
        self.token = None
        for method, action, _enctype, params in parse_forms(
            page.content.decode("utf-8", "replace"), endpoint.form_page
        ):
            if method == "POST" and urlsplit(action).path == endpoint.url:
                self.token = next((p.sane for p in params if p.name == "csrfmiddlewaretoken"), None)
        self.baseline = {
            name: param.sane
            for name, param in endpoint.params.items()
            if param.sane is not None and param.kind not in ("file",)
        }
        if self.token:
            self.baseline["csrfmiddlewaretoken"] = self.token

    def address(self):
        self.addresses[0] += 1
        number = self.addresses[0]
        return f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"

    def post_raw(self, target, body, content_type):
        """A body sent as it is, whatever charset its Content-Type declares."""
        return self.sender.send(
            "RAW",
            self.endpoint.url,
            target=target,
            data=body.encode(),
            content_type=content_type,
            REMOTE_ADDR=self.address(),
        )

    def post(self, target, name=None, value=None, header=None):
        data = dict(self.baseline)
        headers = {}
        if header is not None:
            headers, value, name = {header: wsgi(value.text)}, value, None
        if name is not None and value.raw is not None:
            data.pop(name, None)
            body = urlencode(data) + f"&{quote(name, safe='')}={value.raw}"
            kwargs = {"data": body, "content_type": "application/x-www-form-urlencoded"}
        else:
            if name is not None:
                data[name] = value.text
            kwargs = {"data": data}
        before = len(mail.outbox)
        # The held transaction never commits: run the mail tasks queued after "the commit" here.
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = self.sender.send(
                "POST",
                self.endpoint.url,
                target=target,
                value=value,
                **{"REMOTE_ADDR": self.address(), **headers},
                **kwargs,
            )
        location = response.get("Location", "")
        follow = value is None or value.danger
        if follow and response.status_code in (301, 302, 303) and location and not urlsplit(location).netloc:
            # The confirmation page may show what was stored: judged like any other page.
            self.sender.send("GET", location, target=target, value=value)
        submitted = [str(v) for v in data.values()]
        for message in mail.outbox[before:]:
            problems = mail_problems([message], submitted)
            if problems:
                STATS.mail_problems += 1
                self.sender.record(
                    "mail", "POST", self.endpoint.url, target, value, "; ".join(sorted(set(problems)))
                )
        return response


def model_rows_with_markers():
    """{model label: [(pk, {field: text})]} for every row holding a marker in a text field."""
    from django.apps import apps
    from django.db.models import CharField, Q, TextField

    found = {}
    for model in apps.get_models():
        if not model.__module__.startswith(
            ("feedback", "consultations", "previews", "contributors", "links")
        ):
            continue
        fields = [
            f.name for f in model._meta.get_fields() if isinstance(f, (CharField, TextField)) and f.concrete
        ]
        if not fields:
            continue
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__contains": "hx"})
        rows = []
        for row in model.objects.filter(condition).values("pk", *fields):
            texts = {field: row[field] for field in fields if row[field] and "hx" in row[field]}
            if texts:
                rows.append((row["pk"], texts))
        if rows:
            found[model._meta.label] = rows
    return found


def dangerous(texts):
    return any(ch in text for text in texts.values() for ch in "<>\"'&")


# Posted forms whose valid submission is answered on the page itself, storing nothing: the
# feedback status lookup (posted so the reader's contact never sits in an address).
ANSWERED_IN_PLACE = {"page:FeedbackPage#tra-cuu"}


def post_every_form(assignment, targets):
    """Every discovered form: once valid (the baseline), then each field with each of its values."""
    sender = Sender(Client(enforce_csrf_checks=True, raise_request_exception=False), "post")
    counter = [0]
    posters = {}
    refused_baselines = []
    for label, _kind, endpoint, name in targets:
        if not label.startswith("POST "):
            continue
        poster = posters.get(endpoint.key)
        if poster is None:
            poster = posters[endpoint.key] = FormPoster(endpoint, sender, counter)
            response = poster.post(f"{label} (baseline)")
            answered_in_place = endpoint.key in ANSWERED_IN_PLACE and response.status_code == 200
            if (
                response.status_code not in (301, 302, 303)
                and "password" not in endpoint.params
                and not answered_in_place
            ):
                refused_baselines.append(
                    f"{endpoint.label}: valid submission answered {response.status_code}"
                )
        for value in assignment[label]:
            poster.post(label, name, value)
    for label, _kind, endpoint, header in targets:
        if label.startswith("HEADER ") and endpoint.method == "POST" and endpoint.key in posters:
            for value in assignment[label]:
                posters[endpoint.key].post(label, value=value, header=header)
    for key, poster in sorted(posters.items()):
        body = urlencode(poster.baseline)
        for content_type in ODD_CONTENT_TYPES:
            poster.post_raw(f"CONTENT-TYPE POST {key}", body, content_type)
    return refused_baselines


def read_stored_values_in_the_admin(superuser):
    """What the forms stored, as the admin shows it to a superuser: lists, then detail pages."""
    stored = model_rows_with_markers()
    STATS.notes.append(
        "stored rows holding hostile values: "
        + ", ".join(f"{label} {len(rows)}" for label, rows in stored.items())
    )
    admin = Client(raise_request_exception=False)
    admin.force_login(superuser)
    sender = Sender(admin, "admin")
    lists = {
        "feedback.Feedback": ("feedback_admin", 30),
        "consultations.DraftComment": ("draft_comments", 50),
    }
    details = {
        "feedback.Feedback": "feedback_admin:edit",
        "consultations.DraftComment": "draft_comments:inspect",
    }
    sender.send("GET", reverse("wagtailadmin_home"), target="admin dashboard")
    for label, rows in stored.items():
        if label in lists:
            namespace, per_page = lists[label]
            index = reverse(f"{namespace}:index")
            for number in range(1, len(rows) // per_page + 3):
                sender.send("GET", f"{index}?p={number}", target=f"admin list {label}")
            sender.send("GET", f"{index}?q=hx", target=f"admin list {label}")
        if label in details:
            ordered = sorted(rows, key=lambda row: (not dangerous(row[1]), row[0]))
            for pk, _texts in ordered[:ADMIN_DETAIL_PAGES]:
                sender.send("GET", reverse(details[label], args=[pk]), target=f"admin detail {label}")
    STATS.stored_unescaped += len(failures_of("admin"))
    return stored


def read_published_answers(stored):
    """Published answers are shown to every reader: publish some hostile items and read them back."""
    from feedback.models import Feedback, FeedbackPage

    hostile_items = [pk for pk, texts in stored.get("feedback.Feedback", []) if dangerous(texts)][:10]
    for item in Feedback.objects.filter(pk__in=hostile_items):
        item.answer = item.answer or item.title
        item.public_question = item.public_question or item.content
        item.public_answer = item.public_answer or item.answer
        item.is_published = True
        item.status = "answered"
        item.save()
    sender = Sender(Client(raise_request_exception=False), "published")
    page = FeedbackPage.objects.live().first()
    if page is not None and hostile_items:
        for number in (1, 2):
            sender.send("GET", f"{page.url}?page={number}", target="published answers")
        sender.send("GET", f"{page.url}?hoi=hx", target="published answers")


def test_post_forms_and_what_they_store(campaign, hostile_site):
    assignment, targets = campaign
    with STATS.timer("post"):
        refused_baselines = post_every_form(assignment, targets)
    with STATS.timer("admin"):
        stored = read_stored_values_in_the_admin(hostile_site["users"]["superuser"])
        read_published_answers(stored)

    problems = failures_of("post") + failures_of("admin") + failures_of("published")
    assert not refused_baselines, "valid submissions refused, so the forms were not exercised: " + "; ".join(
        refused_baselines
    )
    assert not problems, f"{len(problems)} problems with hostile form fields:\n{describe(problems)}"


def test_reflection_check_detects_an_unescaped_payload():
    """The judge itself: an unescaped payload is caught, its escaped form is not."""
    from django.utils.html import escape

    value = next(v for v in CORPUS if v.category == "xss/raw" and v.core)
    assert reflections(f"<p>{value.text}</p>")
    assert not reflections(f"<p>{escape(value.text)}</p>")


def test_the_corpus_is_large_marked_and_deterministic():
    from .corpus import build_corpus

    assert len(CORPUS) >= 400
    assert [v.id for v in build_corpus()] == [v.id for v in CORPUS]
    assert len({v.id for v in CORPUS}) == len(CORPUS)
    categories = collections.Counter(v.category.split("/")[0] for v in CORPUS)
    for category in (
        "xss",
        "sql",
        "fts",
        "template",
        "control",
        "invalid-utf8",
        "overlong",
        "nfc-expanding",
        "nfd-vietnamese",
        "combining-only",
        "rtl-zero-width",
        "number",
        "date",
        "traversal",
        "header-injection",
        "email",
    ):
        assert categories[category], category
    for value in CORPUS:
        for fragment in value.danger:
            assert value.id in fragment, (value.id, fragment)
    marked = [v for v in CORPUS if v.category.startswith(("xss", "sql", "template", "control", "header"))]
    assert all(v.id in (v.text or v.raw) for v in marked)
