"""Calibration of the lead-scoring model from closed-won history (docs/ml.md).

The logic of the dbt Python models in ``models/marts/ml``: each model reads its inputs as pandas
frames, calls one function here and returns its frame, so the same code runs under any adapter
that runs Python models, and is tested by pytest on small frames (python_tests/test_calibration.py).

* :func:`fit_scoring_weights` -> ``ml_scoring_weights``: a logistic regression of each outcome
  (won, SQL) on the rule model's own features (fit rules met, counts of the weighted activity types
  in the recency window) at the lead's feature cutoff; coefficients, suggested points on the
  current score's scale, cross-validated AUC against the rule model's AUC on the same leads.
* Applying the fit (``ml_probability_deciles``, ``ml_lead_predictions``) is SQL: macro
  ``ml_lead_probabilities`` (macros/ml_apply.sql), so no model pulls every lead into pandas.
* :func:`evaluate_models` -> ``rpt_scoring_model_evaluation``: AUC and lift by decile of the rule
  score and of the calibrated model's out-of-fold probability.
* :func:`threshold_curve` -> ``rpt_mql_threshold_curve``: projected MQL volume, SAL acceptance,
  MQL->SQL rate and BDR load per segment and candidate threshold, and a recommended threshold.

Nothing here reads a clock or a file: time windows are decided in SQL (``as_of``), randomness is
fixed by ``Settings.random_state``. A model that cannot be fitted (too few positive or negative
leads, e.g. no wins yet) yields flagged rows with a ``reason``, never an exception.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from lead_funnel import ml_features

# scikit-learn and scipy are imported by the functions that fit or score, not here: importing
# sklearn costs a process ~3 CPU seconds
if TYPE_CHECKING:  # annotations only
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

# outcome name -> label column of ml_lead_training_set
OUTCOMES: dict[str, str] = {"won": "has_won", "sql": "has_reached_sql"}
OUTCOME_WORDS = {"won": "won", "sql": "reached SQL", "sal": "were accepted by sales"}
FEATURE_TYPES = ("fit_rule", "activity_type", "rule_verdict")
VERDICT = ("rule_verdict", "meets_mql_criteria")
INTERCEPT = "intercept"
DECILES = 10


@dataclass(frozen=True)
class Settings:
    """Parameters of the models: the dbt vars ``ml_*``, read by the Python models from the one row
    of model int_ml_settings (``from_frame``). The defaults here are for Python callers only."""

    random_state: int = 42
    cv_folds: int = 5
    min_class_leads: int = 20
    min_sal_acceptance: float = 0.60
    regularization_c: float = 0.1
    min_feature_leads: int = 25
    min_proposed_points: int = 5
    min_proposal_z: float = 3.0
    time_split_test_share: float = 0.25
    max_training_leads: int = 100_000

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Settings:
        """Settings from the one row of model int_ml_settings (one column per field, rendered from
        the vars ``ml_*``): ``Settings.from_frame(dbt.ref("int_ml_settings").df())``. Strict: a
        missing column, or a frame that is not one row, raises instead of falling back to the
        defaults here (which would silently ignore ``--vars``)."""
        if len(frame) != 1:
            raise ValueError(f"int_ml_settings must have one row, not {len(frame)}")
        row = frame.iloc[0]
        values = {}
        for setting in fields(cls):
            if setting.name not in row.index:
                raise KeyError(f"int_ml_settings has no column {setting.name} (Settings.{setting.name})")
            cast = int if isinstance(getattr(cls, setting.name), int) else float
            values[setting.name] = cast(row[setting.name])
        return cls(**values)


# ---------------------------------------------------------------------------
# Features
# ---------------------------------------------------------------------------


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == ""


def feature_catalogue(fit_rules: pd.DataFrame, activity_points: pd.DataFrame) -> pd.DataFrame:
    """One row per feature of the rule model, in a fixed order: fit rules, activity types, and the
    rule model's verdict (``meets_mql_criteria``: the MQL criteria hold at the snapshot).

    ``max_counted`` is how many activities of a type the rule model can count in a window before
    the type's cap binds (cap / points, rounded up): the activity feature is the count capped
    there, so one coefficient is the weight of one counted activity, as in the seed. Disqualifying
    rules (competitor) are listed but not modelled: disqualified leads are never trained on.

    The verdict is modelled but is not a seed weight (``is_points_feature`` false): only MQLs are
    worked by sales, so only they can reach SQL or win. With it in the model the other
    coefficients measure what predicts the outcome among leads in the same MQL state, which is
    what re-weighting the rules should be based on, and the model can rank at least as well as
    the rule score it re-weights.
    """
    rules = pd.DataFrame({
        "feature_type": "fit_rule",
        "feature": fit_rules["rule_id"].astype(str),
        "description": fit_rules["description"].astype("string"),
        "current_points": pd.to_numeric(fit_rules["points"]).astype("Int64"),
        "current_cap_per_window": pd.array([pd.NA] * len(fit_rules), dtype="Int64"),
        "max_counted": 1.0,
        "is_disqualifier": [not _blank(v) for v in fit_rules.get("disqualification_reason", [None] * len(fit_rules))],
    })
    points = pd.to_numeric(activity_points["points"])
    weighted = activity_points[points != 0]
    w_points = pd.to_numeric(weighted["points"]).astype(float)
    w_caps = pd.to_numeric(weighted["cap_per_window"]).astype(float)
    max_counted = np.where(w_caps.isna(), np.inf, np.maximum(1.0, np.ceil(w_caps / w_points)))
    activities = pd.DataFrame({
        "feature_type": "activity_type",
        "feature": weighted["activity_type"].astype(str),
        "description": weighted["description"].astype("string"),
        "current_points": w_points.round().astype("Int64"),
        "current_cap_per_window": pd.array(w_caps.round(), dtype="Int64"),
        "max_counted": max_counted,
        "is_disqualifier": False,
    })
    verdict = pd.DataFrame({
        "feature_type": [VERDICT[0]], "feature": [VERDICT[1]],
        "description": pd.array(["The rule model's MQL criteria hold at the snapshot"], dtype="string"),
        "current_points": pd.array([pd.NA], dtype="Int64"),
        "current_cap_per_window": pd.array([pd.NA], dtype="Int64"),
        "max_counted": [1.0], "is_disqualifier": [False],
    })
    catalogue = pd.concat([rules, activities], ignore_index=True)
    catalogue = catalogue.drop_duplicates(["feature_type", "feature"]).assign(is_points_feature=True)
    out = pd.concat([catalogue, verdict.assign(is_points_feature=False)], ignore_index=True)
    return out.assign(is_rule_feature=True, is_used_by_rule=True)


def design_matrix(lead_ids, features: pd.DataFrame, catalogue: pd.DataFrame) -> np.ndarray:
    """Leads x catalogue features: fit rule met (0/1), activity count capped at ``max_counted``.

    ``features`` is the long form of int_ml_lead_features (lead_id, feature_type, feature,
    feature_value) for one snapshot; features not in the catalogue and leads not in ``lead_ids``
    are ignored.
    """
    lead_index = pd.Index(pd.Series(lead_ids, dtype="string"))
    X = np.zeros((len(lead_index), len(catalogue)), dtype=float)
    if len(features) == 0 or len(catalogue) == 0:
        return X
    keys = pd.MultiIndex.from_arrays([catalogue["feature_type"].astype(str), catalogue["feature"].astype(str)])
    # factorize the many feature rows' keys and lead ids, then look up only the distinct ones
    type_codes, types = pd.factorize(features["feature_type"].astype(str))
    feature_codes, names = pd.factorize(features["feature"].astype(str))
    width = max(len(names), 1)
    pairs, pair_codes = np.unique(type_codes.astype(np.int64) * width + feature_codes, return_inverse=True)
    cols = keys.get_indexer(pd.MultiIndex.from_arrays(
        [np.asarray(types)[pairs // width], np.asarray(names)[pairs % width]]))[pair_codes.reshape(-1)]
    lead_codes, ids = pd.factorize(features["lead_id"].astype(str))
    rows = lead_index.get_indexer(pd.Index(ids, dtype="string"))[lead_codes]
    ok = (rows >= 0) & (cols >= 0)
    X[rows[ok], cols[ok]] = pd.to_numeric(features["feature_value"]).to_numpy(dtype=float)[ok]
    return np.minimum(X, catalogue["max_counted"].to_numpy(dtype=float))


# ---------------------------------------------------------------------------
# Fitting
# ---------------------------------------------------------------------------


@dataclass
class OutcomeFit:
    """A logistic regression of one outcome on the features (or why there is none)."""

    outcome: str
    n_leads: int
    n_positive: int
    is_fitted: bool
    reason: str
    # the eligible leads the (weighted) training sample stands for: sum of the weights
    population_leads: float = float("nan")
    population_positive: float = float("nan")
    rule_auc: float = float("nan")
    cv_auc: float = float("nan")
    coefficients: np.ndarray | None = None
    intercept: float = float("nan")
    oof_probability: np.ndarray | None = None  # out-of-fold, Platt-calibrated (cross-fitted)
    oof_logit: np.ndarray | None = None
    rule_oof_probability: np.ndarray | None = None  # the rule score, Platt-scaled the same way
    platt: tuple[float, float] = (float("nan"), float("nan"))  # slope, intercept on the logit
    points_per_logit: float = float("nan")
    standard_errors: np.ndarray | None = field(default=None, repr=False)
    used: np.ndarray | None = field(default=None, repr=False)
    positives_with_feature: np.ndarray | None = field(default=None, repr=False)


TRAINING_WEIGHT = "training_weight"


def _sample_weight(weight) -> np.ndarray | None:
    """The inverse-probability weights of the training sample (ml_lead_training_sample) as the fits
    take them: None when there are none or all are 1 (every lead kept: the unweighted code path,
    bit for bit what it was before the sample)."""
    if weight is None:
        return None
    weight = np.asarray(weight, dtype=float)
    return None if np.all(weight == 1.0) else weight


def training_weights(rows: pd.DataFrame) -> np.ndarray:
    """Each training row's weight (column ``training_weight`` of ml_lead_training_sample: stratum
    leads / sampled leads), 1 where the frame has no such column (every lead kept)."""
    if TRAINING_WEIGHT not in rows:
        return np.ones(len(rows))
    return pd.to_numeric(rows[TRAINING_WEIGHT]).fillna(1.0).to_numpy(dtype=float)


def _weighted_sum(values, weight) -> float:
    values = np.asarray(values, dtype=float)
    return float(values.sum()) if weight is None else float(values @ np.asarray(weight, dtype=float))


def _auc(y: np.ndarray, score: np.ndarray, weight=None) -> float:
    """ROC AUC; with ``weight`` each lead counts as that many (the population's AUC from a sample)."""
    if len(y) == 0 or y.min() == y.max():
        return float("nan")
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, score, sample_weight=_sample_weight(weight)))


