"""Chapter 11, "Many features, real data, and scikit-learn": its entry in the course
(:mod:`gdcore.course`) and its exercises. Each function below works an exercise the way the
notebook's solution does, with gdcore, and returns an :class:`~gdcore.selfcheck.core.Answer`; its
hints name the mistake, never the answer.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..course import Chapter, ExplorerSetup
from ..selfcheck.core import Answer, Exercise

#: Notebook 11's split: the first TEST_PATIENTS of a shuffle seeded with SPLIT_SEED are the test set.
TEST_PATIENTS, SPLIT_SEED = 100, 11
#: The patients in scikit-learn's diabetes data (its documentation says 442; a test loads them). Stated
#: so that a self-check needs no scikit-learn, which gdcore does not depend on.
DIABETES_PATIENTS = 442
EPOCHS_11, GAMMA_11 = 30, 1e-4  # the 30 epochs of its SGDRegressor runs; SGDRegressor's default alpha


def split_patients(m: int) -> tuple[np.ndarray, np.ndarray]:
    """Notebook 11's split of ``m`` patients: (training rows, test rows), from a seeded shuffle."""
    order = np.random.default_rng(SPLIT_SEED).permutation(m)
    return order[TEST_PATIENTS:], order[:TEST_PATIENTS]


def diabetes_split() -> dict[str, Any]:
    """The notebook's ``x_train, y_train, x_test, y_test`` and the features' ``names``.

    Needs scikit-learn, which notebook 11 uses and gdcore does not: it is imported here only.
    """
    from sklearn.datasets import load_diabetes

    diabetes = load_diabetes(scaled=False)
    train, test = split_patients(len(diabetes.target))
    features, y = diabetes.data, diabetes.target
    return {
        "x_train": features[train],
        "y_train": y[train],
        "x_test": features[test],
        "y_test": y[test],
        "names": list(diabetes.feature_names),
    }


def _patients() -> tuple[int, int]:
    """All the patients of the data, and those in the training set (the exercise's m)."""
    train, _ = split_patients(DIABETES_PATIENTS)
    return DIABETES_PATIENTS, len(train)


def _eta(t: int, power: float = 0.25) -> float:
    """SGDRegressor's default 'invscaling' schedule: eta0 / t^power_t with eta0 = 0.01."""
    return 0.01 / t**power


def _halving_update(power: float = 0.25, times: int = 1) -> int:
    """The first update t at which η is at most η at t = 1 halved ``times`` times."""
    t = 1
    while _eta(t, power) > _eta(1, power) / 2**times:
        t += 1
    return t


def halving_and_last_rate() -> Answer:
    all_patients, training_patients = _patients()
    halved, again = _halving_update(), _halving_update(times=2)
    last = _eta(EPOCHS_11 * training_patients)
    return Answer(
        right=(halved, again, last),
        mistakes=[
            ((last, again, halved), "Give (t, t, η), in that order."),
            (
                (halved - 1, again - 1, last),
                "η is right; that counts the updates after the first. Give the update number t itself "
                "(the first update is t = 1).",
            ),
            (
                (halved, 2 * halved, last),
                "The first t is right. To halve again, t^0.25 must double again: t grows by the same factor "
                "as the first time, not 2-fold.",
            ),
            (
                (_halving_update(1.0), _halving_update(1.0, 2), _eta(EPOCHS_11 * training_patients, 1.0)),
                "That is η = 0.01/t. The default power_t is 0.25: η halves when t^0.25 doubles.",
            ),
            (
                (_halving_update(0.5), _halving_update(0.5, 2), _eta(EPOCHS_11 * training_patients, 0.5)),
                "That is η = 0.01/√t. The default power_t is 0.25: η halves when t^0.25 doubles.",
            ),
            (
                (halved, again, _eta(EPOCHS_11 * all_patients)),
                "The t's are right; that last η counts all the patients. The epochs run over the training "
                "set only.",
            ),
            (
                (halved, again, _eta(EPOCHS_11)),
                "The t's are right; that η takes t = the number of epochs. t counts updates, "
                "one per example.",
            ),
        ],
        hint="η_t = 0.01/t^0.25 halves when t^0.25 doubles; the last update's t is epochs × training "
        "patients.",
    )


def ridge_alpha() -> Answer:
    all_patients, m = _patients()
    gamma = GAMMA_11
    return Answer(
        right=m * gamma,
        mistakes=[
            (
                gamma,
                "That is γ itself. Ridge's sum of squares is not divided by m: scale the penalty to match.",
            ),
            (
                2 * m * gamma,
                "Twice too much: the penalty is (γ/2)‖w‖², with a ½; multiplying by 2m doubles γ/2, not γ.",
            ),
            (m * gamma / 2, "Half too little: multiplying by 2m turns (γ/2)‖w‖² into m·γ·‖w‖²."),
            (gamma / m, "Divided instead of multiplied: Ridge's objective is 2m times J + (γ/2)‖w‖²."),
            (
                all_patients * gamma,
                "That m counts all the patients. The fit uses the training set only.",
            ),
        ],
        hint="J = Σ r²/(2m): multiply J + (γ/2)‖w‖² by 2m to get Σ r² + A‖w‖², and read off A.",
    )


CHAPTER = Chapter(
    number=11,
    notebook="11_real_data_and_scikit_learn.ipynb",
    title="Many features, real data, and scikit-learn",
    part=2,
    short_title="",
    summary=(
        r"ten features of a real data set; train and test, $R^2$; `LinearRegression` and "
        r"`SGDRegressor` reproduced; what to read next"
    ),
    explorers=(
        ExplorerSetup(
            "TrainingSizeScene", ("x_train", "y_train", "x_test", "y_test", "names=names"), diabetes_split, {}
        ),
    ),
    exercises=(
        Exercise(
            "11.1",
            "(the update t at which η has halved, the t at which it has halved again, η at the last update)",
            halving_and_last_rate,
        ),
        Exercise("11.2", "Ridge's A for γ = 10⁻⁴, m = 342", ridge_alpha),
    ),
)
