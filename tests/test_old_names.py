"""No notebook, guide, tool or gdcore module uses a name or the argument order of gdcore 0.2.

gdcore 0.3 chose one name per idea and theta first: ``best_alpha`` (was ``optimal_alpha``),
``Bowl.stability_limit`` (``Bowl.limit``), ``Bowl.descent_regime`` (``Bowl.regime``),
``Bowl.step_factor(a)`` (``step_factors(a)[-1]``), the function ``iterations_from_parts`` (the
function ``iterations_needed``; the method ``Bowl.iterations_needed`` keeps its name), and
``descent(theta, X, y, ...)`` (``descent(X, y, theta, ...)``). The old spellings still work, with a
DeprecationWarning (tests/test_conditioning.py, tests/test_descent.py); the course must not teach them.

Checked like grep, over what a reader reads: a Python file whole (code, docstrings, doctests,
comments), a notebook's cell sources (code and Markdown, not outputs), the Markdown guides. The
argument order is also checked on the syntax tree of the Python code (files, notebook code cells,
Markdown's Python blocks), where a call may span lines or go through ``quietly``. A design matrix is
spelled with a capital (``X``, ``Z``, ``U``, ``X_train``, ``self.X``) or made by ``design_matrix``,
throughout the course: a descent whose first array is one of those is called in the old order.
"""

import ast
import json
import re
from pathlib import Path

import pytest

from gdcore.course import CHAPTERS

ROOT = Path(__file__).resolve().parent.parent
DESCENTS = {"gradient_descent", "minibatch_descent", "momentum_descent"}

OLD_NAMES = {
    "optimal_alpha (write best_alpha)": re.compile(r"\boptimal_alpha\b"),
    # a scene's own self.limit is the scene's, not Bowl's
    "Bowl.limit (write stability_limit)": re.compile(r"(?<!\bself)\.limit\b"),
    "Bowl.regime (write descent_regime)": re.compile(r"\.regime\b"),
    # (the method Bowl.iterations_needed keeps its name: its definition is not a use)
    "the function iterations_needed (write iterations_from_parts)": re.compile(
        r"(?<![\w.])(?<!def )iterations_needed\b|\b(?:gd|gdcore|regression)\.iterations_needed\b"
    ),
    # (Bowl.step_factor itself is self.step_factors(alpha)[-1])
    "step_factors(alpha)[-1] (write step_factor(alpha))": re.compile(
        r"(?<!self\.)step_factors\([^()]*\)\[-1\]"
    ),
    "a descent called X, y, theta (write theta, X, y)": re.compile(
        r"\b(?:gradient|minibatch|momentum)_descent\(\s*(?:self\.X|[A-Z]\w*|(?:\w+\.)*design_matrix\()"
    ),
}

# Where the old names are still defined and exported, so that they keep working: the lines that
# export them, and the deprecated functions themselves (their docstring says so).
EXPORTS = {'"optimal_alpha",', "optimal_alpha,", '"iterations_needed",', "iterations_needed,"}
EXPORTING = {"gdcore/__init__.py", "gdcore/regression.py"}
SHIM_DOCSTRING = "Deprecated since gdcore 0.3, removed in 0.4"


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _is_design_matrix(node: ast.expr) -> bool:
    """Spelled as a design matrix: a capital name (X, Z, X_train, self.X) or design_matrix(...)."""
    if isinstance(node, ast.Call):
        return _name(node.func) == "design_matrix"
    name = _name(node)
    return name is not None and name[:1].isupper()


def old_order_calls(code: str) -> list[int]:
    """The lines of the descent calls in ``code`` whose first array is a design matrix."""
    try:
        tree = ast.parse(code)
    except SyntaxError:  # a notebook cell with IPython syntax (%magic, !shell): none of ours has a call
        return []
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name, args = _name(node.func), node.args
        if name == "quietly" and args:  # quietly(descent, X, y, theta, ...), maybe through a lambda
            run = args[0]
            if isinstance(run, ast.Lambda) and isinstance(run.body, ast.Call):
                run = run.body.func
            name, args = _name(run), args[1:]
        if name in DESCENTS and args and not isinstance(args[0], ast.Starred) and _is_design_matrix(args[0]):
            lines.append(node.lineno)
    return lines


def shim_lines(code: str) -> set[int]:
    """The lines of the functions that keep an old name working (their docstring says deprecated)."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            docstring = ast.get_docstring(node) or ""
            if docstring.startswith(SHIM_DOCSTRING):
                lines.update(range(node.lineno - len(node.decorator_list), (node.end_lineno or 0) + 1))
    return lines


def old_names_in_text(text: str, skip: set[int] = frozenset(), exports_allowed: bool = False) -> list[str]:
    """Each use of an old name in ``text``, as "line N: what (write what instead): the line"."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if number in skip or (exports_allowed and line.strip() in EXPORTS):
            continue
        for what, pattern in OLD_NAMES.items():
            if pattern.search(line):
                found.append(f"line {number}: {what}: {line.strip()}")
    return found


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", markdown, flags=re.S)


