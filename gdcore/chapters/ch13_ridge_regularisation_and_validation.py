"""Chapter 13, "Ridge: regularisation by descent, and choosing the penalty on held-out data": its entry
in the course (:mod:`gdcore.course`) and its exercises. Each function below works an exercise the way
the notebook's solution does, with gdcore, and returns an :class:`~gdcore.selfcheck.core.Answer`; its
hints name the mistake, never the answer.

The data are notebook 11's split (:func:`~gdcore.chapters.ch11_real_data_and_scikit_learn.diabetes_split`,
which needs scikit-learn); a self-check imports it only when it is first checked.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..course import Chapter, ExplorerSetup
from ..regression import design_matrix, hessian
from ..regularisation import cross_validation_error, kfold, quadratic_features
from ..selfcheck.core import Answer, Exercise
from .ch11_real_data_and_scikit_learn import diabetes_split

#: The penalties the notebook tries: 10⁻⁴ to 10^1.5, four to a factor of ten.
GAMMAS = 10.0 ** np.arange(-4.0, 1.51, 0.25)
#: Its cross-validation: 9 folds of the 342 training patients (38 each), shuffled with this seed.
FOLDS, FOLD_SEED = 9, 13
GAMMA_13_1 = 1.0  # 13.1's penalty
FOLDS_13_2, SEED_13_2 = 6, 7  # 13.2's folds and shuffle: not the notebook's, so the answer is nowhere printed


def quadratic_split() -> dict[str, Any]:
    """Notebook 13's ``quad_train, y_train, quad_test, y_test`` and ``quad_names``: 11's split, each
    patient's ten measurements followed by their products and squares (:func:`~gdcore.quadratic_features`).

    Needs scikit-learn (through notebook 11's split).
    """
    split = diabetes_split()
    quad_train, quad_names = quadratic_features(split["x_train"], split["names"])
    quad_test, _ = quadratic_features(split["x_test"], split["names"])
    return {
        "quad_train": quad_train,
        "y_train": split["y_train"],
        "quad_test": quad_test,
        "y_test": split["y_test"],
        "quad_names": quad_names,
    }


def _standardised_block_curvatures() -> np.ndarray:
    """The eigenvalues of H's weight block for the quadratic features standardised on the training set."""
    quad = quadratic_split()["quad_train"]
    X = design_matrix((quad - quad.mean(axis=0)) / quad.std(axis=0))
    return np.linalg.eigvalsh(hessian(X)[1:, 1:])


def kappa_and_limit() -> Answer:
    curvatures = _standardised_block_curvatures()
    low, high, gamma = float(curvatures[0]), float(curvatures[-1]), GAMMA_13_1
    kappa, limit = (high + gamma) / (low + gamma), 2 / (high + gamma)
    return Answer(
        right=(kappa, limit),
        mistakes=[
            ((limit, kappa), "Give (κ, limit), in that order."),
            (
                (high / low, 2 / high),
                "Those are the bowl's numbers without the penalty: the Hessian is H + γI′.",
            ),
            (
                ((high + gamma) / low, limit),
                "The limit is right; γ is added to every curvature of the weights, the smallest too.",
            ),
            (
                (kappa, 1 / (high + gamma)),
                "κ is right; the limit is 2 over the largest curvature, not 1 over it.",
            ),
            (
                (kappa, 2 / high),
                "κ is right; the limit uses the penalised largest curvature, with γ added.",
            ),
            (
                (high / gamma, limit),
                "The limit is right; the smallest penalised curvature is λ_min + γ, not γ alone.",
            ),
        ],
        hint="The penalised block's curvatures are the λ_i + γ: their ratio, and 2 over the largest.",
    )


def cross_validated_gamma() -> Answer:
    data = quadratic_split()
    x, y = data["quad_train"], data["y_train"]
    folds = kfold(len(y), FOLDS_13_2, seed=SEED_13_2)
    result = cross_validation_error(x, y, GAMMAS, folds)
    validation, train = result.validation.mean(axis=0), result.train.mean(axis=0)
    best = int(np.argmin(validation))
    nine = cross_validation_error(x, y, GAMMAS, kfold(len(y), FOLDS, seed=FOLD_SEED)).validation.mean(axis=0)
    nine_best = int(np.argmin(nine))
    fit_rows = len(y) - min(len(fold) for fold in folds)
    worst_fold = int(np.argmin(result.validation[0]))  # the first fold's own choice
    own_seed = cross_validation_error(x, y, GAMMAS, kfold(len(y), FOLDS_13_2, seed=FOLD_SEED))
    own_seed_validation = own_seed.validation.mean(axis=0)
    own_seed_best = int(np.argmin(own_seed_validation))
    mistakes: list[tuple[object, str]] = [
        (
            (float(GAMMAS[int(np.argmin(train))]), float(train.min())),
            "That is the least training error: the fit judged on the patients it learnt from always "
            "prefers the smallest penalty. Choose by the validation error.",
        ),
        (
            (float(GAMMAS[best]), float(train[best])),
            "The γ is right; the error asked for is the validation error there, not the training error.",
        ),
        (
            (float(fit_rows * GAMMAS[best]), float(validation[best])),
            "The error is right; that first number is Ridge's A = mγ. Give γ itself.",
        ),
    ]
    if nine_best != best:
        mistakes.append(
            (
                (float(GAMMAS[nine_best]), float(nine[nine_best])),
                "That is the notebook's 9-fold choice. The exercise asks for 6 folds, seed 7.",
            )
        )
    if own_seed_best != best:
        mistakes.append(
            (
                (float(GAMMAS[own_seed_best]), float(own_seed_validation[own_seed_best])),
                "That is 6 folds shuffled with the notebook's seed 13. The exercise asks for seed 7.",
            )
        )
    if worst_fold != best:
        mistakes.append(
            (
                (float(GAMMAS[worst_fold]), float(result.validation[0, worst_fold])),
                "That is one fold's choice. Average the validation errors over the 6 folds first.",
            )
        )
    return Answer(
        right=(float(GAMMAS[best]), float(validation[best])),
        mistakes=mistakes,
        hint="gd.kfold(342, 6, seed=7), then gd.cross_validation_error on the grid; average each column "
        "of .validation over the folds and take the smallest.",
    )


CHAPTER = Chapter(
    number=13,
    notebook="13_ridge_regularisation_and_validation.ipynb",
    title="Ridge: regularisation by descent, and choosing the penalty on held-out data",
    part=4,
    short_title="",
    summary=(
        r"the penalty $\tfrac{\gamma}{2}\lVert w\rVert^2$ adds $\gamma$ to every curvature; `Ridge` and its "
        r"$A = m\gamma$; training against validation error; $\gamma$ by $K$-fold cross-validation; "
        r"early stopping as a penalty"
    ),
    explorers=(
        ExplorerSetup("RidgeScene", ("quad_train", "y_train", "names=quad_names"), quadratic_split, {}),
    ),
    exercises=(
        Exercise(
            "13.1",
            "the quadratic features at γ = 1: (κ of the penalised weights' block, the stability limit)",
            kappa_and_limit,
        ),
        Exercise(
            "13.2",
            "6-fold cross-validation, seed 7, on the notebook's grid: (the γ chosen, its validation MSE)",
            cross_validated_gamma,
        ),
    ),
)
