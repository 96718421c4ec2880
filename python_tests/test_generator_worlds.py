"""The generator's worlds (lead_funnel/generator/worlds.py): `hidden_signals` moves the planted
propensity by the lead source and job-title words no shipped rule uses, and nothing else."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lead_funnel.generate import generate
from lead_funnel.generator.constants import PROPENSITY_NOISE_SD
from lead_funnel.generator.worlds import HIDDEN_SOURCE_EFFECT, HIDDEN_TITLE_WORD_EFFECT, extra_logit


def _logit(p):
    return np.log(p / (1 - p))


def test_hidden_signals_adds_source_and_title_word_effects_only(tmp_path):
    frames = {}
    for world in ("planted", "hidden_signals"):
        out = tmp_path / world
        generate(out, leads=600, seed=3, end_date="2026-11-22", progress=False, world=world)
        truth = pd.read_parquet(out / "_truth" / "lead_propensity.parquet")
        leads = pd.read_parquet(out / "leads.parquet", columns=["lead_id", "lead_source", "job_title"])
        frames[world] = truth.merge(leads, on="lead_id")
    planted, hidden = frames["planted"], frames["hidden_signals"]
    # same draws: the same leads, sources and titles
    assert planted[["lead_id", "lead_source", "job_title"]].equals(hidden[["lead_id", "lead_source", "job_title"]])
    words = hidden["job_title"].str.lower().str.findall(r"[a-z0-9]+").map(set)
    expected = (hidden["lead_source"].map(HIDDEN_SOURCE_EFFECT).fillna(0.0)
                + words.map(lambda ws: sum(e for w, e in HIDDEN_TITLE_WORD_EFFECT.items() if w in ws)))
    shift = _logit(hidden["propensity"].to_numpy()) - _logit(planted["propensity"].to_numpy())
    assert shift == pytest.approx(expected.to_numpy(), abs=1e-6)
    assert (expected != 0).mean() > 0.2  # the signal touches many leads
    # the truth's propensity without its noise term moves by the same shift: only the noise differs
    shift_without_noise = (_logit(hidden["propensity_without_noise"].to_numpy())
                           - _logit(planted["propensity_without_noise"].to_numpy()))
    assert shift_without_noise == pytest.approx(expected.to_numpy(), abs=1e-6)
    for frame in (planted, hidden):
        noise = _logit(frame["propensity"].to_numpy()) - _logit(frame["propensity_without_noise"].to_numpy())
        # the per-lead noise N(0, PROPENSITY_NOISE_SD) and nothing else
        assert abs(noise.mean()) < 0.1 and noise.std() == pytest.approx(PROPENSITY_NOISE_SD, rel=0.1)


def test_unknown_world_is_refused():
    with pytest.raises(ValueError, match="unknown world"):
        extra_logit("nowhere", np.zeros(1, int), np.zeros(1, int), ["CEO"])
