"""A scene checks its arguments and its values with gdcore's own checks (gdcore._checks), so the same bad
input gets the same exception and the same words from a scene as from gdcore's functions: a count that
is not a whole number is a TypeError naming it, a value outside its range a ValueError naming it.

The expected messages are those of ``_checks.check_count`` (computed here by calling it) and of the
range rule written in ``Control.accept``'s docstring ("<name> must lie in <low>..<high>").

And a scene's ``values`` hold the keys and the types its TypedDict declares (what mypy checks against).
"""

import functools
import re
import types
import typing

import numpy as np
import pytest

import gdcore as gd
from gdcore import scenes as S
from gdcore._checks import check_count
from gdcore.course import CHAPTERS

#: Every integer control of every scene of the course, as (scene, control).
INTEGER_CONTROLS = [
    ("StepScene", "steps"),
    ("DescentScene", "iterations"),
    ("BowlScene", "steps"),
    ("MinibatchScene", "batch"),
    ("MinibatchScene", "schedule"),
    ("MomentumScene", "nesterov"),
    ("TrainingSizeScene", "size"),
    ("TrainingSizeScene", "draw"),
    ("AdaptiveScene", "method"),
    ("AdaptiveScene", "steps"),
    ("RidgeScene", "size"),
]
SETUPS = {setup.scene: setup for chapter in CHAPTERS for setup in chapter.explorers}


@functools.cache
def course_scene(name):
    """The scene called ``name``, built as its notebook builds it (once per test session)."""
    return SETUPS[name].build()


def words_of(error_type, check, *args):
    """The message ``check(*args)`` raises (it must raise ``error_type``)."""
    with pytest.raises(error_type) as raised:
        check(*args)
    return str(raised.value)


def test_the_list_covers_every_integer_control_of_the_course():
    found = {
        (name, control.name)
        for name in SETUPS
        for control in course_scene(name).controls.values()
        if control.integer
    }
    assert found == set(INTEGER_CONTROLS)


@pytest.mark.parametrize(("scene_name", "name"), INTEGER_CONTROLS)
def test_a_non_whole_value_of_an_integer_control_is_a_type_error_naming_it(scene_name, name):
    scene = course_scene(scene_name)
    before = dict(scene.state)
    inside = scene.controls[name].low + 0.5  # between two whole numbers, inside the range
    expected = words_of(TypeError, check_count, inside, name)
    assert expected.startswith(f"{name} must be a whole number")
    with pytest.raises(TypeError, match=f"^{re.escape(expected)}$"):
        scene.show(**{name: inside})
    assert scene.state == before  # a refused value changes nothing


@pytest.mark.parametrize(("scene_name", "name"), INTEGER_CONTROLS)
def test_a_value_outside_an_integer_control_is_a_value_error_naming_it(scene_name, name):
    scene = course_scene(scene_name)
    control = scene.controls[name]
    before = dict(scene.state)
    above = int(control.high) + 1
    with pytest.raises(
        ValueError, match=rf"^{name} must lie in {control.low:g}\.\.{control.high:g}; got {above}$"
    ):
        scene.show(**{name: above})
    with pytest.raises(ValueError, match=f"^{name} must "):  # below 0: check_count's "zero or more"
        scene.show(**{name: -1})
    assert scene.state == before


def test_a_whole_float_is_the_count_it_stands_for():
    # a slider or a start written 3.0 is the count 3 (gdcore's functions take only ints)
    scene = S.StepScene(*gd.toy_line(), start=(0.2, 3.0))
    assert scene.state["steps"] == 3 and type(scene.state["steps"]) is int
    assert scene.values["iterations"] == 3
    scene.show(steps=np.float64(4.0))
    assert type(scene.state["steps"]) is int and scene.values["iterations"] == 4