def old_names_in_file(path: Path) -> list[str]:
    relative = path.relative_to(ROOT).as_posix()
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        found = old_names_in_text(text, shim_lines(text), exports_allowed=relative in EXPORTING)
        found += [f"line {n}: a descent called X, y, theta" for n in old_order_calls(text)]
        return found
    if path.suffix == ".md":
        found = old_names_in_text(text)
        for block in python_blocks(text):
            found += [
                f"a Python block: a descent called X, y, theta (line {n})" for n in old_order_calls(block)
            ]
        return found
    found = []
    for index, cell in enumerate(json.loads(text)["cells"]):
        source = "".join(cell["source"])
        found += [f"cell {index}, {hit}" for hit in old_names_in_text(source)]
        blocks = [source] if cell["cell_type"] == "code" else python_blocks(source)
        for block in blocks:
            found += [
                f"cell {index}: a descent called X, y, theta (line {n})" for n in old_order_calls(block)
            ]
    return found


CHECKED = sorted(
    [
        *(ROOT / "gdcore").rglob("*.py"),
        *(ROOT / "tools").glob("*.py"),
        *(ROOT / "benchmarks").glob("*.py"),
        *(ROOT / "notebooks").glob("*.ipynb"),
        *(ROOT / "docs").glob("*.md"),
        ROOT / "README.md",
        ROOT / "CONTRIBUTING.md",
        ROOT / "benchmarks" / "README.md",
    ]
)


def test_every_kind_of_file_is_checked():
    kinds = {path.suffix for path in CHECKED}
    assert kinds == {".py", ".ipynb", ".md"}
    assert len([path for path in CHECKED if path.suffix == ".ipynb"]) == len(CHAPTERS)  # every notebook
    assert ROOT / "gdcore" / "scenes" / "ch07_scaling.py" in CHECKED


@pytest.mark.parametrize("path", CHECKED, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_no_old_name_or_order_is_used(path):
    found = old_names_in_file(path)
    assert not found, f"{path.relative_to(ROOT)} uses gdcore 0.2's spelling:\n" + "\n".join(found)


# The check itself: it finds what it is meant to find, and nothing else.
@pytest.mark.parametrize(
    "line",
    [
        "alpha = gd.optimal_alpha(X)",
        "print(shape.limit)",
        "limit = gd.bowl(X).limit",
        "shape.regime(0.1)",
        "from ..regression import iterations_needed",
        "k = gd.iterations_needed(parts, factors, 1e-6)",
        "q = abs(float(shape.step_factors(alpha)[-1]))",
        "run = gd.gradient_descent(X, y, [0.0], 0.01, 10)",
        "`gd.minibatch_descent(X, y, theta, alpha, epochs, b)`",
        "run = gd.momentum_descent(X_train, y_train, np.zeros(11), 0.01, 0.5, 10)",
        "run = gd.gradient_descent(gd.design_matrix(x), y, [0.0, 0.0], 0.01, 10)",
    ],
)
def test_the_check_finds_an_old_spelling(line):
    assert old_names_in_text(line), line


@pytest.mark.parametrize(
    "line",
    [
        "alpha = gd.best_alpha(X)",
        "self.limit = self.shape.stability_limit",
        "ax.set_ylim(-self.limit, self.limit)",
        "shape.descent_regime(0.1)",
        "k = shape.iterations_needed(0.2, error, 1e-6)",
        "    def iterations_needed(self, alpha: float, error: ArrayLike, factor: float) -> float:",
        "        return float(self.step_factors(alpha)[-1])",
        "from ..regression import iterations_from_parts",
        "q = abs(shape.step_factor(alpha))",
        "q_flat = shape.step_factors(alpha)[0]",
        "run = gd.gradient_descent([0.0], X, y, 0.01, 10)",
        "`gd.minibatch_descent(theta, X, y, alpha, epochs, b)`",
        "gd.gradient_descent(theta=np.zeros(2), X=X, y=price, alpha=0.01, num_iters=1000)",
        "the stability limit 2/lambda_max",
    ],
)
def test_the_check_passes_the_new_spelling(line):
    assert not old_names_in_text(line), line


def test_the_check_follows_a_call_over_lines_and_through_quietly():
    code = """
run = quietly(gradient_descent, self.X, self.y, np.zeros(2), alpha, steps)
good = quietly(gradient_descent, np.zeros(2), self.X, self.y, alpha, steps)
plain = gd.gradient_descent(
    Z, price, start, 0.5, 20
)
again = quietly(
    lambda *a: momentum_descent(*a, nesterov=True),
    self.X, self.y, self.theta_start, alpha, beta, steps,
)
keyword = gd.gradient_descent(X, price, theta=np.zeros(2), alpha=0.01, num_iters=1000)
new = gd.gradient_descent(theta=np.zeros(2), X=X, y=price, alpha=0.01, num_iters=1000)
"""
    assert old_order_calls(code) == [2, 4, 7, 11]


def test_the_deprecated_functions_themselves_are_not_uses():
    code = '''
def optimal_alpha(X):
    """Deprecated since gdcore 0.3, removed in 0.4: the old name of best_alpha."""
    deprecated("optimal_alpha(X)", "best_alpha(X)")
    return best_alpha(X)


def elsewhere(X):
    return optimal_alpha(X)
'''
    found = old_names_in_text(code, shim_lines(code))
    assert found == ["line 9: optimal_alpha (write best_alpha): return optimal_alpha(X)"]
