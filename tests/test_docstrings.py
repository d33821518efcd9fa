"""gdcore's docstrings: free of control characters, raw wherever they hold a backslash (in every file
of the package), and NumPy-style for the whole public API: the math layer's and that of the figures,
explorers, scenes, course and self-checks (:data:`API_MODULES`) describe every parameter (a class's
constructor's, in the class's docstring) and what is returned; the math layer's also give the formula
and the notebook.

A docstring that is not raw turns ``\\theta`` into a TAB and ``\\nabla`` into a new line: the
rendered help then shows "heta" and "abla". Python warns only for unknown escapes such as ``\\l``.
"""

import ast
import importlib
import inspect
import pkgutil
import re
import unicodedata
from pathlib import Path

import pytest

import gdcore

PACKAGE = Path(gdcore.__file__).parent
MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(gdcore.__path__, "gdcore.")
    if not info.name.endswith("__main__")
)
MATH_MODULES = ["gdcore.regression", "gdcore.variants", "gdcore.cost_model", "gdcore.descent", "gdcore.data"]


def documented(module):
    """Every (name, docstring) of a module: itself, and what it defines, with their methods and properties."""
    yield module.__name__, module.__doc__
    for name, value in vars(module).items():
        if getattr(value, "__module__", None) != module.__name__:
            continue  # imported from elsewhere: checked where it is defined
        if inspect.isfunction(value):
            yield f"{module.__name__}.{name}", value.__doc__
        elif inspect.isclass(value):
            yield f"{module.__name__}.{name}", value.__doc__
            for member, attribute in vars(value).items():
                target = attribute.fget if isinstance(attribute, property) else attribute
                if inspect.isfunction(target):
                    yield f"{module.__name__}.{name}.{member}", target.__doc__


def test_every_module_of_the_package_is_found():
    assert {
        "gdcore.regression",
        "gdcore.variants",
        "gdcore.cost_model",
        "gdcore.descent",
        "gdcore.data",
    } <= set(MODULES)


@pytest.mark.parametrize("module_name", MODULES)
def test_no_docstring_holds_a_control_character(module_name):
    module = importlib.import_module(module_name)
    for name, doc in documented(module):
        bad = sorted({repr(c) for c in doc or "" if unicodedata.category(c) == "Cc" and c != "\n"})
        assert not bad, f"{name}'s docstring holds {', '.join(bad)}: make it raw (r'''...''')"


def docstring_literals(path):
    """(line, prefix, text as written) of every docstring in a source file."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines(keepends=True)
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                if isinstance(first.value.value, str):
                    literal = first.value
                    start = lines[literal.lineno - 1][literal.col_offset :]
                    rest = lines[literal.lineno : literal.end_lineno]
                    written = "".join([start, *rest])
                    prefix = start[: start.index(start.lstrip("rRuU")[0])]
                    yield literal.lineno, prefix.lower(), written


# Every source file of the package: the math layer, the figures, the scenes, the course, the self-checks.
FILES = sorted(path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py"))


def test_every_file_of_the_package_is_found():
    assert {"regression.py", "plots.py", "scenes/ch07_scaling.py", "selfcheck/core.py"} <= set(FILES)


@pytest.mark.parametrize("path", [PACKAGE / name for name in FILES], ids=FILES)
def test_a_docstring_with_a_backslash_is_raw(path):
    for line, prefix, written in docstring_literals(path):
        if "\\" in written:
            where = f"{path.relative_to(PACKAGE).as_posix()}:{line}"
            assert "r" in prefix, f"{where}: a docstring with a backslash must be raw (r'''...''')"


def public_functions(module_name, with_classes=False):
    """Every public function, method and property of a module's ``__all__``, with its name and kind.

    A class defined in the module (or in a module of its package, as the scenes are) is walked for its
    methods and properties; with ``with_classes`` it is also yielded itself, kind "class": numpydoc
    describes a constructor's parameters in the class's docstring (a dataclass's fields included).
    """
    module = importlib.import_module(module_name)
    for name in module.__all__:
        value = getattr(module, name)
        if inspect.isfunction(value):
            yield f"{module_name}.{name}", value, "function"
        elif inspect.isclass(value) and value.__module__.startswith(module_name):
            if with_classes:
                yield f"{module_name}.{name}", value, "class"
            for member, attribute in vars(value).items():
                if member.startswith("_"):
                    continue
                if isinstance(attribute, property):
                    yield f"{module_name}.{name}.{member}", attribute.fget, "property"
                elif inspect.isfunction(attribute):
                    yield f"{module_name}.{name}.{member}", attribute, "function"


# The rest of the public API: the figures, the explorers and their scenes, the course, the self-checks.
API_MODULES = ["gdcore.plots", "gdcore.widgets", "gdcore.scenes", "gdcore.course", "gdcore.selfcheck"]

MATH_PUBLIC = [entry for module in MATH_MODULES for entry in public_functions(module)]
PUBLIC = MATH_PUBLIC + [
    entry for module in API_MODULES for entry in public_functions(module, with_classes=True)
]


def test_the_public_api_is_found():
    names = {name for name, *_ in PUBLIC}
    assert {
        "gdcore.plots.cost_curve",
        "gdcore.widgets.Explorer",
        "gdcore.scenes.StepScene",
        "gdcore.scenes.StepScene.draw",
        "gdcore.scenes.Scene.show",
        "gdcore.course.Chapter",
        "gdcore.selfcheck.Verdict",
        "gdcore.selfcheck.check",
    } <= names


def written(parameter):
    """A parameter as its entry writes it: ``alpha``, ``*args``, ``**values``."""
    stars = {parameter.VAR_POSITIONAL: "*", parameter.VAR_KEYWORD: "**"}.get(parameter.kind, "")
    return stars + parameter.name


@pytest.mark.parametrize(("name", "function", "kind"), PUBLIC, ids=[name for name, *_ in PUBLIC])
def test_every_public_function_is_documented(name, function, kind):
    """NumPy style: every argument (a class's: its constructor's) has an entry, and what is returned."""
    doc = inspect.getdoc(function) or ""
    signature = inspect.signature(function)
    arguments = [written(p) for p in signature.parameters.values() if p.name != "self"]
    if arguments:
        assert "Parameters\n----------" in doc, f"{name}: no Parameters section"
        for argument in arguments:  # an entry "argument : type", "shift, scale : type", "**values : float"
            entry = re.compile(rf"^([*\w]+, )*{re.escape(argument)}(, [*\w]+)* :", re.MULTILINE)
            assert entry.search(doc), f"{name}: {argument} not described"
    if kind == "function" and signature.return_annotation not in ("None", None):
        assert "Returns\n-------" in doc, f"{name}: no Returns section"


@pytest.mark.parametrize(("name", "function", "kind"), MATH_PUBLIC, ids=[name for name, *_ in MATH_PUBLIC])
def test_every_public_function_of_the_math_layer_names_its_formula_and_notebook(name, function, kind):
    doc = inspect.getdoc(function) or ""
    if (
        name.startswith(("gdcore.regression.", "gdcore.variants.", "gdcore.cost_model."))
        and name.count(".") == 2
    ):
        assert "Raises\n------" in doc, f"{name}: no Raises section (every function checks its input)"
    if name.startswith("gdcore.descent."):
        return  # the machinery behind the descents: no notebook teaches it, it has no formula
    assert "notebook" in doc.lower(), f"{name}: which notebook teaches it?"
    if not name.startswith("gdcore.data."):
        assert ":math:" in doc or ".. math::" in doc, f"{name}: no formula"
