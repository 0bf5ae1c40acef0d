"""Finding every public parameter and form field, without a list kept by hand.

Three sources, merged per endpoint (a page type, a page type's sub-route such as ``rss/``,
or a named non-admin URL):

1. the URL resolver (``site_kb.urls``): every non-admin route; routes with converters become
   path targets, the others are fetched;
2. the live page tree of the seeded site: every page is fetched as an anonymous reader, its
   HTML parsed for ``<form>`` elements (action, method, fields) and for links carrying a query
   string; GET forms are then submitted once with sane values and query links followed once,
   and those pages parsed the same way;
3. the code behind each endpoint: the page class's own methods and the views they call are
   read (AST) for ``request.GET.get("x")``, ``request.GET["x"]``, ``"x" in request.GET`` and
   forms built from ``request.GET`` / ``request.POST`` (their fields), so a parameter no link
   shows (``?page=`` on a short list, ``?hoi=``) is still covered.
"""

import ast
import dataclasses
import inspect
import textwrap
from urllib.parse import parse_qsl, urljoin, urlsplit

from django import forms as django_forms
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

import lxml.html

from site_kb import layers

# Every app of the project, in the order site_kb.layers declares.
PROJECT_PACKAGES = layers.ORDER
ADMIN_PREFIXES = ("admin/", "django-admin/")
SANE_TEXT = "giáo dục"
SANE_EMAIL = "ban.doc@example.com"
SANE_PHONE = "0912345678"
SANE_DATE = "2026-01-05"
SANE_LONG_TEXT = "Đề nghị Phòng hướng dẫn thêm về kế hoạch tuyển sinh năm học mới. Trân trọng cảm ơn."


@dataclasses.dataclass
class Param:
    name: str
    kind: str = "text"  # text, search, email, number, date, select, hidden, file, textarea, path, …
    sane: str | None = None  # a value the endpoint accepts, used while another parameter is attacked
    options: tuple = ()
    required: bool = False
    sources: set = dataclasses.field(default_factory=set)

    def merge(self, other):
        if self.kind in ("text", "source") and other.kind not in ("text", "source"):
            self.kind = other.kind
        self.sane = self.sane if self.sane is not None else other.sane
        self.options = self.options or other.options
        self.required = self.required or other.required
        self.sources |= other.sources


@dataclasses.dataclass
class Endpoint:
    key: str
    url: str  # representative path
    method: str  # GET or POST
    params: dict = dataclasses.field(default_factory=dict)
    enctype: str = ""
    form_page: str = ""  # for POST: the page that shows the form (for the CSRF token)

    def add(self, param):
        if param.name in self.params:
            self.params[param.name].merge(param)
        else:
            self.params[param.name] = param

    @property
    def label(self):
        return f"{self.method} {self.key}"


@dataclasses.dataclass
class PathTarget:
    key: str
    template: str  # a URL with ``{}`` where the hostile value goes
    sane: str


@dataclasses.dataclass
class Discovery:
    endpoints: dict  # (method, key) -> Endpoint
    path_targets: list
    fetched: dict  # url -> status
    code_params: dict  # key -> set of names found in the code
    code_forms: dict  # key -> [(method, form class)]
    page_types: set

    def get(self, method, key):
        return self.endpoints.get((method, key))

    def targets(self):
        """(endpoint, parameter name) for every parameter, GET and POST, sorted for determinism."""
        found = []
        for (_method, _key), endpoint in sorted(self.endpoints.items()):
            for name in sorted(endpoint.params):
                found.append((endpoint, name))
        return found

    def describe(self):
        lines = []
        for (_method, _key), endpoint in sorted(self.endpoints.items()):
            names = ", ".join(
                f"{name}[{param.kind}{'|' + '+'.join(sorted(param.sources)) if param.sources else ''}]"
                for name, param in sorted(endpoint.params.items())
            )
            lines.append(f"{endpoint.label} {endpoint.url}: {names}")
        for target in self.path_targets:
            lines.append(f"PATH {target.key} {target.template}")
        return lines


# --- 1. the URL resolver -------------------------------------------------------------------