def _model(settings: Settings) -> LogisticRegression:
    """L2-regularised logistic regression on the features in their own units (0/1, counts): the
    penalty keeps the weight of a rare rule with little evidence near 0 instead of letting it
    drift. Newton-Cholesky: exact, a handful of iterations when leads far outnumber features."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=settings.regularization_c, solver="newton-cholesky", max_iter=200)


def fit_platt(score, y, weight=None) -> tuple[float, float]:
    """Platt scaling: (slope, intercept) of a logistic regression of the outcome on one score
    (a logit, or the rule score), weighted by ``weight`` (the sample's inverse-probability weights:
    probabilities calibrated for the population). Falls back to the base rate when the score is
    constant."""
    score = np.asarray(score, dtype=float)
    y = np.asarray(y, dtype=int)
    weight = _sample_weight(weight)
    if len(y) == 0 or y.min() == y.max():
        return float("nan"), float("nan")
    if np.ptp(score) == 0:
        rate = y.mean() if weight is None else float(y @ weight / weight.sum())
        return 0.0, float(np.log(rate / (1 - rate)))
    from sklearn.linear_model import LogisticRegression

    platt = LogisticRegression(C=1e6, solver="lbfgs", max_iter=500).fit(score.reshape(-1, 1), y, sample_weight=weight)
    return float(platt.coef_[0, 0]), float(platt.intercept_[0])


def apply_platt(score, platt: tuple[float, float]) -> np.ndarray:
    slope, intercept = platt
    return _sigmoid(slope * np.asarray(score, dtype=float) + intercept)


def cross_fitted_platt(score, y, fold, weight=None) -> np.ndarray:
    """Probabilities from a score, each fold scaled by a Platt fit on the other folds (honest)."""
    score = np.asarray(score, dtype=float)
    weight = _sample_weight(weight)
    out = np.full(len(score), np.nan)
    for k in np.unique(fold):
        test = fold == k
        out[test] = apply_platt(score[test], fit_platt(score[~test], np.asarray(y)[~test],
                                                       None if weight is None else weight[~test]))
    return out


def _sparse(X) -> sparse.csr_matrix:
    """The design matrix as CSR for the fits: most features are 0 for most leads (one-hot
    attributes, title words, activity types a lead never did), and the Newton solver's Hessian
    X'WX costs per stored value, so sparse is several times faster than dense. The solution is
    the same to the last few bits (the sums run in another order)."""
    from scipy import sparse

    return X if sparse.issparse(X) else sparse.csr_matrix(X)


def out_of_fold(X: np.ndarray, y: np.ndarray, settings: Settings, weight=None) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold logits of the logistic regression (stratified k-fold, fixed seed; each fold's
    fit weighted by ``weight``) and each lead's fold number."""
    from sklearn.model_selection import StratifiedKFold

    X = _sparse(X)
    weight = _sample_weight(weight)
    n, n_pos = len(y), int(y.sum())
    folds = StratifiedKFold(n_splits=_n_folds(settings, n, n_pos), shuffle=True, random_state=settings.random_state)
    logit, fold = np.zeros(n), np.zeros(n, dtype=int)
    for k, (train, test) in enumerate(folds.split(X, y)):
        fitted = _model(settings).fit(X[train], y[train], sample_weight=None if weight is None else weight[train])
        logit[test] = fitted.decision_function(X[test])
        fold[test] = k
    return logit, fold


def standard_errors(X: np.ndarray, model: LogisticRegression, settings: Settings, weight=None) -> np.ndarray:
    """Approximate standard errors of the penalised coefficients: the square root of the diagonal
    of the inverse Hessian of the L2-penalised log-loss (H = X'WX + I/C, the intercept
    unpenalised). With sampling weights w the fit maximises a weighted log-likelihood whose
    Hessian (X'(w p(1-p))X) stands for the population, far more leads than were observed: the
    sandwich H^-1 M H^-1 with M = X'(w^2 p(1-p))X + I/C gives the sample's real uncertainty (and
    is H^-1 when every w is 1)."""
    weight = _sample_weight(weight)
    p = model.predict_proba(X)[:, 1]
    design_ = np.hstack([np.ones((len(X), 1)), X])
    variance = p * (1 - p)
    penalty = np.zeros((design_.shape[1], design_.shape[1]))
    penalty[1:, 1:] = np.eye(X.shape[1]) / settings.regularization_c
    w = np.ones(len(X)) if weight is None else weight
    hessian = design_.T @ (design_ * (w * variance)[:, None]) + penalty
    try:
        inverse = np.linalg.pinv(hessian)
        if weight is not None:
            meat = design_.T @ (design_ * (w * w * variance)[:, None]) + penalty
            inverse = inverse @ meat @ inverse
        return np.sqrt(np.clip(np.diag(inverse)[1:], 0, None))
    except np.linalg.LinAlgError:
        return np.full(X.shape[1], np.nan)


def _std(values, weight=None) -> float:
    """Standard deviation, weighted by ``weight`` (population spread from a weighted sample)."""
    weight = _sample_weight(weight)
    if weight is None:
        return float(np.std(values))
    values = np.asarray(values, dtype=float)
    mean = float(np.average(values, weights=weight))
    return float(np.sqrt(np.average((values - mean) ** 2, weights=weight)))


def points_per_logit(X: np.ndarray, coefficients: np.ndarray, rule_score, weighted: np.ndarray,
                     weight=None) -> float:
    """Points per unit of log-odds: the spread of the rule score over the training leads divided by
    the spread of the rule features' part of the fitted logit (so suggested points keep today's
    scale); spreads over the population when the leads are a weighted sample."""
    logit_spread = _std(X[:, weighted] @ coefficients[weighted], weight) if weighted.any() else 0.0
    return _std(rule_score, weight) / logit_spread if logit_spread > 0 else float("nan")


def _class_shortfall(outcome: str, n_leads: int, n_positive: int, settings: Settings) -> str | None:
    n_negative = n_leads - n_positive
    if n_positive >= settings.min_class_leads and n_negative >= settings.min_class_leads:
        return None
    words = OUTCOME_WORDS.get(outcome, outcome)
    if n_leads == 0:
        return "no training leads yet: no lead's outcome horizon has fully elapsed by as_of"
    if n_positive < settings.min_class_leads:
        return (f"only {n_positive:,} of {n_leads:,} training leads {words} within the outcome horizon; "
                f"at least {settings.min_class_leads} are needed (var ml_min_class_leads)")
    return (f"only {n_negative:,} of {n_leads:,} training leads did not {'win' if outcome == 'won' else 'convert'}; "
            f"at least {settings.min_class_leads} are needed (var ml_min_class_leads)")


