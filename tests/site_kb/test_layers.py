"""The apps keep the dependency order of site_kb.layers (issue 13.1), and the check catches a
back-import or a function-level import that dodges a cycle."""

from pathlib import Path

from django.conf import settings

from site_kb import layers

ROOT = Path(__file__).resolve().parents[2]


def test_every_app_imports_only_the_core_and_apps_before_it():
    assert layers.check(ROOT) == []


def test_no_two_apps_import_each_other_but_the_listed_debts():
    assert layers.app_cycles(ROOT) == sorted(layers.KNOWN_BACK_IMPORTS)


def test_every_project_app_has_its_place_in_the_order():
    on_disk = {path.parent.name for path in ROOT.glob("*/apps.py")}
    installed = {name.split(".")[0] for name in settings.INSTALLED_APPS} & on_disk
    assert on_disk <= set(layers.ORDER)
    assert installed <= set(layers.ORDER)
    assert len(layers.ORDER) == len(set(layers.ORDER))


def test_a_back_import_is_caught():
    """news comes before schools and editorial: importing them from news breaks the order."""
    found = layers.problems(
        "news.models", "from django.db import models\nfrom editorial.models import SchoolAccess\n"
    )
    assert found == [
        "news.models:2 imports editorial.models: news comes before editorial in site_kb.layers.ORDER"
    ]
    assert layers.problems("news.forms", "import schools.models\n")
    assert len(layers.problems("news.forms", "from schools.models import SchoolIndexPage, SchoolPage\n")) == 1
    assert layers.problems("site_kb.pages", "from search import views\n")  # the core imports no app


def test_a_back_import_hidden_in_a_function_is_caught_twice():
    source = "def parent_level(page):\n    from schools.models import SchoolPage\n    return SchoolPage\n"
    found = layers.problems("news.models", source)
    assert len(found) == 2
    assert "comes before schools" in found[0]
    assert "inside a function" in found[1]


def test_a_function_level_import_inside_one_app_is_caught_unless_listed():
    source = "def serve(request):\n    from .views import serve_page\n    return serve_page(request)\n"
    assert "inside a function" in layers.problems("schedule.models", source)[0]
    ready = "class A:\n    def ready(self):\n        from . import signals\n"
    assert layers.problems("previews.apps", ready) == []  # AppConfig.ready(): Django requires it
    assert "inside a function" in layers.problems("previews.models", ready)[0]
    assert "inside a function" in layers.problems("previews.apps", ready.replace("ready", "setup"))[0]
    worker = "def docx_task(data, options):\n    from intake.conversion import convert_docx\n"
    assert layers.problems("site_kb.worker", worker.replace("intake.conversion", "site_kb.pictures")) == []


def test_a_template_tag_importing_a_views_module_is_caught():
    found = layers.problems("consultations.templatetags.tags", "from ..views import CONFIRMATION_PARAM\n")
    assert "template tag" in found[0]
    assert layers.problems("consultations.templatetags.tags", "from ..forms import DraftCommentForm\n") == []


def test_forward_imports_relative_imports_and_the_project_wiring_pass():
    assert (
        layers.problems(
            "schools.models", "from news.models import NewsPage\nfrom site_kb.pages import BasePage\n"
        )
        == []
    )
    assert layers.problems("search.views", "from directives.models import DirectivePage\n") == []
    assert layers.problems("demo.seed", "from search.views import search\n") == []
    assert layers.problems("site_kb.urls", "from search import views as search_views\n") == []
    tag = layers.imports_of("consultations.templatetags.tags", "from ..views import CONFIRMATION_PARAM\n")
    assert [item.target for item in tag] == ["consultations.views"]
    package = layers.imports_of("contributors", "from . import signals\n", is_package=True)
    assert [item.target for item in package] == ["contributors.signals"]
