r"""gdcore: the tested mathematics of the course "Linear regression by gradient descent".

The math lives in :mod:`gdcore.regression` (and mini-batch and momentum descent and their noise
floors in :mod:`gdcore.variants`, with what every descent shares in :mod:`gdcore.descent`, and the
flop counts of notebook 08 in :mod:`gdcore.cost_model`, ridge and cross-validation of notebook 13 in
:mod:`gdcore.regularisation`), the data sets in :mod:`gdcore.data`; none
of them imports a plotting library. Figures are in :mod:`gdcore.plots` and sliders in
:mod:`gdcore.widgets`, imported on their own (``from gdcore import plots``).

API conventions. Arguments come in the order of the formula :math:`J(\theta; X, y)`: ``theta``
first, then the data ``X`` and ``y``, then the settings (``alpha``, counts), then options (keyword-only
in the descents): ``half_mse(theta, X, y)``, ``gradient_descent(theta, X, y, alpha, num_iters)``.
(The descents still accept gdcore 0.2's order ``X, y, theta``, with a :class:`DeprecationWarning`:
X is 2-d and theta 1-d, so the two cannot be confused.) A function of the data alone starts with
``X``: ``stability_limit(X)``. Each idea has one name, and a property of the cost's bowl has the
same name as a function of X and as an attribute of :class:`Bowl`:
``stability_limit(X) == bowl(X).stability_limit``, likewise
``best_alpha``, ``condition_number``, ``step_factor`` (the steepest direction's) and
``step_factors`` (every direction's), ``descent_regime``. Names are the notebooks' words, spelled
out (``num_iters``, ``batch_size``); a whole-number argument given as 2.5 or True is a TypeError, a
number out of range a ValueError, and the message names the argument. The names of gdcore 0.2
still work too, each with a DeprecationWarning that says what to write instead: they are
deprecated since gdcore 0.3 and removed in 0.4.
"""

from .cost_model import (
    break_even_iterations,
    cg_iterations_for_condition,
    closed_form_flops,
    descent_flops,
    iterations_for_condition,
)
from .data import (
    RING_SEED,
    DataSet,
    five_points,
    jewelry_rings,
    jewelry_sales,
    problem_with_residual,
    toy_line,
)
from .regression import (
    Bowl,
    DescentResult,
    DivergenceWarning,
    best_alpha,
    bowl,
    condition_number,
    conjugate_gradient,
    descent_regime,
    design_matrix,
    gradient,
    gradient_descent,
    half_mse,
    half_mse_each,
    half_mse_grid,
    hessian,
    iterations_for_rate,
    iterations_from_parts,
    iterations_needed,
    iterations_to_tolerance,
    least_squares,
    mse,
    normal_equations,
    optimal_alpha,
    polynomial_design,
    predict,
    r_squared,
    residuals,
    stability_limit,
    step,
    step_factor,
    step_factors,
    sum_of_squares,
    theta_in_original_units,
)
from .regularisation import (
    CrossValidation,
    cross_validation_error,
    kfold,
    learning_curve,
    penalty_matrix,
    quadratic_features,
    ridge,
    ridge_cost,
    ridge_descent,
    ridge_gradient,
    ridge_hessian,
    ridge_path,
)
from .selfcheck import check
from .variants import (
    ADAPTIVE_METHODS,
    TunedAlpha,
    adam_curvatures,
    adaptive_descent,
    minibatch_descent,
    minibatch_gaps,
    momentum_descent,
    momentum_limit,
    momentum_roots,
    momentum_tuning,
    newton_step,
    noise_floor_independent,
    noise_floor_shuffled,
    preconditioned_curvatures,
    preconditioned_descent,
    tune_minibatch_alpha,
)

__all__ = [
    "ADAPTIVE_METHODS",
    "RING_SEED",
    "Bowl",
    "CrossValidation",
    "DataSet",
    "DescentResult",
    "DivergenceWarning",
    "TunedAlpha",
    "adam_curvatures",
    "adaptive_descent",
    "best_alpha",
    "bowl",
    "break_even_iterations",
    "cg_iterations_for_condition",
    "check",
    "closed_form_flops",
    "condition_number",
    "conjugate_gradient",
    "cross_validation_error",
    "descent_flops",
    "descent_regime",
    "design_matrix",
    "five_points",
    "gradient",
    "gradient_descent",
    "half_mse",
    "half_mse_each",
    "half_mse_grid",
    "hessian",
    "iterations_for_condition",
    "iterations_for_rate",
    "iterations_from_parts",
    "iterations_needed",
    "iterations_to_tolerance",
    "jewelry_rings",
    "jewelry_sales",
    "kfold",
    "learning_curve",
    "least_squares",
    "minibatch_descent",
    "minibatch_gaps",
    "momentum_descent",
    "momentum_limit",
    "momentum_roots",
    "momentum_tuning",
    "mse",
    "newton_step",
    "noise_floor_independent",
    "noise_floor_shuffled",
    "normal_equations",
    "optimal_alpha",
    "penalty_matrix",
    "polynomial_design",
    "preconditioned_curvatures",
    "preconditioned_descent",
    "predict",
    "problem_with_residual",
    "quadratic_features",
    "r_squared",
    "residuals",
    "ridge",
    "ridge_cost",
    "ridge_descent",
    "ridge_gradient",
    "ridge_hessian",
    "ridge_path",
    "stability_limit",
    "step",
    "step_factor",
    "step_factors",
    "sum_of_squares",
    "theta_in_original_units",
    "toy_line",
    "tune_minibatch_alpha",
]
#: The course's release: one version for the package, the notebooks and their links. Each release is a
#: git tag "v" + this (``make release``); the notebooks' Colab set-up cell, the Colab and Binder badges
#: and the student copies' requirements install gdcore at that tag, never at a branch.
__version__ = "0.3.0"