def walk_resolver(patterns=None, prefix="", namespace=""):
    """(route string, view name with its namespaces, pattern) for every URL pattern, admin excluded."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(ADMIN_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk_resolver(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            yield route, f"{namespace}{entry.name or route}", entry


def resolver_routes():
    """Non-admin routes except Wagtail's page-serving catch-all, as (route, name, callback)."""
    routes = []
    for route, name, pattern in walk_resolver():
        callback = pattern.callback
        module = getattr(callback, "__module__", "")
        if module.startswith("wagtail.views") or (pattern.name or "") in (
            "wagtail_serve",
            "wagtail_serve_preview_by_token",
        ):
            continue
        if route.startswith(("static", "media")):
            continue
        routes.append((route, name, callback))
    return routes


CONVERTER_SAMPLES = {
    "int": "1",
    "slug": "x",
    "str": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def route_template(route):
    """``gop-y-du-thao/<int:page_id>/`` -> (list of templates with one ``{}`` each, sane path).

    Regular-expression routes (``^(\\d+)/(.*)$``) are handled the same way, group by group."""
    import re

    if route.startswith("^") or "(" in route:
        route = route.replace("^", "").replace("$", "")
        route = re.sub(
            r"\((?:\?P<\w+>)?([^()]*)\)", lambda m: "<int:g>" if "\\d" in m.group(1) else "<str:g>", route
        )
    parts = re.split(r"(<[^>]+>)", route)
    converters = [i for i, part in enumerate(parts) if part.startswith("<")]
    sane_parts = []
    for part in parts:
        if part.startswith("<"):
            kind = part[1:-1].split(":")[0] if ":" in part else "str"
            sane_parts.append(CONVERTER_SAMPLES.get(kind, "x"))
        else:
            sane_parts.append(part)
    templates = []
    for index in converters:
        pieces = list(sane_parts)
        pieces[index] = "{}"
        templates.append("/" + "".join(pieces).replace("^", "").replace("$", ""))
    return templates, "/" + "".join(sane_parts)


# --- 3. the code behind an endpoint ---------------------------------------------------------


def is_project(obj):
    module = getattr(obj, "__module__", "") or ""
    return module.split(".")[0] in PROJECT_PACKAGES


def _request_attr(node, attr):
    """True for ``request.<attr>`` or ``self.request.<attr>``."""
    if not (isinstance(node, ast.Attribute) and node.attr == attr):
        return False
    value = node.value
    return (isinstance(value, ast.Name) and value.id == "request") or (
        isinstance(value, ast.Attribute) and value.attr == "request"
    )


def _mentions(node, attr):
    return any(_request_attr(child, attr) for child in ast.walk(node))


def _function_tree(function):
    try:
        source = textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError):
        return None
    try:
        return ast.parse(source)
    except SyntaxError:
        return None


def _resolve(name, function, local_imports):
    if name in local_imports:
        return local_imports[name]
    return getattr(function, "__globals__", {}).get(name)


def _local_imports(tree, function):
    """Names imported inside the function (``from .forms import X``), resolved to objects."""
    import importlib

    found = {}
    module_name = getattr(function, "__module__", "")
    package = module_name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            try:
                module = importlib.import_module(("." * node.level) + (node.module or ""), package or None)
            except ImportError:
                continue
            for alias in node.names:
                found[alias.asname or alias.name] = getattr(module, alias.name, None)
    return found


def scan_code(function, owner=None, seen=None, depth=0):
    """(GET names, [(method, form class)]) read from ``function`` and what it calls with the request."""
    seen = set() if seen is None else seen
    function = inspect.unwrap(function)
    if id(function) in seen or depth > 4 or not is_project(function):
        return set(), []
    seen.add(id(function))
    tree = _function_tree(function)
    if tree is None:
        return set(), []
    local = _local_imports(tree, function)
    names, form_classes = set(), []
    for node in ast.walk(tree):
        # request.GET.get("x") / request.GET.getlist("x")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get", "getlist")
            and _request_attr(node.func.value, "GET")
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(node.args[0].value)
        # request.GET["x"]
        if isinstance(node, ast.Subscript) and _request_attr(node.value, "GET"):
            if isinstance(node.slice, ast.Constant):
                names.add(node.slice.value)
        # "x" in request.GET
        if (
            isinstance(node, ast.Compare)
            and isinstance(node.left, ast.Constant)
            and any(_request_attr(c, "GET") for c in node.comparators)
        ):
            names.add(node.left.value)
        if not isinstance(node, ast.Call):
            continue
        passes_request = any(
            (isinstance(arg, ast.Name) and arg.id == "request")
            or _mentions(arg, "GET")
            or _mentions(arg, "POST")
            for arg in list(node.args) + [keyword.value for keyword in node.keywords]
        )
        if not passes_request:
            continue
        target = None
        if isinstance(node.func, ast.Name):
            target = _resolve(node.func.id, function, local)
        elif (
            isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "self"
            and owner is not None
        ):
            target = getattr(owner, node.func.attr, None)
        elif isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            module = _resolve(node.func.value.id, function, local)
            target = getattr(module, node.func.attr, None) if module is not None else None
        if isinstance(target, type) and issubclass(target, django_forms.BaseForm):
            method = "POST" if any(_mentions(arg, "POST") for arg in node.args) else "GET"
            if any(_mentions(arg, "GET") for arg in node.args) or method == "POST":
                form_classes.append((method, target))
            continue
        if callable(target) and not isinstance(target, type):
            more_names, more_forms = scan_code(target, owner, seen, depth + 1)
            names |= more_names
            form_classes += more_forms
    return names, form_classes


