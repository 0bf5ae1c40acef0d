"""The apps' dependency order (issue 13), in one place, and the check that keeps it.

An app may import the core and the apps *before* it in ``ORDER``, never one after it: the core
(``site_kb``) depends on nothing of ours, content apps on the core and earlier content apps,
cross-cutting apps on both, the demo on everything. The project's wiring (``site_kb.urls``,
the settings, ``wsgi``) names every app and stands above them all.

Inside an app, a module imports another at module level. A function-level import of a project
module is allowed only where Django or the process requires it: an AppConfig's ``ready()``
(always), and the modules listed in ``FUNCTION_LEVEL_IMPORTS`` with their reason (a worker
process that imports its task's code after capping itself). Anything else is an import cycle dodged,
and the check fails. A template tag library imports no views module either.

``tests/test_layers.py`` runs the check; ``python -m site_kb.layers`` prints what it finds (CI).
Only the standard library here: the check reads source text, it imports nothing it checks.
"""

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

LAYERS = (
    ("core", ("site_kb",)),
    ("content", ("org", "directives", "news", "schools", "links", "schedule", "home")),
    (
        "cross-cutting",
        (
            "editorial",
            "accounts",
            "contributors",
            "intake",
            "feedback",
            "consultations",
            "privacy",
            "previews",
            "search",
            "backups",
            "units",
            "guide",
        ),
    ),
    ("demo", ("demo",)),
)
ORDER = tuple(app for _layer, apps in LAYERS for app in apps)
RANK = {app: position for position, app in enumerate(ORDER)}

# Modules of the core package that wire the project together: they may import any app.
PROJECT_WIRING = ("site_kb.urls", "site_kb.settings", "site_kb.wsgi")

# Apps whose imports may still break the order, with the reason and what is left to do.
# Each entry is (importing app, imported app): keep this empty; an entry is a debt.
KNOWN_BACK_IMPORTS = {}

# Function-level imports of project modules that are not cycles dodged: "module" → reason.
# A module listed here may import project modules inside functions; any other may not.
# ``ready()`` in an app's ``apps`` module is always allowed: Django loads models only then.
FUNCTION_LEVEL_IMPORTS = {
    "site_kb.worker": (
        "a separate process without Django: it caps its memory and CPU first, then imports only "
        "the code of the task it runs (an app's task by its dotted name, e.g. intake.worker_tasks)"
    ),
}

# Function-level imports still dodging a cycle, in modules other engineers are rewriting
# (issue 13, parts 3 and 9): "module" → what is left. Keep this empty; an entry is a debt.
PENDING_FUNCTION_LEVEL = {}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, "news.models"
    line: int
    target: str  # the imported module, "site_kb.pages"
    in_function: bool
    function: str = ""  # the innermost enclosing function's name

    @property
    def app(self):
        return self.module.split(".")[0]

    @property
    def target_app(self):
        return self.target.split(".")[0]


def imports_of(module, source, is_package=False):
    """Every import in ``source`` (the text of ``module``), relative ones made absolute."""
    tree = ast.parse(source)
    in_function = {}  # id(node) → the innermost enclosing function's name (ast.walk: outer first)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            name = getattr(node, "name", "<lambda>")
            in_function.update((id(inner), name) for inner in ast.walk(node) if inner is not node)
    package = module.split(".") if is_package else module.split(".")[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            prefix = ".".join(base + ([node.module] if node.module else []))
            # "from . import signals" imports the submodule; "from x import a, b" the module x, once.
            targets = [prefix] if node.module else [f"{prefix}.{alias.name}" for alias in node.names]
        else:
            continue
        found.extend(
            Import(module, node.lineno, target, id(node) in in_function, in_function.get(id(node), ""))
            for target in targets
        )
    return found


def is_wiring(module):
    return any(module == wiring or module.startswith(wiring + ".") for wiring in PROJECT_WIRING)


def problems(module, source, is_package=False, known=KNOWN_BACK_IMPORTS):
    """What breaks the order or dodges a cycle in ``source``, one sentence each."""
    if module.split(".")[0] not in RANK or is_wiring(module):
        return []
    found = []
    for item in imports_of(module, source, is_package):
        if item.target_app not in RANK:
            continue  # Django, Wagtail, the standard library...
        if RANK[item.target_app] > RANK[item.app] and (item.app, item.target_app) not in known:
            found.append(
                f"{module}:{item.line} imports {item.target}: {item.app} comes before "
                f"{item.target_app} in site_kb.layers.ORDER"
            )
        if ".templatetags." in f".{module}." and item.target.split(".")[-1].endswith("views"):
            found.append(
                f"{module}:{item.line} imports {item.target}: a template tag needs what the page or the "
                "form knows, not a views module (views render templates that load the tags)"
            )
        in_ready = module.endswith(".apps") and item.function == "ready"
        if (
            item.in_function
            and not in_ready
            and module not in FUNCTION_LEVEL_IMPORTS | PENDING_FUNCTION_LEVEL.keys()
        ):
            found.append(
                f"{module}:{item.line} imports {item.target} inside a function: import it at module "
                "level (break the cycle) or list the reason in site_kb.layers.FUNCTION_LEVEL_IMPORTS"
            )
    return found


def project_modules(root):
    """``(module name, path, is_package)`` for every Python file of every app under ``root``."""
    root = Path(root)
    for app in ORDER:
        for path in sorted((root / app).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            is_package = parts[-1] == "__init__"
            yield ".".join(parts[:-1] if is_package else parts), path, is_package


def check(root):
    found = []
    for module, path, is_package in project_modules(root):
        found.extend(problems(module, path.read_text(encoding="utf-8"), is_package))
    return found


def app_cycles(root):
    """Pairs of apps importing each other (either way, any level): what the order rules out."""
    edges = set()
    for module, path, is_package in project_modules(root):
        if is_wiring(module):
            continue
        for item in imports_of(module, path.read_text(encoding="utf-8"), is_package):
            if item.target_app in RANK and item.target_app != item.app:
                edges.add((item.app, item.target_app))
    return sorted((a, b) for a, b in edges if (b, a) in edges and RANK[a] < RANK[b])


if __name__ == "__main__":
    here = Path(__file__).resolve().parent.parent
    messages = check(here)
    print("\n".join(messages) or "The apps keep their order.")
    sys.exit(1 if messages else 0)