def fit_outcome(outcome: str, X: np.ndarray, y, rule_score, settings: Settings,
                used: np.ndarray | None = None, points: np.ndarray | None = None,
                cross_validate: bool = True, final_fit: bool = True,
                platt: tuple[float, float] | None = None, weight=None) -> OutcomeFit:
    """Fit one outcome: out-of-fold logits (stratified k-fold, fixed seed), Platt-calibrated per
    fold on the other folds for an honest AUC, Brier score and calibration error, and the final
    model on all leads with the Platt scaling of all out-of-fold logits (each can be skipped).
    ``used`` masks the feature columns modelled (the others get no coefficient); ``points`` the
    columns that are seed weights (for ``points_per_logit``). ``platt``: the Platt scaling of the
    out-of-fold logits when it is known already (ml_scoring_model_evaluation fitted the same folds
    on the same leads): a final fit without ``cross_validate`` then fits no fold again.
    ``weight``: the inverse-probability weights of the training sample (ml_lead_training_sample):
    every fit, Platt scaling and AUC is weighted, so they estimate the population's; the class
    counts (``n_leads``, ``n_positive``, the minimum of var ml_min_class_leads) are the sample's."""
    y = np.asarray(y, dtype=int)
    rule_score = np.asarray(rule_score, dtype=float)
    n, n_pos = len(y), int(y.sum())
    w_all = np.ones(n) if weight is None else np.asarray(weight, dtype=float)
    weight = _sample_weight(weight)
    used = np.ones(X.shape[1], bool) if used is None else np.asarray(used, bool)
    fit = OutcomeFit(outcome, n, n_pos, False, "", rule_auc=_auc(y, rule_score, weight), used=used,
                     positives_with_feature=((X > 0) & (y[:, None] == 1)).sum(axis=0),
                     population_leads=float(w_all.sum()), population_positive=float(w_all @ y))
    shortfall = _class_shortfall(outcome, n, n_pos, settings)
    if shortfall:
        fit.reason = shortfall
        return fit
    Xu = X[:, used]
    Xs = _sparse(Xu)
    fit.is_fitted = True
    # one BLAS thread: these problems are small, and dbt runs models in parallel (threads fight)
    with threadpool_limits(limits=1):
        if cross_validate or (final_fit and platt is None):
            logit, fold = out_of_fold(Xs, y, settings, weight)
            fit.oof_logit = logit
            fit.oof_probability = cross_fitted_platt(logit, y, fold, weight)
            fit.rule_oof_probability = cross_fitted_platt(rule_score, y, fold, weight)
            fit.cv_auc = _auc(y, logit, weight)
            fit.platt = fit_platt(logit, y, weight)
        else:
            fit.platt = tuple(platt) if platt is not None else fit.platt
        if final_fit:
            final = _model(settings).fit(Xs, y, sample_weight=weight)
            coefficients = np.full(X.shape[1], np.nan)
            coefficients[used] = final.coef_[0]
            fit.intercept = float(final.intercept_[0])
            fit.coefficients = coefficients
            errors = np.full(X.shape[1], np.nan)
            errors[used] = standard_errors(Xu, final, settings, weight)
            fit.standard_errors = errors
            weighted = used & (np.ones(X.shape[1], bool) if points is None else np.asarray(points, bool))
            fit.points_per_logit = points_per_logit(X, coefficients, rule_score, weighted, weight)
    fit.reason = fitted_reason(fit, settings)
    return fit


def _n_folds(settings: Settings, n: int, n_pos: int) -> int:
    return max(2, min(settings.cv_folds, n_pos, n - n_pos))


def fitted_reason(fit: OutcomeFit, settings: Settings) -> str:
    """How a fitted outcome model was fitted and how it compares, in words."""
    reason = (f"fitted on {fit.n_leads:,} training leads ({fit.n_positive:,} "
              f"{OUTCOME_WORDS.get(fit.outcome, fit.outcome)})")
    if np.isfinite(fit.population_leads) and round(fit.population_leads) > fit.n_leads:
        reason += (f", a sample of the {round(fit.population_leads):,} eligible "
                   f"({round(fit.population_positive):,} {OUTCOME_WORDS.get(fit.outcome, fit.outcome)}) weighted "
                   "back to them (ml_lead_training_sample)")
    if not np.isnan(fit.cv_auc):
        reason += (f"; {_n_folds(settings, fit.n_leads, fit.n_positive)}-fold cross-validated AUC "
                   f"{fit.cv_auc:.3f} vs rule model {fit.rule_auc:.3f}")
    return reason


def _training_rows(training: pd.DataFrame) -> pd.DataFrame:
    eligible = training["is_training_eligible"].fillna(False).astype(bool)
    return training[eligible].sort_values("lead_id", kind="stable").reset_index(drop=True)


def _extra_long(extra_features: pd.DataFrame | None) -> pd.DataFrame:
    if extra_features is None:
        return pd.DataFrame(columns=ml_features.LONG_COLUMNS)
    return extra_features


def read_training_inputs(training, sample, model_versions, features, extra_features, fit_rules, activity_points,
                         title_patterns) -> dict[str, pd.DataFrame]:
    """The training inputs of :func:`design` as pandas frames, read one way by the three models
    that fit or count on them (ml_feature_catalogue, ml_scoring_model_evaluation,
    ml_scoring_weights). Arguments: the DuckDB relations the models' ``dbt.ref`` returns (dbt
    needs the ``ref`` calls spelled out in the model) of ml_lead_training_set,
    int_scoring_model_versions, int_ml_lead_features, ml_lead_training_extra_features (the extra
    features of the training snapshots, built in SQL by macro ml_lead_extra_features, which the
    application of the fit builds every lead's features with too) and the seeds scoring_fit_rules,
    scoring_activity_points, scoring_title_patterns; ``sample``: ml_lead_training_sample, the one
    definition of the bounded training sample. Only the sampled training leads are read (a join in
    DuckDB, before anything reaches pandas), with their ``training_weight``: the training rows and
    feature rows of at most var ml_max_training_leads leads, whatever the lead count. A lead's
    features depend on its own rows only, so the rows read are those design uses. Returns the
    keyword arguments of :func:`design` and the functions that call it, ``settings`` aside."""
    from lead_funnel.settings import in_force_rows

    sampled = sample.filter("is_in_training_sample").project(f"lead_id, {TRAINING_WEIGHT}").set_alias("sampled")
    eligible = sampled.project("lead_id").set_alias("eligible")

    def training_rows(relation, columns: str = "*") -> pd.DataFrame:
        rows = relation.filter("feature_snapshot = 'training'").project(columns).set_alias("snapshot_rows")
        return rows.join(eligible, "lead_id").df()

    versions = model_versions.df()
    return {
        "training": training.filter("is_training_eligible").set_alias("training_set").join(sampled, "lead_id").df(),
        "training_features": training_rows(features, ", ".join(ml_features.LONG_COLUMNS)),
        "fit_rules": in_force_rows(fit_rules.df(), versions),
        "activity_points": in_force_rows(activity_points.df(), versions),
        "extra_features": extra_features.project(", ".join(ml_features.LONG_COLUMNS)).set_alias("extra_rows")
                                        .join(eligible, "lead_id").df(),
        "title_patterns": in_force_rows(title_patterns.df(), versions),
    }