def scan_class(cls, skip_routes=False):
    """Every project method of ``cls`` (its own and inherited from project classes); with
    ``skip_routes``, not the views of its sub-routes (``@path``), which are endpoints of their own."""
    names, form_classes = set(), []
    seen = set()
    for klass in cls.__mro__:
        if not is_project(klass):
            continue
        for attribute in vars(klass).values():
            function = getattr(attribute, "__func__", attribute)
            if skip_routes and hasattr(function, "_routablepage_routes"):
                continue
            if inspect.isfunction(function):
                more_names, more_forms = scan_code(function, cls, seen)
                names |= more_names
                form_classes += more_forms
    return names, form_classes


def scan_view(callback):
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return scan_class(view_class)
    return scan_code(callback)


def form_field_params(form_class, source):
    params = []
    for name, field in form_class.base_fields.items():
        kind = "text"
        if isinstance(field, django_forms.EmailField):
            kind = "email"
        elif isinstance(field, django_forms.DateField):
            kind = "date"
        elif isinstance(
            field, (django_forms.IntegerField, django_forms.DecimalField, django_forms.FloatField)
        ):
            kind = "number"
        elif isinstance(field, (django_forms.ChoiceField, django_forms.ModelChoiceField)):
            kind = "select"
        elif isinstance(field, django_forms.FileField):
            kind = "file"
        params.append(Param(name, kind, sources={source}))
    return params


# --- 2. the page tree and its HTML ------------------------------------------------------------