@pytest.mark.parametrize(
    ("bounds", "start", "error", "pattern"),
    [
        ((0, 30, 1), 2.5, TypeError, r"^steps: start must be a whole number; got 2\.5 of type float$"),
        ((0, 30.5, 1), 2, TypeError, r"^steps: high must be a whole number; got 30\.5"),
        ((0, 30, 0.5), 2, TypeError, r"^steps: step must be a whole number; got 0\.5"),
        ((-1, 30, 1), 2, ValueError, r"^steps: low must be zero or more; got -1$"),
    ],
)
def test_an_integer_control_runs_over_whole_numbers_from_zero(bounds, start, error, pattern):
    with pytest.raises(error, match=pattern):
        S.Control.from_range("steps", "steps", bounds, start, integer=True)


def small_pool(count):
    """``count`` examples of three features and a target, for a quick TrainingSizeScene."""
    rng = np.random.default_rng(5)
    x = rng.normal(size=(count, 3))
    return x, x @ [1.0, -2.0, 0.5] + rng.normal(size=count)


def training_size_scene(**options):
    (x_pool, y_pool), (x_test, y_test) = small_pool(30), small_pool(10)
    return S.TrainingSizeScene(x_pool, y_pool, x_test, y_test, size=(4, 30, 1), start=(10, 1), **options)


@pytest.mark.parametrize(
    ("make", "name", "value"),
    [
        (lambda value: S.ScalingScene(*gd.jewelry_rings(), steps=value), "steps", 40.5),
        (lambda value: S.MinibatchScene(*gd.jewelry_rings(), epochs=value), "epochs", 2.5),
        (lambda value: S.MinibatchScene(*gd.jewelry_rings(), epochs=value), "epochs", 10.0),
        (lambda value: S.MinibatchScene(*gd.jewelry_rings(), seed=value), "seed", "0"),
        (lambda value: S.MomentumScene(*gd.jewelry_rings(), steps=value), "steps", True),
        (lambda value: training_size_scene(draws=value), "draws", 2.5),
    ],
)
def test_a_scene_argument_that_is_not_a_whole_number_is_a_type_error_in_gdcores_words(make, name, value):
    # an argument, unlike a slider value, is held to check_count exactly (10.0 is not an int)
    expected = words_of(TypeError, check_count, value, name)
    with pytest.raises(TypeError, match=f"^{re.escape(expected)}$"):
        make(value)


@pytest.mark.parametrize(
    ("make", "pattern"),
    [
        (
            lambda: S.MinibatchScene(*gd.jewelry_rings(), reach="far"),
            "^reach must be a positive number; got 'far'",
        ),
        (lambda: training_size_scene(coefficient_bound=None), "^coefficient_bound must be a positive number"),
    ],
)
def test_a_scene_argument_that_is_not_a_number_is_a_type_error(make, pattern):
    with pytest.raises(TypeError, match=pattern):
        make()


def conforms(value, hint):
    """Whether ``value`` is of the type ``hint`` as mypy reads it (an int is a float; a bool is neither)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return any(conforms(value, option) for option in typing.get_args(hint))
    if typing.get_origin(hint) is tuple:
        parts = typing.get_args(hint)
        if not isinstance(value, tuple):
            return False
        if parts[-1] is Ellipsis:
            return all(conforms(item, parts[0]) for item in value)
        return len(value) == len(parts) and all(map(conforms, value, parts))
    if hint is type(None):
        return value is None
    if hint in (int, float):
        kinds = (int,) if hint is int else (int, float)
        return isinstance(value, kinds) and not isinstance(value, bool)
    return isinstance(value, hint)


@pytest.mark.parametrize("scene_name", SETUPS)
def test_a_scenes_values_are_what_its_typed_dict_declares(scene_name):
    # the TypedDict is what mypy checks the captions and the notebooks' text against; the dict is the
    # scene's own: the two must name the same keys, with values of the declared types
    scene = course_scene(scene_name)
    declared = typing.get_type_hints(typing.get_type_hints(type(scene))["values"])
    settings = [{}] + [{name: getattr(control, end)} for name, control in scene.controls.items()
                       for end in ("low", "high")]  # fmt: skip
    before = dict(scene.state)
    for setting in settings:
        scene.show(**setting)
        assert set(scene.values) == set(declared), setting
        wrong = {
            key: type(value).__name__
            for key, value in scene.values.items()
            if not conforms(value, declared[key])
        }
        assert not wrong, (setting, wrong)
    scene.show(**before)
