"""gdcore: the tested mathematics of the course "Linear regression by gradient descent".

The math lives in :mod:`gdcore.regression` (and mini-batch and momentum descent in
:mod:`gdcore.variants`), the data sets in :mod:`gdcore.data`; none of them imports a
plotting library. Figures are in :mod:`gdcore.plots` and sliders in :mod:`gdcore.widgets`, imported
on their own (``from gdcore import plots``).
"""

from .data import RING_SEED, DataSet, five_points, jewelry_rings, jewelry_sales, toy_line
from .regression import (
    Bowl,
    DescentResult,
    DivergenceWarning,
    best_alpha,
    bowl,
    condition_number,
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
    least_squares,
    mse,
    optimal_alpha,
    predict,
    residuals,
    stability_limit,
    step,
    step_factor,
    step_factors,
    sum_of_squares,
    theta_in_original_units,
)
from .selfcheck import check
from .variants import minibatch_descent, momentum_descent, momentum_limit, momentum_roots

__all__ = [
    "RING_SEED",
    "Bowl",
    "DataSet",
    "DescentResult",
    "DivergenceWarning",
    "best_alpha",
    "bowl",
    "check",
    "condition_number",
    "descent_regime",
    "design_matrix",
    "five_points",
    "gradient",
    "gradient_descent",
    "half_mse",
    "half_mse_each",
    "half_mse_grid",
    "hessian",
    "iterations_for_rate",
    "iterations_from_parts",
    "iterations_needed",
    "jewelry_rings",
    "jewelry_sales",
    "least_squares",
    "minibatch_descent",
    "momentum_descent",
    "momentum_limit",
    "momentum_roots",
    "mse",
    "optimal_alpha",
    "predict",
    "residuals",
    "stability_limit",
    "step",
    "step_factor",
    "step_factors",
    "sum_of_squares",
    "theta_in_original_units",
    "toy_line",
]
__version__ = "0.1.0"