def sane_for(kind, element=None):
    if kind == "email":
        return SANE_EMAIL
    if kind == "tel" or (element is not None and (element.get("name") or "") in ("phone", "dien_thoai")):
        return SANE_PHONE
    if kind == "date":
        return SANE_DATE
    if kind == "number":
        low = element.get("min") if element is not None else None
        high = element.get("max") if element is not None else None
        if low and high:
            return str((int(float(low)) + int(float(high))) // 2)
        return low or "1"
    if kind == "textarea":
        return SANE_LONG_TEXT
    return SANE_TEXT


def parse_forms(html, page_url):
    """[(method, action URL, enctype, [Param])] for every ``<form>`` in ``html``."""
    document = lxml.html.fromstring(html)
    found = []
    for form in document.forms:
        method = (form.get("method") or "get").upper()
        action = urljoin(page_url, form.get("action") or page_url)
        params = []
        for element in form.inputs:
            name = element.get("name")
            if not name:
                continue
            if element.tag == "select":
                options = tuple(
                    option.get("value", option.text_content()) for option in element.findall(".//option")
                )
                selected = [
                    o.get("value", o.text_content())
                    for o in element.findall(".//option")
                    if o.get("selected") is not None
                ]
                non_empty = [option for option in options if option]
                sane = (
                    selected[0]
                    if selected and selected[0]
                    else (
                        non_empty[0]
                        if element.get("required") is not None and non_empty
                        else (options[0] if options else "")
                    )
                )
                params.append(
                    Param(name, "select", sane, options, element.get("required") is not None, {"html"})
                )
            elif element.tag == "textarea":
                required = element.get("required") is not None
                params.append(
                    Param(name, "textarea", sane_for("textarea") if required else "", (), required, {"html"})
                )
            else:
                kind = (element.get("type") or "text").lower()
                if kind in ("submit", "button", "reset", "image"):
                    continue
                if kind in ("checkbox", "radio"):
                    # A required box (the consent of Luật 91/2025/QH15) is ticked, as a reader would.
                    if element.get("checked") is not None or element.get("required") is not None:
                        params.append(Param(name, kind, element.get("value") or "on", (), False, {"html"}))
                    else:
                        params.append(Param(name, kind, None, (), False, {"html"}))
                    continue
                required = element.get("required") is not None
                value = element.get("value")
                if kind == "hidden":
                    sane = value or ""
                elif kind == "file":
                    sane = None
                elif value:
                    sane = value
                elif (
                    required
                    or kind == "email"
                    or (method == "GET" and kind in ("search", "text") and not params)
                ):
                    sane = sane_for(kind, element)
                else:
                    sane = ""
                params.append(Param(name, kind, sane, (), required, {"html"}))
        found.append((method, action, form.get("enctype") or "", params))
    return found


def parse_query_links(html, page_url):
    """[(absolute URL without query, [(name, value)])] for links that carry a query string."""
    document = lxml.html.fromstring(html)
    found = []
    for element in document.xpath("//a[@href] | //link[@href]"):
        href = element.get("href")
        absolute = urljoin(page_url, href)
        parts = urlsplit(absolute)
        if parts.netloc not in ("", "testserver", "localhost") or not parts.query:
            continue
        found.append((parts.path, parse_qsl(parts.query, keep_blank_values=True)))
    return found


class EndpointMap:
    """Which endpoint (page type, sub-route or named URL) a path belongs to."""

    def __init__(self, pages):
        self.by_url = {}
        for page in pages:
            url = page.get_url()
            if url:
                self.by_url[url] = page
        self.sorted_urls = sorted(self.by_url, key=len, reverse=True)

    def key(self, path):
        from django.urls import Resolver404, resolve

        try:
            match = resolve(path)
        except Resolver404:
            return None, None
        if match.url_name not in ("wagtail_serve",):
            return f"url:{match.view_name}", None
        for url in self.sorted_urls:
            if path.startswith(url):
                page = self.by_url[url]
                suffix = path[len(url) :]
                name = type(page).__name__
                return (f"page:{name}/{suffix}" if suffix else f"page:{name}"), page
        return None, None


def routable_subpaths(page):
    """Sub-routes without arguments of a RoutablePageMixin page (``rss/``, ``atom/``, ``lich-ics/``)."""
    if not isinstance(page, RoutablePageMixin):
        return []
    paths = []
    for pattern in page.get_subpage_urls():
        if isinstance(pattern, URLPattern) and "<" not in str(pattern.pattern) and str(pattern.pattern):
            try:
                paths.append(page.url + page.reverse_subpage(pattern.name))
            except Exception:  # noqa: BLE001 - a route that needs arguments
                continue
    return paths


PAGES_PER_TYPE = 4


def discover(get=None, pages_per_type=PAGES_PER_TYPE):
    """Crawl the default site as an anonymous reader and read the code behind what it finds.

    ``get(url)`` fetches a URL (default: an anonymous test client). Every live page is fetched;
    the sub-routes (feeds, calendar) of the first ``pages_per_type`` pages of each type."""
    if get is None:
        get = Client(raise_request_exception=False).get
    site = Site.objects.get(is_default_site=True)
    pages = list(Page.objects.live().public().descendant_of(site.root_page, inclusive=True).specific())
    endpoint_map = EndpointMap(pages)
    per_type = {}
    for page in pages:
        per_type.setdefault(type(page), []).append(page)
    first_of_type = {page.pk for group in per_type.values() for page in group[:pages_per_type]}
    endpoints, fetched, code_params, code_forms = {}, {}, {}, {}
    page_types = {type(page).__name__ for page in pages}

    def endpoint(method, key, url):
        found = endpoints.get((method, key))
        if found is None:
            found = endpoints[(method, key)] = Endpoint(key, url, method)
        return found

    def fetch(url):
        if url in fetched:
            return None
        response = get(url)
        fetched[url] = response.status_code
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return None
        return response.content.decode("utf-8", "replace")

    def harvest(url, html, follow):
        """Forms and query links of one fetched page; returns (GET form URLs, query link URLs) to follow."""
        to_follow = []
        for method, action, enctype, params in parse_forms(html, url):
            path, fragment = urlsplit(action).path, urlsplit(action).fragment
            key, _page = endpoint_map.key(path)
            if key is None:
                continue
            if method == "POST" and fragment:
                # A second form posted to the same page, told apart by where it lands (the
                # feedback page's status lookup, "#tra-cuu"): its own target, not merged.
                key = f"{key}#{fragment}"
            target = endpoint(method, key, path)
            target.enctype = target.enctype or enctype
            if method == "POST":
                target.form_page = target.form_page or url
            for param in params:
                target.add(param)
            if method == "GET" and follow:
                query = "&".join(f"{p.name}={p.sane}" for p in params if p.sane)
                to_follow.append(f"{path}?{query}" if query else path)
        for path, pairs in parse_query_links(html, url):
            key, _page = endpoint_map.key(path)
            if key is None:
                continue
            target = endpoint("GET", key, path)
            for name, value in pairs:
                target.add(Param(name, "link", value, sources={"link"}))
            if follow:
                to_follow.append(f"{path}?" + "&".join(f"{name}={value}" for name, value in pairs))
        return to_follow

    # 2. every live page (and its feeds and other sub-routes), then one step further.
    queue = []
    for page in pages:
        for url in [page.url] + (routable_subpaths(page) if page.pk in first_of_type else []):
            html = fetch(url)
            key, _page = endpoint_map.key(url)
            if key is not None:
                endpoint("GET", key, url)
            if html is not None:
                queue += harvest(url, html, follow=True)
    # 1. non-admin routes of the resolver.
    path_targets = []
    for route, name, callback in resolver_routes():
        templates, sane = route_template(route)
        key = f"url:{name}"
        for template in templates:
            path_targets.append(PathTarget(key, template, sane))
        if not templates:
            html = fetch(sane)
            endpoint("GET", key, sane)
            if html is not None:
                queue += harvest(sane, html, follow=True)
        code_names, forms_found = scan_view(callback)
        code_params[key] = code_names
        code_forms[key] = forms_found
    for url in dict.fromkeys(queue):
        html = fetch(url)
        if html is not None:
            harvest(url, html, follow=False)
    # Wagtail's page paths: the catch-all, a section and a page below it.
    news_like = next((page for page in pages if page.depth > site.root_page.depth), site.root_page)
    path_targets.append(PathTarget("page:path", "/{}/", "/"))
    path_targets.append(PathTarget("page:subpath", news_like.url + "{}/", news_like.url))

    # 3. the code behind each endpoint: GET names and forms, added with their sources. A page
    # type's own address is served by its class minus the sub-route views; a sub-route by its view.
    representative = {}
    for page in pages:
        representative.setdefault(type(page), page)
    for page_class, page in representative.items():
        whole = scan_class(page_class, skip_routes=True)
        for (method, key), target in list(endpoints.items()):
            if key != f"page:{page_class.__name__}" and not key.startswith(f"page:{page_class.__name__}/"):
                continue
            names, forms_found = whole
            suffix = key.partition("/")[2]
            if suffix:
                try:
                    view, _args, _kwargs = page.resolve_subpage("/" + suffix)
                except Exception:  # noqa: BLE001 - not a sub-route after all
                    continue
                names, forms_found = scan_code(getattr(view, "__func__", view), page_class)
            code_params[key] = names
            code_forms[key] = forms_found
            if method == "GET":
                for name in names:
                    target.add(Param(name, "source", None, sources={"code"}))
            for form_method, form_class in forms_found:
                if form_method == method == "GET":
                    for param in form_field_params(form_class, f"form:{form_class.__name__}"):
                        target.add(param)
    for key, names in list(code_params.items()):
        if key.startswith("url:") and ("GET", key) in endpoints:
            target = endpoints[("GET", key)]
            for name in names:
                target.add(Param(name, "source", None, sources={"code"}))
            for form_method, form_class in code_forms.get(key, []):
                if form_method == "GET":
                    for param in form_field_params(form_class, f"form:{form_class.__name__}"):
                        target.add(param)
    # Parameters named in a GET form but read by the code under another endpoint stay where found.
    return Discovery(endpoints, path_targets, fetched, code_params, code_forms, page_types)


def public_form_classes():
    """Every form class defined in the project outside the admin (for the coverage check)."""
    import importlib

    from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

    classes = []
    for package in PROJECT_PACKAGES:
        try:
            module = importlib.import_module(f"{package}.forms")
        except ImportError:
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, django_forms.BaseForm)
                and value.__module__ == module.__name__
                and not issubclass(value, (WagtailAdminModelForm, WagtailAdminPageForm))
            ):
                classes.append(value)
    return classes