def design(training: pd.DataFrame, training_features: pd.DataFrame, fit_rules: pd.DataFrame,
           activity_points: pd.DataFrame, settings: Settings, extra_features: pd.DataFrame | None = None,
           title_patterns: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """(eligible training rows sorted by lead_id, feature catalogue, design matrix): the rule
    model's features (feature_catalogue) and the extra features of lead_funnel.ml_features above
    the frequency floor (var ml_min_feature_leads)."""
    rows = _training_rows(training)
    extra = _extra_long(extra_features)
    catalogue = pd.concat([
        feature_catalogue(fit_rules, activity_points),
        ml_features.extra_feature_catalogue(extra, rows["lead_id"], fit_rules, title_patterns,
                                            settings.min_feature_leads),
    ], ignore_index=True)
    long = pd.concat([training_features[ml_features.LONG_COLUMNS], extra[ml_features.LONG_COLUMNS]],
                     ignore_index=True) if len(extra) else training_features
    X = design_matrix(rows["lead_id"], long, catalogue)
    return rows, catalogue.assign(leads_with_feature=(X > 0).sum(axis=0)), X


def calibrate(training: pd.DataFrame, training_features: pd.DataFrame, fit_rules: pd.DataFrame,
              activity_points: pd.DataFrame, settings: Settings, cross_validate: bool = True,
              final_fit: bool = True, extra_features: pd.DataFrame | None = None,
              title_patterns: pd.DataFrame | None = None,
              platts: dict[str, tuple[float, float]] | None = None) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Fit every outcome on the eligible training leads (see :func:`fit_outcome`; ``platts``: the
    known Platt scaling per outcome, its ``platt``).

    Returns (eligible training rows sorted by lead_id, feature catalogue, {outcome: OutcomeFit}).
    """
    rows, catalogue, X = design(training, training_features, fit_rules, activity_points, settings,
                                extra_features, title_patterns)
    used = ~catalogue["is_disqualifier"].to_numpy(bool)
    points = catalogue["is_points_feature"].to_numpy(bool)
    fits = {
        outcome: fit_outcome(outcome, X, rows[label].fillna(False).astype(bool).to_numpy(),
                             rows["rule_score_at_cutoff"].to_numpy(dtype=float), settings, used, points,
                             cross_validate, final_fit, (platts or {}).get(outcome), training_weights(rows))
        for outcome, label in OUTCOMES.items()
    }
    return rows, catalogue, fits


# ---------------------------------------------------------------------------
# ml_feature_catalogue
# ---------------------------------------------------------------------------

CATALOGUE_COLUMNS = [
    "feature_key", "feature_type", "feature", "description", "is_rule_feature", "is_used_by_rule",
    "is_disqualifier", "current_points", "max_counted_per_window", "leads_with_feature", "training_leads",
    "training_population_leads", "won_leads_with_feature", "sql_leads_with_feature",
]


def feature_catalogue_table(training: pd.DataFrame, training_features: pd.DataFrame, fit_rules: pd.DataFrame,
                            activity_points: pd.DataFrame, settings: Settings | None = None,
                            extra_features: pd.DataFrame | None = None,
                            title_patterns: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per feature the calibration models (the rule model's and those beyond the rules
    above the frequency floor), with how many training leads have it and reached each outcome."""
    settings = settings or Settings()
    rows, catalogue, X = design(training, training_features, fit_rules, activity_points, settings,
                                extra_features, title_patterns)
    out = catalogue.copy()
    present = X > 0
    for outcome, label in OUTCOMES.items():
        y = rows[label].fillna(False).astype(bool).to_numpy() if len(rows) else np.zeros(0, bool)
        out[f"{outcome}_leads_with_feature"] = (present & y[:, None]).sum(axis=0).astype("int64")
    out["training_leads"] = len(rows)
    out["training_population_leads"] = round(float(training_weights(rows).sum()))
    out["feature_key"] = (out["feature_type"] + ":" + out["feature"]).astype(object)
    out["max_counted_per_window"] = pd.array(
        np.where(np.isfinite(out["max_counted"].astype(float)), out["max_counted"], None), dtype="Int64")
    out["current_points"] = out["current_points"].astype("Int64")
    for col in ("is_rule_feature", "is_used_by_rule", "is_disqualifier"):
        out[col] = out[col].astype(bool)
    for col in ("leads_with_feature", "training_leads", "training_population_leads"):
        out[col] = out[col].astype("int64")
    for col in ("feature_type", "feature", "description"):
        out[col] = out[col].astype(object)
    return out[CATALOGUE_COLUMNS].reset_index(drop=True)


# ---------------------------------------------------------------------------
# ml_scoring_weights
# ---------------------------------------------------------------------------

WEIGHT_COLUMNS = [
    "scoring_weight_id", "outcome", "feature_type", "feature", "description", "current_points",
    "current_cap_per_window", "max_counted_per_window", "leads_with_feature", "positive_leads_with_feature",
    "coefficient", "odds_ratio", "z_score",
    "suggested_points", "suggested_cap_per_window", "is_rule_feature", "is_used_by_rule", "is_proposed_rule",
    "proposed_rule", "platt_slope", "platt_intercept", "cv_auc", "rule_model_auc", "training_leads",
    "positive_leads", "training_population_leads", "population_positive_leads", "is_fitted", "reason",
]
PROPOSABLE_TYPES = ("attribute", "title_word")
# the path is how the lead entered the funnel, not an attribute a rule could score
NOT_PROPOSABLE_ATTRIBUTES = ("path=",)


def _proposed_rule(feature_type: str, feature: str, points: int) -> str:
    if feature_type == "attribute":
        attribute, _, value = feature.partition("=")
        what = f"fit rule on lead_attribute {attribute} = {value}"
    else:
        what = f"title pattern / fit rule on the job-title word '{feature}'"
    return f"new {what}: {points:+d} points"


def fit_scoring_weights(training: pd.DataFrame, training_features: pd.DataFrame, fit_rules: pd.DataFrame,
                        activity_points: pd.DataFrame, settings: Settings | None = None,
                        evaluation: pd.DataFrame | None = None, extra_features: pd.DataFrame | None = None,
                        title_patterns: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per outcome and feature (fit rule / activity type / verdict / the extra features of
    lead_funnel.ml_features above the frequency floor) plus one intercept row per outcome. With
    ``evaluation`` (ml_scoring_model_evaluation, made from the same inputs and settings: the same
    folds) the cross-validated AUC and the Platt scaling of the out-of-fold logits are taken from
    it and only the final model is fitted; without it (or for an outcome it has no Platt scaling
    for) the folds are fitted here.

    Proposed rules: an attribute or title-word feature no rule uses (``is_used_by_rule`` false)
    whose suggested points reach var ml_min_proposed_points and whose coefficient is at least var
    ml_min_proposal_z standard errors from 0, with at least var ml_min_class_leads leads with the
    feature reaching the outcome, is ``is_proposed_rule`` (not the path: it is how a
    lead entered the funnel, not an attribute to score)."""
    settings = settings or Settings()
    platts = {}
    if evaluation is not None:
        split = evaluation["evaluation_split"] if "evaluation_split" in evaluation else CROSS_VALIDATION
        calibrated = evaluation[(evaluation["model"] == "calibrated") & (split == CROSS_VALIDATION)
                                & evaluation["is_evaluated"].fillna(False).astype(bool)]
        if {"platt_slope", "platt_intercept"} <= set(calibrated.columns):
            known = calibrated.dropna(subset=["platt_slope", "platt_intercept"]).drop_duplicates("outcome")
            platts = {o: (float(a), float(b)) for o, a, b in
                      zip(known["outcome"], known["platt_slope"], known["platt_intercept"])}
    _, catalogue, fits = calibrate(training, training_features, fit_rules, activity_points, settings,
                                   cross_validate=evaluation is None, extra_features=extra_features,
                                   title_patterns=title_patterns, platts=platts)
    if evaluation is not None:
        for outcome, fit in fits.items():
            auc = calibrated.loc[calibrated["outcome"] == outcome, "auc"]
            if fit.is_fitted and len(auc):
                fit.cv_auc = float(auc.iloc[0])
                fit.reason = fitted_reason(fit, settings)
    frames = []
    for outcome, fit in fits.items():
        frame = catalogue.copy()
        frame.insert(0, "outcome", outcome)
        coef = fit.coefficients if fit.is_fitted else np.full(len(catalogue), np.nan)
        frame["coefficient"] = coef
        errors = fit.standard_errors if fit.standard_errors is not None else np.full(len(catalogue), np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            frame["z_score"] = coef / errors
        frame["positive_leads_with_feature"] = fit.positives_with_feature
        # no lead with the feature reached the outcome: the data cannot say how much it is worth
        observed = frame["positive_leads_with_feature"].to_numpy() > 0
        is_points = frame["is_points_feature"].to_numpy(bool)
        points_all = np.round(coef * fit.points_per_logit)
        proposed = (frame["feature_type"].isin(PROPOSABLE_TYPES).to_numpy()
                    & ~frame["feature"].astype(str).str.startswith(NOT_PROPOSABLE_ATTRIBUTES).to_numpy()
                    & ~frame["is_used_by_rule"].to_numpy(bool)
                    & (frame["positive_leads_with_feature"].to_numpy() >= settings.min_class_leads)
                    & (np.abs(frame["z_score"].to_numpy(float)) >= settings.min_proposal_z)
                    & np.isfinite(points_all) & (np.abs(points_all) >= settings.min_proposed_points))
        frame["is_proposed_rule"] = proposed
        frame["proposed_rule"] = [(_proposed_rule(t, f, int(pts)) if prop else None) for t, f, pts, prop
                                  in zip(frame["feature_type"], frame["feature"], np.nan_to_num(points_all), proposed)]
        suggested = np.where(is_points | proposed, points_all, np.nan)
        suggested = np.where(observed & np.isfinite(suggested), suggested, np.nan)
        frame["suggested_points"] = pd.array(np.where(np.isnan(suggested), None, suggested), dtype="Int64")
        max_counted = frame["max_counted"].to_numpy(dtype=float)
        cap = np.where((frame["feature_type"] == "activity_type") & np.isfinite(max_counted),
                       suggested * max_counted, np.nan)
        frame["suggested_cap_per_window"] = pd.array(np.where(np.isnan(cap), None, cap), dtype="Int64")
        reason = np.full(len(frame), fit.reason, dtype=object)
        if fit.is_fitted:
            reason[~observed] = (f"no training lead with this feature {OUTCOME_WORDS.get(outcome, outcome)}: no "
                                 "evidence for a weight; keep the current points (a negative rule may be what "
                                 "keeps such leads from becoming MQLs)")
            reason[frame["leads_with_feature"].to_numpy() == 0] = (
                "no training lead has this feature: no evidence, keep the current points")
        reason[frame["is_disqualifier"].to_numpy(bool)] = (
            "disqualifying rule: disqualified leads never become MQLs and are not trained on")
        if fit.is_fitted:
            verdict = (frame["feature_type"] == VERDICT[0]).to_numpy()
            reason[verdict] = ("the current rule model's MQL verdict: only MQLs are worked by sales, so the "
                               "other coefficients compare leads in the same MQL state; not a seed weight")
            extra = ~frame["is_rule_feature"].to_numpy(bool) & observed
            reason[extra] = np.where(
                proposed[extra], "a strong effect no rule uses: proposed as a new rule (proposed_rule)",
                np.where(frame["is_used_by_rule"].to_numpy(bool)[extra],
                         "a feature beyond the rules; a rule already uses this attribute: no new rule proposed",
                         f"a feature beyond the rules; its effect is below {settings.min_proposed_points} points or "
                         f"{settings.min_proposal_z:g} standard errors, too few leads with it reached the outcome, "
                         "or it is not a lead attribute: no rule proposed"))
        frame["reason"] = reason
        intercept = {
            "outcome": outcome, "feature_type": INTERCEPT, "feature": INTERCEPT,
            "description": "Log-odds of the outcome for a lead with no feature (no rule met, no activity)",
            "coefficient": fit.intercept if fit.is_fitted else np.nan, "reason": fit.reason,
            "leads_with_feature": fit.n_leads, "positive_leads_with_feature": fit.n_positive,
            "max_counted": np.nan, "is_rule_feature": True, "is_used_by_rule": True, "is_proposed_rule": False,
        }
        frame = pd.concat([frame, pd.DataFrame([intercept])], ignore_index=True)
        frame["platt_slope"] = fit.platt[0]
        frame["platt_intercept"] = fit.platt[1]
        frame["cv_auc"] = fit.cv_auc
        frame["rule_model_auc"] = fit.rule_auc
        frame["training_leads"] = fit.n_leads
        frame["positive_leads"] = fit.n_positive
        frame["training_population_leads"] = round(fit.population_leads) if np.isfinite(fit.population_leads) else 0
        frame["population_positive_leads"] = (round(fit.population_positive)
                                              if np.isfinite(fit.population_positive) else 0)
        frame["is_fitted"] = fit.is_fitted
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    out["odds_ratio"] = np.exp(out["coefficient"].astype(float))
    out["max_counted_per_window"] = pd.array(
        np.where(np.isfinite(out["max_counted"].astype(float)), out["max_counted"], None), dtype="Int64")
    out["scoring_weight_id"] = out["outcome"] + ":" + out["feature_type"] + ":" + out["feature"]
    for col in ("current_points", "current_cap_per_window", "suggested_points", "suggested_cap_per_window"):
        out[col] = out[col].astype("Int64")
    out["leads_with_feature"] = out["leads_with_feature"].astype("int64")
    out["positive_leads_with_feature"] = out["positive_leads_with_feature"].astype("int64")
    out["training_leads"] = out["training_leads"].astype("int64")
    out["positive_leads"] = out["positive_leads"].astype("int64")
    for col in ("training_population_leads", "population_positive_leads"):
        out[col] = out[col].astype("int64")
    out["is_fitted"] = out["is_fitted"].astype(bool)
    for col in ("is_rule_feature", "is_used_by_rule", "is_proposed_rule"):
        out[col] = out[col].astype(bool)
    for col in ("coefficient", "odds_ratio", "z_score", "cv_auc", "rule_model_auc", "platt_slope", "platt_intercept"):
        out[col] = out[col].astype(float)
    for col in ("scoring_weight_id", "outcome", "feature_type", "feature", "description", "reason",
                "proposed_rule"):
        out[col] = out[col].astype(object)
    return out[WEIGHT_COLUMNS]


# ---------------------------------------------------------------------------
# Deciles (the evaluation's lift tables; ml_probability_deciles is SQL: macro ml_lead_probabilities)
# ---------------------------------------------------------------------------


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def deciles(score, tie_breaker, weight=None) -> np.ndarray:
    """Decile 1..10 of each score, 1 = the highest tenth; equal scores are split by ``tie_breaker``
    (ascending) so the assignment is deterministic. NaN scores get no decile (0). With ``weight``
    (a weighted sample) a decile is a tenth of the total weight: a tenth of the population."""
    score = np.asarray(score, dtype=float)
    weight = _sample_weight(weight)
    out = np.zeros(len(score), dtype=int)
    ok = np.flatnonzero(~np.isnan(score))
    if len(ok) == 0:
        return out
    ties = np.unique(np.asarray(tie_breaker, dtype=object)[ok].astype(str), return_inverse=True)[1]
    order = np.lexsort((ties, -score[ok]))
    if weight is None:
        rank = np.empty(len(ok), dtype=int)
        rank[order] = np.arange(len(ok))
        out[ok] = rank * DECILES // len(ok) + 1
        return out
    w = weight[ok][order]
    before = np.cumsum(w) - w  # the weight ranked above each lead
    placed = np.empty(len(ok), dtype=int)
    placed[order] = np.minimum(np.floor(before * DECILES / w.sum()).astype(int), DECILES - 1) + 1
    out[ok] = placed
    return out


# ---------------------------------------------------------------------------
# rpt_scoring_model_evaluation
# ---------------------------------------------------------------------------

EVALUATION_COLUMNS = [
    "model_evaluation_id", "outcome", "model", "evaluation_split", "decile", "leads", "positive_leads",
    "positive_rate", "mean_predicted_probability", "lift", "captured_share", "cumulative_captured_share", "auc",
    "top_decile_lift", "brier_score", "expected_calibration_error", "mean_predicted_rate", "observed_rate",
    "platt_slope", "platt_intercept", "evaluated_leads", "evaluated_positive_leads", "training_leads",
    "training_positive_leads", "training_population_leads", "training_population_positive_leads", "is_evaluated",
    "reason",
]
CROSS_VALIDATION, TIME_SPLIT = "cross_validation", "time_split"


def calibration_metrics(y, probability, lead_ids, weight=None) -> dict:
    """Brier score, expected calibration error over the deciles of the predicted probability
    (sum over deciles of share of leads x |mean predicted - observed|), mean predicted vs observed;
    weighted means with ``weight`` (the population's from a weighted sample)."""
    y = np.asarray(y, dtype=float)
    p = np.asarray(probability, dtype=float)
    weight = _sample_weight(weight)
    if len(y) == 0:
        return {"brier_score": np.nan, "expected_calibration_error": np.nan, "mean_predicted_rate": np.nan,
                "observed_rate": np.nan}
    if weight is not None:
        frame = pd.DataFrame({"d": deciles(p, lead_ids, weight), "w": weight, "wy": weight * y, "wp": weight * p})
        sums = frame.groupby("d")[["w", "wy", "wp"]].sum()
        total = weight.sum()
        return {
            "brier_score": float(weight @ (p - y) ** 2 / total),
            "expected_calibration_error": float(((sums["wp"] - sums["wy"]).abs() / total).sum()),
            "mean_predicted_rate": float(weight @ p / total),
            "observed_rate": float(weight @ y / total),
        }
    frame = pd.DataFrame({"d": deciles(p, lead_ids), "y": y, "p": p}).groupby("d")[["y", "p"]].agg(["mean", "size"])
    share = frame[("y", "size")] / len(y)
    return {
        "brier_score": float(np.mean((p - y) ** 2)),
        "expected_calibration_error": float((share * (frame[("p", "mean")] - frame[("y", "mean")]).abs()).sum()),
        "mean_predicted_rate": float(p.mean()),
        "observed_rate": float(y.mean()),
    }


def lift_table(y, score, lead_ids, weight=None) -> pd.DataFrame:
    """Leads, positives, lift and captured share of positives per score decile (1 = top). With
    ``weight`` (a weighted sample) the deciles are tenths of the weight and the counts are the
    weighted counts (the population's, rounded to whole leads)."""
    y = np.asarray(y, dtype=int)
    weight = _sample_weight(weight)
    decile = deciles(score, lead_ids, weight)
    if weight is not None:
        # population counts, rounded per decile; the rates below use the rounded counts so that
        # positive_rate = positive_leads / leads holds on every row
        w = pd.DataFrame({"decile": decile, "w": weight, "wy": weight * y}).groupby("decile")[["w", "wy"]].sum()
        frame = pd.DataFrame({"size": w["w"].round(), "sum": w["wy"].round()})
    else:
        frame = pd.DataFrame({"decile": decile, "y": y}).groupby("decile")["y"].agg(["size", "sum"])
    total_pos, n = int(frame["sum"].sum()), int(frame["size"].sum())  # every lead, decile or not
    frame = frame.reindex(range(1, DECILES + 1), fill_value=0)
    base_rate = total_pos / n if n else float("nan")
    out = pd.DataFrame({
        "decile": frame.index.astype(int),
        "leads": frame["size"].astype("int64").to_numpy(),
        "positive_leads": frame["sum"].astype("int64").to_numpy(),
    })
    with np.errstate(invalid="ignore", divide="ignore"):
        out["positive_rate"] = np.where(out["leads"] > 0, out["positive_leads"] / out["leads"].clip(lower=1), np.nan)
        out["lift"] = out["positive_rate"] / base_rate if base_rate > 0 else np.nan
        out["captured_share"] = out["positive_leads"] / total_pos if total_pos else np.nan
    # from the integer running count, not a running float sum (which ends at 1.0000000000000002)
    out["cumulative_captured_share"] = (
        out["positive_leads"].cumsum() / total_pos if total_pos else np.nan
    )
    return out


def time_split_predictions(rows: pd.DataFrame, X: np.ndarray, y: np.ndarray, rule_score: np.ndarray,
                           outcome: str, settings: Settings, weight=None) -> dict:
    """Train on the earlier cohorts, test on the latest: the last ``time_split_test_share`` of the
    leads by cutoff_at are the test set; the model, its Platt scaling (on the training part's
    out-of-fold logits) and the rule score's Platt scaling are fitted on the rest. Returns
    {"test": mask, "calibrated": p, "calibrated_logit": logit, "rule": p, "train_leads", "train_positive",
    "reason"} or {"reason"} when it cannot be done."""
    n = len(y)
    if "cutoff_at" not in rows or n == 0:
        return {"reason": "no cutoff_at to order the leads by time"}
    order = np.lexsort((rows["lead_id"].astype(str).to_numpy(), pd.to_datetime(rows["cutoff_at"]).to_numpy()))
    n_test = int(math.ceil(settings.time_split_test_share * n))
    test = np.zeros(n, bool)
    test[order[n - n_test:]] = True
    train = ~test
    shortfall = _class_shortfall(outcome, int(train.sum()), int(y[train].sum()), settings)
    if shortfall:
        return {"reason": "time split: the earlier cohorts have " + shortfall}
    if y[test].min(initial=1) == y[test].max(initial=0):
        return {"reason": f"time split: the latest {int(test.sum()):,} leads are all of one class"}
    Xs = _sparse(X)
    weight = _sample_weight(weight)
    w_train = None if weight is None else weight[train]
    with threadpool_limits(limits=1):
        logit, _ = out_of_fold(Xs[train], y[train], settings, w_train)
        platt = fit_platt(logit, y[train], w_train)
        test_logit = _model(settings).fit(Xs[train], y[train], sample_weight=w_train).decision_function(Xs[test])
    start = pd.to_datetime(rows["cutoff_at"]).to_numpy()[order[n - n_test]]
    return {
        "test": test, "calibrated": apply_platt(test_logit, platt), "calibrated_logit": test_logit,
        "rule": apply_platt(rule_score[test], fit_platt(rule_score[train], y[train], w_train)),
        "train_leads": int(train.sum()), "train_positive": int(y[train].sum()),
        "reason": (f"trained on the {int(train.sum()):,} leads with a cutoff before {pd.Timestamp(start):%Y-%m-%d}, "
                   f"tested on the {int(test.sum()):,} latest"),
    }


def _evaluation_frame(y, score, probability, lead_ids, auc, reason, train_leads, train_positive,
                      weight=None, population=(np.nan, np.nan)) -> pd.DataFrame:
    """The lift and reliability table of one model with its metrics; ``weight``: the training
    sample's weights of the evaluated leads (population-weighted deciles, rates and metrics);
    ``population``: the (leads, positive leads) the training leads stand for."""
    weight = _sample_weight(weight)
    frame = lift_table(y, score, lead_ids, weight)
    decile = deciles(score, lead_ids, weight)
    if weight is None:
        mean_p = pd.Series(probability).groupby(decile).mean()
    else:
        sums = pd.DataFrame({"w": weight, "wp": weight * np.asarray(probability, dtype=float)}).groupby(decile).sum()
        mean_p = sums["wp"] / sums["w"]
    frame["mean_predicted_probability"] = frame["decile"].map(mean_p).astype(float)
    frame["top_decile_lift"] = float(frame.loc[frame["decile"] == 1, "lift"].iloc[0])
    for key, value in calibration_metrics(y, probability, lead_ids, weight).items():
        frame[key] = value
    frame["auc"] = auc
    frame["evaluated_leads"] = len(y)
    frame["evaluated_positive_leads"] = int(np.asarray(y).sum())
    frame["training_leads"] = train_leads
    frame["training_positive_leads"] = train_positive
    frame["training_population_leads"] = population[0]
    frame["training_population_positive_leads"] = population[1]
    frame["is_evaluated"] = True
    frame["reason"] = reason
    return frame


def _not_evaluated(reason, train_leads, train_positive, population=(np.nan, np.nan)) -> pd.DataFrame:
    frame = pd.DataFrame({"decile": [pd.NA], "leads": [pd.NA], "positive_leads": [pd.NA]})
    for col in ("positive_rate", "mean_predicted_probability", "lift", "captured_share", "cumulative_captured_share",
                "top_decile_lift", "auc", "brier_score", "expected_calibration_error", "mean_predicted_rate",
                "observed_rate"):
        frame[col] = np.nan
    frame["evaluated_leads"] = 0
    frame["evaluated_positive_leads"] = 0
    frame["training_leads"] = train_leads
    frame["training_positive_leads"] = train_positive
    frame["training_population_leads"] = population[0]
    frame["training_population_positive_leads"] = population[1]
    frame["is_evaluated"] = False
    frame["reason"] = reason
    return frame


def evaluate_models(training: pd.DataFrame, training_features: pd.DataFrame, fit_rules: pd.DataFrame,
                    activity_points: pd.DataFrame, settings: Settings | None = None,
                    extra_features: pd.DataFrame | None = None,
                    title_patterns: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per outcome, model (``rule``: rule_score_at_cutoff, Platt-scaled to a probability;
    ``calibrated``: the logistic regression, Platt-scaled), evaluation split and decile, on the same
    eligible training leads (all leads whose horizon has elapsed):

    * ``cross_validation``: out-of-fold over all of them (k folds, fixed seed; the Platt scaling of
      each fold fitted on the others);
    * ``time_split``: trained on the earlier cohorts, tested on the latest (:func:`time_split_predictions`).

    Each row carries the AUC, Brier score, expected calibration error, mean predicted vs observed
    rate and how many leads they cover; the decile rows are the lift and reliability table (mean
    predicted probability vs positive rate). A model that cannot be evaluated has one row with no
    decile and the reason."""
    settings = settings or Settings()
    rows, catalogue, X = design(training, training_features, fit_rules, activity_points, settings, extra_features,
                                title_patterns)
    used = ~catalogue["is_disqualifier"].to_numpy(bool)
    Xu = X[:, used]
    rule_score = rows["rule_score_at_cutoff"].to_numpy(dtype=float)
    weight = training_weights(rows)  # the training sample's weights (ml_lead_training_sample)
    frames = []
    for outcome, label in OUTCOMES.items():
        y = rows[label].fillna(False).astype(bool).to_numpy(int)
        fit = fit_outcome(outcome, Xu, y, rule_score, settings, final_fit=False, weight=weight)
        population = (fit.population_leads, fit.population_positive)
        ids = rows["lead_id"]
        both_classes = 0 < fit.n_positive < fit.n_leads
        # cross-validation
        for model in ("rule", "calibrated"):
            if model == "rule" and both_classes:
                frame = _evaluation_frame(y, rule_score, fit.rule_oof_probability if fit.is_fitted
                                          else np.full(len(y), np.nan), ids, fit.rule_auc,
                                          "rule score at the feature cutoff (fit + engagement), ranked on all "
                                          "training leads; probability: the score Platt-scaled out of fold",
                                          fit.n_leads, fit.n_positive, weight, population)
            elif model == "calibrated" and fit.is_fitted:
                frame = _evaluation_frame(y, fit.oof_logit, fit.oof_probability, ids, fit.cv_auc,
                                          f"out-of-fold probability of the logistic regression "
                                          f"({_n_folds(settings, fit.n_leads, fit.n_positive)}-fold, random_state "
                                          f"{settings.random_state}), Platt-scaled on the other folds",
                                          fit.n_leads, fit.n_positive, weight, population)
                # the Platt scaling of all out-of-fold logits: ml_scoring_weights applies it to its
                # final fit instead of fitting the same folds again
                frame = frame.assign(platt_slope=fit.platt[0], platt_intercept=fit.platt[1])
            else:
                reason = fit.reason if model == "calibrated" else (
                    f"{fit.n_positive:,} of {fit.n_leads:,} training leads {OUTCOME_WORDS.get(outcome, outcome)} "
                    "within the outcome horizon: an AUC needs leads with and without the outcome")
                frame = _not_evaluated(reason, fit.n_leads, fit.n_positive, population)
            frames.append(frame.assign(outcome=outcome, model=model, evaluation_split=CROSS_VALIDATION))
        # time split
        split = time_split_predictions(rows, Xu, y, rule_score, outcome, settings, weight) if fit.is_fitted else {
            "reason": fit.reason}
        for model in ("rule", "calibrated"):
            if "test" in split:
                test = split["test"]
                score = rule_score[test] if model == "rule" else split["calibrated_logit"]
                frame = _evaluation_frame(y[test], score, split[model], ids[test], _auc(y[test], score, weight[test]),
                                          split["reason"], split["train_leads"], split["train_positive"],
                                          weight[test], (weight[~test].sum(), weight[~test] @ y[~test]))
            else:
                frame = _not_evaluated(split["reason"], fit.n_leads, fit.n_positive, population)
            frames.append(frame.assign(outcome=outcome, model=model, evaluation_split=TIME_SPLIT))
    out = pd.concat(frames, ignore_index=True)
    for col in ("platt_slope", "platt_intercept"):  # no model fitted: no Platt scaling
        if col not in out:
            out[col] = np.nan
    out["decile"] = pd.array(out["decile"], dtype="Int64")
    for col in ("leads", "positive_leads"):
        out[col] = pd.array(out[col], dtype="Int64")
    for col in ("positive_rate", "mean_predicted_probability", "lift", "captured_share", "cumulative_captured_share",
                "auc", "top_decile_lift", "brier_score", "expected_calibration_error", "mean_predicted_rate",
                "observed_rate", "platt_slope", "platt_intercept"):
        out[col] = out[col].astype(float)
    for col in ("evaluated_leads", "evaluated_positive_leads", "training_leads", "training_positive_leads"):
        out[col] = out[col].astype("int64")
    for col in ("training_population_leads", "training_population_positive_leads"):
        out[col] = out[col].astype(float).fillna(0).round().astype("int64")
    out["is_evaluated"] = out["is_evaluated"].astype(bool)
    out["model_evaluation_id"] = (out["outcome"] + ":" + out["model"] + ":" + out["evaluation_split"] + ":"
                                  + out["decile"].astype("string").fillna("none")).astype(object)
    for col in ("outcome", "model", "evaluation_split", "reason"):
        out[col] = out[col].astype(object)
    return out[EVALUATION_COLUMNS]


# ---------------------------------------------------------------------------
# rpt_mql_threshold_curve
# ---------------------------------------------------------------------------

CURVE_COLUMNS = [
    "threshold_curve_id", "segment", "mql_threshold", "current_mql_threshold", "is_current_threshold",
    "projected_mqls_per_month", "volume_months", "bdr_count", "mqls_per_bdr_capacity",
    "projected_mqls_per_bdr_per_month", "capacity_utilisation", "fits_capacity", "rate_leads",
    "observed_share", "projected_sal_acceptance_rate", "projected_mql_to_sql_rate", "meets_acceptance_target",
    "is_recommended", "recommended_threshold", "recommendation_reason", "projection_note",
]
PROJECTION_FEATURES = ["fit_score", "engagement_score"]


def _projection_model(X: np.ndarray, y: np.ndarray, settings: Settings, weight=None):
    """P(outcome | fit and engagement score at the MQL) from worked MQLs (weighted by the training
    sample's weights), or None if too few."""
    n_pos = int(y.sum())
    if min(n_pos, len(y) - n_pos) < settings.min_class_leads:
        return None
    with threadpool_limits(limits=1):
        return _model(settings).fit(X, y, sample_weight=_sample_weight(weight))


def read_curve_inputs(grid, crossings, training, sample) -> dict[str, pd.DataFrame]:
    """The inputs of :func:`threshold_curve` as pandas frames, from the DuckDB relations of
    int_ml_threshold_grid, int_ml_mql_threshold_crossings, ml_lead_training_set and
    ml_lead_training_sample. Bounded like the fits (docs/ml.md "Training sample"): the volume per
    segment and threshold is counted in DuckDB over every crossing in the volume window, and only
    the sampled training leads (with their ``training_weight``) and their crossings reach pandas."""
    sampled = sample.filter("is_in_training_sample").project(f"lead_id, {TRAINING_WEIGHT}").set_alias("sampled")
    window = crossings.filter("is_in_volume_window").aggregate(
        "segment, mql_threshold, count(*) as window_mqls")
    return {
        "grid": grid.df(),
        "crossings": crossings.set_alias("crossings").join(sampled.project("lead_id").set_alias("ids"), "lead_id").df(),
        "training": training.filter("is_training_eligible").set_alias("training_set").join(sampled, "lead_id").df(),
        "window_mqls": window.df(),
    }


def _pct(x: float) -> str:
    return f"{x:.0%}"


def threshold_curve(grid: pd.DataFrame, crossings: pd.DataFrame, training: pd.DataFrame,
                    settings: Settings | None = None, window_mqls: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per segment and candidate threshold: projected volume, SAL acceptance, MQL->SQL and BDR load;
    per segment one recommended threshold with the reason in words (docs/ml.md).

    * Volume: leads whose projected first MQL at the threshold (int_ml_mql_threshold_crossings)
      falls in the volume window, per month.
    * Rates: over the projected MQLs that are eligible training leads (horizon elapsed). Leads that
      really were MQLs contribute their observed outcome; leads that would only qualify at a lower
      threshold than today's were never worked, so they contribute the probability of a logistic
      regression of the outcome on fit and engagement at the MQL, fitted on the worked MQLs.

    ``window_mqls`` (segment, mql_threshold, window_mqls): the volume counted in the warehouse
    (:func:`read_curve_inputs`); without it the volume is counted from ``crossings``. ``training``
    may be the weighted training sample (column ``training_weight``): the projection models and
    the rates are weighted, ``rate_leads`` and the notes' counts are the population's (rounded).
    """
    settings = settings or Settings()
    grid = grid.sort_values(["segment", "mql_threshold"], kind="stable").reset_index(drop=True)
    train = training[training["is_training_eligible"].fillna(False).astype(bool)]
    train = train.assign(**{TRAINING_WEIGHT: training_weights(train)})
    mqls = train[train["cutoff_basis"] == "first_mql"]
    decided = mqls[mqls["has_sales_decision"].fillna(False).astype(bool)]

    accept_model = _projection_model(
        decided[["fit_score_at_cutoff", "engagement_score_at_cutoff"]].to_numpy(dtype=float),
        decided["has_reached_sal"].fillna(False).astype(bool).to_numpy(int), settings,
        decided[TRAINING_WEIGHT].to_numpy(float))
    sql_model = _projection_model(
        mqls[["fit_score_at_cutoff", "engagement_score_at_cutoff"]].to_numpy(dtype=float),
        mqls["has_reached_sql"].fillna(False).astype(bool).to_numpy(int), settings,
        mqls[TRAINING_WEIGHT].to_numpy(float))

    # volume
    c = crossings
    if window_mqls is None:
        in_window = c[c["is_in_volume_window"].fillna(False).astype(bool)]
        volume = in_window.groupby(["segment", "mql_threshold"]).size().rename("window_mqls")
    else:
        volume = window_mqls.set_index(["segment", "mql_threshold"])["window_mqls"]

    # rates (weighted: each sampled lead counts for the leads it stands for)
    labels = train.set_index("lead_id")[["cutoff_basis", "has_sales_decision", "has_reached_sal", "has_reached_sql",
                                         TRAINING_WEIGHT]]
    rated = c.join(labels, on="lead_id", how="inner")
    observed = (rated["cutoff_basis"] == "first_mql").to_numpy()
    X = rated[PROJECTION_FEATURES].to_numpy(dtype=float)
    n = len(rated)
    p_accept = accept_model.predict_proba(X)[:, 1] if accept_model is not None and n else np.full(n, np.nan)
    p_sql = sql_model.predict_proba(X)[:, 1] if sql_model is not None and n else np.full(n, np.nan)
    is_decided = rated["has_sales_decision"].fillna(False).astype(bool).to_numpy()
    rated = rated.assign(
        is_observed=observed,
        accept_weight=np.where(observed, is_decided.astype(float), 1.0),
        accept_value=np.where(observed, rated["has_reached_sal"].fillna(False).astype(float), p_accept),
        sql_value=np.where(observed, rated["has_reached_sql"].fillna(False).astype(float), p_sql),
    )
    rated["accept_value"] = rated["accept_value"] * rated["accept_weight"]
    if _sample_weight(rated[TRAINING_WEIGHT].to_numpy(float)) is not None:
        w = rated[TRAINING_WEIGHT].astype(float)
        rated = rated.assign(
            accept_value=rated["accept_value"] * w, accept_weight=rated["accept_weight"] * w,
            sql_value=rated["sql_value"] * w, observed_weight=w.where(rated["is_observed"], 0.0),
            unobserved_weight=w.where(~rated["is_observed"], 0.0), lead_weight=w)
        g = rated.groupby(["segment", "mql_threshold"])
        rates = pd.DataFrame({
            "rate_leads": g["lead_weight"].sum().round(),
            # the rates divide by the unrounded weight sum: over the rounded count a share can
            # pass 1 (1.00002 at tier M, where the is_rate test failed)
            "rate_weight": g["lead_weight"].sum(),
            "observed_leads": g["observed_weight"].sum(),
            "accept_num": g["accept_value"].sum(min_count=1),
            "accept_den": g["accept_weight"].sum(),
            "sql_num": g["sql_value"].sum(min_count=1),
            "unobserved_leads": g["unobserved_weight"].sum().round(),
        })
    else:
        g = rated.groupby(["segment", "mql_threshold"])
        rates = pd.DataFrame({
            "rate_leads": g.size(),
            "rate_weight": g.size().astype(float),
            "observed_leads": g["is_observed"].sum(),
            "accept_num": g["accept_value"].sum(min_count=1),
            "accept_den": g["accept_weight"].sum(),
            "sql_num": g["sql_value"].sum(min_count=1),
            "unobserved_leads": g["is_observed"].apply(lambda s: int((~s).sum())),
        })

    out = grid.join(volume, on=["segment", "mql_threshold"]).join(rates, on=["segment", "mql_threshold"])
    out["window_mqls"] = out["window_mqls"].fillna(0)
    for col in ("rate_leads", "rate_weight", "observed_leads", "unobserved_leads", "accept_den"):
        out[col] = out[col].fillna(0)
    months = pd.to_numeric(out["volume_months"]).astype(float)
    out["projected_mqls_per_month"] = out["window_mqls"] / months.where(months > 0)
    bdrs = pd.to_numeric(out["bdr_count"]).astype(float)
    capacity = pd.to_numeric(out["mqls_per_bdr_capacity"]).astype(float)
    out["projected_mqls_per_bdr_per_month"] = out["projected_mqls_per_month"] / bdrs.where(bdrs > 0)
    out["capacity_utilisation"] = out["projected_mqls_per_bdr_per_month"] / capacity.where(capacity > 0)
    out["fits_capacity"] = pd.array(
        np.where(out["capacity_utilisation"].notna(), out["capacity_utilisation"] <= 1.0, None), dtype="boolean")

    missing_accept = (out["unobserved_leads"] > 0) & (accept_model is None)
    missing_sql = (out["unobserved_leads"] > 0) & (sql_model is None)
    with np.errstate(invalid="ignore", divide="ignore"):
        acceptance = out["accept_num"] / out["accept_den"].where(out["accept_den"] > 0)
        mql_to_sql = out["sql_num"] / out["rate_weight"].where(out["rate_weight"] > 0)
    out["projected_sal_acceptance_rate"] = acceptance.where(~missing_accept).astype(float)
    out["projected_mql_to_sql_rate"] = mql_to_sql.where(~missing_sql).astype(float)
    out["observed_share"] = (out["observed_leads"] / out["rate_weight"].where(out["rate_weight"] > 0)).astype(float)
    meets = out["projected_sal_acceptance_rate"] >= settings.min_sal_acceptance
    out["meets_acceptance_target"] = pd.array(
        np.where(out["projected_sal_acceptance_rate"].notna(), meets, None), dtype="boolean")

    notes = []
    for row in out.itertuples():
        parts = []
        if row.rate_leads == 0:
            parts.append("no matured training lead would qualify at this threshold: no rates")
        elif row.unobserved_leads > 0:
            if accept_model is None or sql_model is None:
                parts.append(f"{int(row.unobserved_leads):,} of {int(row.rate_leads):,} leads would only qualify "
                             "below today's threshold and there are too few worked MQLs to project their outcome")
            else:
                parts.append(f"{int(row.unobserved_leads):,} of {int(row.rate_leads):,} leads were never worked "
                             "(below today's threshold): their outcome is projected from fit and engagement")
        if pd.isna(row.bdr_count):
            parts.append("no sales_capacity row in effect for the segment")
        notes.append("; ".join(parts) or None)
    out["projection_note"] = notes

    out["is_recommended"] = False
    out["recommended_threshold"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["recommendation_reason"] = None
    target = _pct(settings.min_sal_acceptance)
    for segment, seg in out.groupby("segment", sort=True):
        current = int(seg["current_mql_threshold"].iloc[0])
        ok = seg[(seg["meets_acceptance_target"] == True) & (seg["fits_capacity"] == True)]  # noqa: E712
        if len(ok):
            best = ok.sort_values("mql_threshold").iloc[0]
            t = int(best["mql_threshold"])
            out.loc[best.name, "is_recommended"] = True
            move = ("the current threshold" if t == current
                    else f"{'lower' if t < current else 'higher'} than the current {current}")
            reason = (f"{t} ({move}) is the lowest threshold whose projected SAL acceptance "
                      f"({_pct(best['projected_sal_acceptance_rate'])}) reaches the {target} target while "
                      f"{best['projected_mqls_per_bdr_per_month']:.0f} MQLs per BDR per month "
                      f"({best['projected_mqls_per_month']:.0f} per month, {int(best['bdr_count'])} BDRs) fit the "
                      f"capacity of {int(best['mqls_per_bdr_capacity'])}")
            rate = best["projected_mql_to_sql_rate"]
            if pd.notna(rate):
                reason += f"; projected MQL->SQL {_pct(rate)}"
            out.loc[seg.index, "recommended_threshold"] = t
        elif seg["bdr_count"].isna().all():
            reason = "no recommendation: seed sales_capacity has no row in effect for this segment at as_of"
        elif seg["projected_sal_acceptance_rate"].isna().all():
            reason = ("no recommendation: too few worked MQLs with a sales decision in the training window "
                      "to project SAL acceptance")
        else:
            acc = seg[seg["meets_acceptance_target"] == True]  # noqa: E712
            fit = seg[seg["fits_capacity"] == True]  # noqa: E712
            best_acc = seg.loc[seg["projected_sal_acceptance_rate"].idxmax()]
            reason = (f"no recommendation: no threshold from {int(seg['mql_threshold'].min())} to "
                      f"{int(seg['mql_threshold'].max())} has both projected SAL acceptance of at least {target} "
                      f"and volume within BDR capacity (best acceptance {_pct(best_acc['projected_sal_acceptance_rate'])} "
                      f"at {int(best_acc['mql_threshold'])}")
            reason += (f"; capacity fits from {int(fit['mql_threshold'].min())}" if len(fit)
                       else "; no threshold fits capacity: add BDRs (seed sales_capacity)")
            reason += (f"; the target is reached from {int(acc['mql_threshold'].min())})" if len(acc) else ")")
        out.loc[seg.index, "recommendation_reason"] = reason

    out["threshold_curve_id"] = out["threshold_grid_id"]
    for col in ("mql_threshold", "current_mql_threshold", "volume_months", "bdr_count", "mqls_per_bdr_capacity"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("Float64").round().astype("Int64")
    out["rate_leads"] = out["rate_leads"].astype("int64")
    out["is_current_threshold"] = out["is_current_threshold"].astype(bool)
    out["is_recommended"] = out["is_recommended"].astype(bool)
    for col in ("projected_mqls_per_month", "projected_mqls_per_bdr_per_month", "capacity_utilisation"):
        out[col] = out[col].astype(float)
    for col in ("threshold_curve_id", "segment", "recommendation_reason", "projection_note"):
        out[col] = out[col].astype(object)
    return out[CURVE_COLUMNS].reset_index(drop=True)
