"""Buy-till-you-die models for non-contractual customers, fitted by maximum likelihood.

- BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way") for the purchase process:
  expected purchases in a future period and the probability a customer is still alive.
- Gamma-Gamma (Fader & Hardie 2013, "The Gamma-Gamma model of monetary value") for spend per purchase.

Inputs follow the usual summary: ``frequency`` = repeat purchase periods (distinct purchase days - 1),
``recency`` = time from the first to the last purchase, ``T`` = time from the first purchase to the
end of observation, in one time unit, and ``monetary_value`` = mean spend of the repeat purchases.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, gammaln, hyp2f1


def _as_arrays(*values: object) -> list[np.ndarray]:
    return [np.asarray(v, dtype=float) for v in values]


@dataclass
class BetaGeoModel:
    """BG/NBD. Parameters ``r, alpha, a, b`` after ``fit``; ``log_likelihood_`` is the total."""

    penalizer: float = 0.0
    r: float = np.nan
    alpha: float = np.nan
    a: float = np.nan
    b: float = np.nan
    log_likelihood_: float = np.nan

    @staticmethod
    def _log_likelihood(params: np.ndarray, x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> np.ndarray:
        r, alpha, a, b = params
        a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
        a2 = betaln(a, b + x) - betaln(a, b)
        a3 = -(r + x) * np.log(alpha + T)
        with np.errstate(divide="ignore", invalid="ignore"):
            a4 = np.where(
                x > 0,
                np.log(a) - np.log(np.maximum(b + x - 1, 1e-12)) - (r + x) * np.log(alpha + t_x),
                -np.inf,
            )
        return a1 + a2 + np.logaddexp(a3, a4)

    def fit(self, frequency: object, recency: object, T: object) -> BetaGeoModel:
        x, t_x, big_t = _as_arrays(frequency, recency, T)
        if len(x) == 0:
            raise ValueError("BG/NBD needs at least one customer")
        scale = 10.0 / max(big_t.max(), 1e-9)  # fit on a well-conditioned time scale, as lifetimes does
        t_x_s, big_t_s = t_x * scale, big_t * scale

        def objective(log_params: np.ndarray) -> float:
            params = np.exp(log_params)
            penalty = self.penalizer * float((params**2).sum())
            return -float(self._log_likelihood(params, x, t_x_s, big_t_s).sum()) / len(x) + penalty

        # Bounded: far out (a, b above e^8) the beta-function differences lose precision and would
        # report spurious gains.
        bounds = [(-8.0, 8.0)] * 4
        best = None
        for start in (np.zeros(4), np.log([0.5, 1.0, 1.0, 1.0]), np.log([1.0, 5.0, 0.5, 2.0])):
            result = minimize(objective, start, method="L-BFGS-B", bounds=bounds, options={"maxiter": 5000})
            if best is None or result.fun < best.fun:
                best = result
        r, alpha, a, b = np.exp(best.x)
        self.r, self.alpha, self.a, self.b = float(r), float(alpha / scale), float(a), float(b)
        self.log_likelihood_ = float(self._log_likelihood(self.params, x, t_x, big_t).sum())
        return self

    @property
    def params(self) -> np.ndarray:
        return np.array([self.r, self.alpha, self.a, self.b])

    def probability_alive(self, frequency: object, recency: object, T: object) -> np.ndarray:
        x, t_x, big_t = _as_arrays(frequency, recency, T)
        r, alpha, a, b = self.params
        with np.errstate(divide="ignore", invalid="ignore"):
            log_ratio = (
                np.log(a)
                - np.log(np.maximum(b + x - 1, 1e-12))
                + (r + x) * (np.log(alpha + big_t) - np.log(alpha + t_x))
            )
        return np.where(x > 0, 1.0 / (1.0 + np.exp(log_ratio)), 1.0)

    def expected_purchases(self, t: float, frequency: object, recency: object, T: object) -> np.ndarray:
        """Expected purchases in the next ``t`` periods, given each customer's history."""
        x, t_x, big_t = _as_arrays(frequency, recency, T)
        r, alpha, a, b = self.params
        z = t / (alpha + big_t + t)
        hyp = hyp2f1(r + x, b + x, a + b + x - 1, z)
        first = (a + b + x - 1) / (a - 1) * (1 - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x) * hyp)
        with np.errstate(divide="ignore", invalid="ignore"):
            second = np.where(
                x > 0, a / np.maximum(b + x - 1, 1e-12) * ((alpha + big_t) / (alpha + t_x)) ** (r + x), 0.0
            )
        return first / (1 + second)


@dataclass
class GammaGammaModel:
    """Gamma-Gamma spend model. Parameters ``p, q, v`` after ``fit`` (customers with frequency > 0)."""

    penalizer: float = 0.0
    p: float = np.nan
    q: float = np.nan
    v: float = np.nan
    log_likelihood_: float = np.nan

    @staticmethod
    def _log_likelihood(params: np.ndarray, x: np.ndarray, m: np.ndarray) -> np.ndarray:
        p, q, v = params
        return (
            gammaln(p * x + q)
            - gammaln(p * x)
            - gammaln(q)
            + q * np.log(v)
            + (p * x - 1) * np.log(m)
            + p * x * np.log(x)
            - (p * x + q) * np.log(v + x * m)
        )

    def fit(self, frequency: object, monetary_value: object) -> GammaGammaModel:
        x, m = _as_arrays(frequency, monetary_value)
        keep = (x > 0) & (m > 0)
        x, m = x[keep], m[keep]
        if len(x) < 3:
            raise ValueError("Gamma-Gamma needs customers with repeat purchases and positive spend")
        scale = 10.0 / m.max()
        m_s = m * scale

        def objective(log_params: np.ndarray) -> float:
            params = np.exp(log_params)
            penalty = self.penalizer * float((params**2).sum())
            return -float(self._log_likelihood(params, x, m_s).sum()) / len(x) + penalty

        bounds = [(-8.0, 8.0)] * 3
        best = None
        for start in (np.zeros(3), np.log([2.0, 2.0, 1.0]), np.log([6.0, 4.0, 2.0])):
            result = minimize(objective, start, method="L-BFGS-B", bounds=bounds, options={"maxiter": 5000})
            if best is None or result.fun < best.fun:
                best = result
        p, q, v = np.exp(best.x)
        self.p, self.q, self.v = float(p), float(q), float(v / scale)
        self.log_likelihood_ = float(self._log_likelihood(np.array([self.p, self.q, self.v]), x, m).sum())
        return self

    def expected_average_spend(self, frequency: object, monetary_value: object) -> np.ndarray:
        """E[spend per purchase | history]; the population mean for customers without repeat purchases."""
        x, m = _as_arrays(frequency, monetary_value)
        population = self.p * self.v / (self.q - 1)
        with np.errstate(divide="ignore", invalid="ignore"):
            conditional = (self.v + x * m) * self.p / (self.p * x + self.q - 1)
        return np.where(x > 0, conditional, population)
