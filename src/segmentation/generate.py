"""Demo data generator: a B2B SaaS customer base with planted behavioral archetypes.

Writes the nine raw tables of the data contract into one folder (parquet by
default, CSV with ``--format csv``) and the planted truth into a separate folder
that no model reads.

Usage::

    python -m segmentation.generate --accounts 4200 --seed 42 --out data/raw --truth data/truth

Accounts are generated in fixed-size chunks and streamed to the output files, so
memory stays bounded however many accounts are asked for. The same seed gives
the same data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from segmentation.archetypes import (
    ARCHETYPES,
    CHANNELS,
    FIRMOGRAPHIC_SEGMENTS,
    MESSAGE_ANGLES,
    OFFERS,
    THEME_SENTENCES,
)

CHUNK_ACCOUNTS = 10_000
HISTORY_DAYS = 730
FUTURE_DAYS = 180  # simulated beyond the end for the truth file only
DEFAULT_END_DATE = dt.date(2026, 9, 30)
US_PER_DAY = 86_400_000_000

# Ordered from basic to advanced: an account with breadth b uses the first
# round(b * len) entries. Must stay a subset of seeds/event_catalog.csv.
EVENT_NAMES = (
    "login",
    "dashboard_viewed",
    "report_viewed",
    "record_created",
    "record_updated",
    "search_performed",
    "report_created",
    "comment_added",
    "file_uploaded",
    "import_completed",
    "dashboard_created",
    "user_invited",
    "integration_connected",
    "workflow_created",
    "workflow_run",
    "export_completed",
    "api_call",
    "webhook_configured",
    "permission_changed",
    "sso_configured",
)
UNKNOWN_EVENT_NAME = "legacy_ping"  # not in the catalog: staging maps it to `other`

INDUSTRIES = ("Software", "Financial Services", "Healthcare", "Retail", "Manufacturing", "Education", "Media")
COUNTRIES = ("US", "GB", "DE", "FR", "CA", "AU", "NL")
CALLING_CODES = {"US": "1", "GB": "44", "DE": "49", "FR": "33", "CA": "1", "AU": "61", "NL": "31"}
FIRST_NAMES = ("alex", "sam", "maria", "li", "noah", "emma", "omar", "sofia", "lukas", "yuki", "priya", "john")
LAST_NAMES = ("smith", "garcia", "chen", "muller", "dubois", "khan", "rossi", "tanaka", "jones", "novak")
BASE_SEATS = {"SMB": 6.0, "Mid-Market": 30.0, "Enterprise": 140.0}
EMPLOYEES = {"SMB": (5, 100), "Mid-Market": (100, 1000), "Enterprise": (1000, 20000)}
LIST_PRICE_PER_SEAT = {"SMB": 25.0, "Mid-Market": 40.0, "Enterprise": 55.0}
PLANS = {"SMB": "starter", "Mid-Market": "growth", "Enterprise": "enterprise"}

SCHEMAS: dict[str, pa.Schema] = {
    "accounts": pa.schema(
        [
            ("account_id", pa.string()),
            ("crm_account_id", pa.string()),
            ("account_name", pa.string()),
            ("industry", pa.string()),
            ("employee_count", pa.int32()),
            ("firmographic_segment", pa.string()),
            ("country", pa.string()),
            ("created_at", pa.timestamp("us")),
        ]
    ),
    "contacts": pa.schema(
        [
            ("contact_id", pa.string()),
            ("account_id", pa.string()),
            ("email", pa.string()),
            ("phone", pa.string()),
            ("marketing_opt_in", pa.bool_()),
            ("created_at", pa.timestamp("us")),
        ]
    ),
    "events": pa.schema(
        [
            ("event_id", pa.string()),
            ("account_id", pa.string()),
            ("user_id", pa.string()),
            ("event_name", pa.string()),
            ("occurred_at", pa.timestamp("us")),
            ("session_id", pa.string()),
        ]
    ),
    "transactions": pa.schema(
        [
            ("transaction_id", pa.string()),
            ("account_id", pa.string()),
            ("occurred_at", pa.timestamp("us")),
            ("transaction_type", pa.string()),
            ("amount", pa.decimal128(18, 2)),
            ("currency", pa.string()),
            ("discount_amount", pa.decimal128(18, 2)),
            ("plan", pa.string()),
            ("seats", pa.int32()),
        ]
    ),
    "subscriptions": pa.schema(
        [
            ("subscription_id", pa.string()),
            ("account_id", pa.string()),
            ("mrr", pa.decimal128(18, 2)),
            ("started_at", pa.timestamp("us")),
            ("ended_at", pa.timestamp("us")),
            ("plan", pa.string()),
            ("seats", pa.int32()),
            ("cancel_reason", pa.string()),
        ]
    ),
    "support_tickets": pa.schema(
        [
            ("ticket_id", pa.string()),
            ("account_id", pa.string()),
            ("opened_at", pa.timestamp("us")),
            ("resolved_at", pa.timestamp("us")),
            ("severity", pa.string()),
            ("csat", pa.int32()),
            ("sentiment", pa.float64()),
            ("subject", pa.string()),
        ]
    ),
    "campaigns": pa.schema(
        [
            ("campaign_id", pa.string()),
            ("campaign_name", pa.string()),
            ("channel", pa.string()),
            ("offer", pa.string()),
            ("message_angle", pa.string()),
            ("spend", pa.decimal128(18, 2)),
            ("started_at", pa.timestamp("us")),
        ]
    ),
    "campaign_touches": pa.schema(
        [
            ("touch_id", pa.string()),
            ("campaign_id", pa.string()),
            ("account_id", pa.string()),
            ("contact_id", pa.string()),
            ("sent_at", pa.timestamp("us")),
            ("opened_at", pa.timestamp("us")),
            ("clicked_at", pa.timestamp("us")),
            ("converted_at", pa.timestamp("us")),
            ("cost", pa.decimal128(18, 2)),
        ]
    ),
    "feedback": pa.schema(
        [
            ("feedback_id", pa.string()),
            ("account_id", pa.string()),
            ("contact_id", pa.string()),
            ("source", pa.string()),
            ("submitted_at", pa.timestamp("us")),
            ("score", pa.int32()),
            ("text", pa.string()),
        ]
    ),
}

TRUTH_SCHEMA = pa.schema(
    [
        ("account_id", pa.string()),
        ("archetype", pa.string()),
        ("firmographic_segment", pa.string()),
        ("churned_at", pa.timestamp("us")),
        ("is_churned_by_end", pa.bool_()),
        ("churns_within_90d_after_end", pa.bool_()),
    ]
)


@dataclass(frozen=True)
class GeneratorConfig:
    accounts: int = 4200
    seed: int = 42
    end_date: dt.date = DEFAULT_END_DATE
    campaigns: int = 48
    campaign_reach: float = 0.18


# --------------------------------------------------------------------------- helpers


def _ids(prefix: str, numbers: np.ndarray, width: int = 7) -> pa.Array:
    """Vectorized ``f"{prefix}{n:0{width}d}"``."""
    text = pc.cast(pa.array(numbers, type=pa.int64()), pa.string())
    padded = pc.utf8_lpad(text, width=width, padding="0")
    return pc.binary_join_element_wise(pa.scalar(prefix), padded, "")


def _pick(names: tuple[str, ...], index: np.ndarray) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(index, type=pa.int32()), pa.array(names)).cast(pa.string())


def _money(values: np.ndarray) -> pa.Array:
    """Exact decimal(18, 2) from float amounts: round to cents, then lay the cents out as 128-bit integers."""
    cents = np.round(np.asarray(values, dtype=float) * 100).astype(np.int64)
    words = np.empty((len(cents), 2), dtype=np.int64)
    words[:, 0] = cents
    words[:, 1] = np.where(cents < 0, -1, 0)
    return pa.Array.from_buffers(pa.decimal128(18, 2), len(cents), [None, pa.py_buffer(words.tobytes())])


def _ts(epoch_us: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    arr = np.asarray(epoch_us, dtype=np.int64)
    mask = None if valid is None else ~np.asarray(valid, dtype=bool)
    return pa.array(arr, type=pa.int64(), mask=mask).cast(pa.timestamp("us"))


class _TableWriter:
    """Appends record batches to one file per table (parquet or CSV)."""

    def __init__(self, out: Path, fmt: str) -> None:
        self.out = out
        self.fmt = fmt
        self.writers: dict[str, object] = {}
        self.rows: dict[str, int] = {}

    def write(self, name: str, columns: dict[str, pa.Array]) -> None:
        schema = SCHEMAS[name]
        table = pa.table([columns[f.name].cast(f.type) for f in schema], schema=schema)
        writer = self.writers.get(name)
        if writer is None:
            path = self.out / f"{name}.{self.fmt}"
            if self.fmt == "parquet":
                writer = pq.ParquetWriter(path, schema, compression="zstd")
            else:
                writer = pacsv.CSVWriter(path, schema)
            self.writers[name] = writer
        writer.write_table(table)
        self.rows[name] = self.rows.get(name, 0) + table.num_rows

    def close(self) -> None:
        for name in SCHEMAS:  # every table exists, even when empty
            if name not in self.writers:
                self.write(name, {f.name: pa.array([], type=f.type) for f in SCHEMAS[name]})
        for writer in self.writers.values():
            writer.close()


def _end_us(cfg: GeneratorConfig) -> int:
    """Microseconds since the epoch at the end (exclusive) of the last history day, UTC."""
    end = dt.datetime.combine(cfg.end_date, dt.time(), tzinfo=dt.UTC) + dt.timedelta(days=1)
    return int(end.timestamp()) * 1_000_000


# --------------------------------------------------------------------------- campaigns


def _campaign_plan(cfg: GeneratorConfig) -> dict[str, np.ndarray]:
    rng = np.random.default_rng([cfg.seed, 7])
    n = cfg.campaigns
    # Cycle through channels, offers and angles so every tactic is tried on every archetype.
    channel = np.arange(n) % len(CHANNELS)
    offer = (np.arange(n) * 5 // 3) % len(OFFERS)
    angle = (np.arange(n) * 3 // 2 + np.arange(n) // len(CHANNELS)) % len(MESSAGE_ANGLES)
    start_day = np.sort(rng.integers(30, HISTORY_DAYS - 20, size=n))
    spend = np.round(rng.uniform(2_000, 25_000, size=n), 2)
    return {"channel": channel, "offer": offer, "angle": angle, "start_day": start_day, "spend": spend}


ONBOARDING_OFFSETS = (3, 10, 21)  # days after an account's creation
TOUCH_IDS_PER_ACCOUNT = 32  # touch ids reserved per account of a chunk (campaigns x reach + onboarding)


def _onboarding_plan() -> dict[str, np.ndarray]:
    """The onboarding campaigns: lcm(channels, offers) of them, so that each channel meets every offer and
    the message angles come round in turn."""
    n = int(np.lcm(len(CHANNELS), len(OFFERS)))
    j = np.arange(n)
    return {
        "channel": j % len(CHANNELS),
        "offer": j % len(OFFERS),
        "angle": j % len(MESSAGE_ANGLES),
        "spend": np.full(n, 1_500.0),
    }


def _tactic_multipliers() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Response multipliers per archetype and tactic; the planted best tactic gets 3x."""
    ch = np.full((len(ARCHETYPES), len(CHANNELS)), 0.8)
    of = np.full((len(ARCHETYPES), len(OFFERS)), 0.8)
    an = np.full((len(ARCHETYPES), len(MESSAGE_ANGLES)), 0.8)
    for i, a in enumerate(ARCHETYPES):
        ch[i, CHANNELS.index(a.best_tactic["channel"])] = 3.0
        of[i, OFFERS.index(a.best_tactic["offer"])] = 3.0
        an[i, MESSAGE_ANGLES.index(a.best_tactic["message_angle"])] = 3.0
    return ch, of, an


# --------------------------------------------------------------------------- one chunk


def _generate_chunk(cfg: GeneratorConfig, chunk: int, first: int, n: int, writer: _TableWriter) -> pa.Table:
    """Generate ``n`` accounts and all their rows; write them and return the planted truth."""
    rng = np.random.default_rng([cfg.seed, chunk])
    end_us = _end_us(cfg)
    start_us = end_us - HISTORY_DAYS * US_PER_DAY
    account_no = np.arange(first, first + n)
    account_id = _ids("A", account_no)

    # -- archetype and firmographics
    shares = np.array([a.share for a in ARCHETYPES])
    arch = rng.choice(len(ARCHETYPES), size=n, p=shares / shares.sum())
    seg = np.empty(n, dtype=np.int64)
    for i, a in enumerate(ARCHETYPES):
        m = arch == i
        p = np.array([a.firmographic_mix[s] for s in FIRMOGRAPHIC_SEGMENTS])
        seg[m] = rng.choice(len(FIRMOGRAPHIC_SEGMENTS), size=int(m.sum()), p=p / p.sum())
    seg_names = np.array(FIRMOGRAPHIC_SEGMENTS)[seg]
    country = rng.integers(0, len(COUNTRIES), size=n)
    industry = rng.integers(0, len(INDUSTRIES), size=n)
    lo = np.array([EMPLOYEES[s][0] for s in FIRMOGRAPHIC_SEGMENTS])[seg]
    hi = np.array([EMPLOYEES[s][1] for s in FIRMOGRAPHIC_SEGMENTS])[seg]
    employees = np.exp(rng.uniform(np.log(lo), np.log(hi))).astype(np.int64)

    P = {
        k: np.array([getattr(a, k) for a in ARCHETYPES])[arch]
        for k in vars(ARCHETYPES[0])
        if k not in ("name", "share", "firmographic_mix", "best_tactic", "themes")
    }

    def jitter(x: np.ndarray, sd: float = 0.25) -> np.ndarray:
        return x * rng.lognormal(0.0, sd, size=x.shape)

    is_new = arch == [a.name for a in ARCHETYPES].index("new_onboarding")
    # created (day index relative to history start; negative = before the history window)
    created_day = rng.integers(-1200, HISTORY_DAYS - 240, size=n)
    created_day[is_new] = rng.integers(HISTORY_DAYS - 80, HISTORY_DAYS - 5, size=int(is_new.sum()))
    total_days = HISTORY_DAYS + FUTURE_DAYS

    # -- churn schedule (day index; > HISTORY_DAYS means after the end)
    months = total_days / 30.4
    hazard = P["churn_hazard"]
    churn_day = np.where(
        rng.random(n) < 1 - (1 - hazard) ** months,
        rng.integers(0, total_days, size=n),
        10**6,
    )
    decline_start = np.full(n, 10**6)
    is_decliner = arch == [a.name for a in ARCHETYPES].index("at_risk_decliner")
    nd = int(is_decliner.sum())
    decline_start[is_decliner] = rng.integers(HISTORY_DAYS - 420, HISTORY_DAYS - 15, size=nd)
    churn_day[is_decliner] = decline_start[is_decliner] + rng.integers(90, 260, size=nd)
    # every churner declines before leaving: behavior, not firmographics, predicts churn
    other = ~is_decliner & (churn_day < 10**6)
    decline_start[other] = churn_day[other] - rng.integers(45, 120, size=int(other.sum()))
    churn_day = np.maximum(churn_day, created_day + 45)
    decline_start = np.maximum(decline_start, created_day + 20)

    # -- seats and MRR per month (subscription versions change when seats change)
    n_months = int(np.ceil(HISTORY_DAYS / 30.4)) + 1
    base_seats = np.maximum(1, np.round(jitter(np.array([BASE_SEATS[s] for s in seg_names]), 0.4)))
    month_day = np.arange(n_months) * 30.4
    exp_events = rng.random((n, n_months)) < P["expansion_rate"][:, None]
    con_events = rng.random((n, n_months)) < (
        P["contraction_rate"][:, None] + 0.04 * (month_day[None, :] > decline_start[:, None])
    )
    step = np.where(exp_events, rng.uniform(1.1, 1.35, size=(n, n_months)), 1.0)
    step = np.where(con_events & ~exp_events, rng.uniform(0.75, 0.92, size=(n, n_months)), step)
    step[:, 0] = 1.0
    seats_path = np.maximum(1, np.round(base_seats[:, None] * np.cumprod(step, axis=1))).astype(np.int64)
    price = np.array([LIST_PRICE_PER_SEAT[s] for s in seg_names])
    discount_share = np.clip(jitter(P["discount_share"], 0.3), 0, 0.6)

    # ---------------------------------------------------------------- accounts
    names = pc.binary_join_element_wise(
        _pick(
            ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell"), account_no % 9
        ),
        pc.cast(pa.array(account_no), pa.string()),
        " ",
    )
    writer.write(
        "accounts",
        {
            "account_id": account_id,
            "crm_account_id": _ids("001CRM", account_no, 9),
            "account_name": names,
            "industry": _pick(INDUSTRIES, industry),
            "employee_count": pa.array(employees, type=pa.int32()),
            "firmographic_segment": pa.array(seg_names),
            "country": _pick(COUNTRIES, country),
            "created_at": _ts(start_us + created_day * US_PER_DAY + rng.integers(0, US_PER_DAY, size=n)),
        },
    )

    # ---------------------------------------------------------------- contacts
    n_contacts = 1 + rng.poisson(np.where(seg == 2, 2.5, np.where(seg == 1, 1.5, 0.6)))
    c_acc = np.repeat(np.arange(n), n_contacts)
    m = len(c_acc)
    c_no = np.cumsum(np.ones(m, dtype=np.int64)) - 1 + first * 8
    first_name = rng.integers(0, len(FIRST_NAMES), size=m)
    last_name = rng.integers(0, len(LAST_NAMES), size=m)
    local = pc.binary_join_element_wise(_pick(FIRST_NAMES, first_name), _pick(LAST_NAMES, last_name), ".")
    domain = pc.binary_join_element_wise(pa.scalar("acct"), pc.cast(pa.array(account_no[c_acc]), pa.string()), "")
    email = pc.binary_join_element_wise(local, pc.binary_join_element_wise(domain, pa.scalar("example.com"), "."), "@")
    # some raw emails arrive with capitals and stray spaces, as CRMs deliver them
    messy = rng.random(m) < 0.15
    email = pc.if_else(pa.array(messy), pc.binary_join_element_wise(pa.scalar(" "), pc.utf8_upper(email), ""), email)
    c_country = country[c_acc]
    local_no = rng.integers(2_000_000, 9_999_999, size=m)
    phone = pc.binary_join_element_wise(
        pc.binary_join_element_wise(pa.scalar("+"), _pick(tuple(CALLING_CODES[c] for c in COUNTRIES), c_country), ""),
        pc.binary_join_element_wise(
            pc.cast(pa.array(rng.integers(20, 99, size=m)), pa.string()),
            pc.cast(pa.array(local_no), pa.string()),
            " ",
        ),
        " ",
    )
    has_phone = rng.random(m) < 0.7
    writer.write(
        "contacts",
        {
            "contact_id": _ids("C", c_no, 9),
            "account_id": account_id.take(pa.array(c_acc)),
            "email": email,
            "phone": pc.if_else(pa.array(has_phone), phone, pa.nulls(m, pa.string())),
            "marketing_opt_in": pa.array(rng.random(m) < 0.6),
            "created_at": _ts(start_us + (created_day[c_acc] + rng.integers(0, 30, size=m)) * US_PER_DAY),
        },
    )
    first_contact = np.concatenate([[0], np.cumsum(n_contacts)[:-1]])

    # ---------------------------------------------------------------- events
    day = np.arange(HISTORY_DAYS)
    alive = (day[None, :] >= created_day[:, None]) & (day[None, :] < churn_day[:, None])
    growth = P["usage_growth"][:, None] ** ((day[None, :] - HISTORY_DAYS / 2) / HISTORY_DAYS)
    decline = np.clip(1 - (day[None, :] - decline_start[:, None]) / 150.0, 0.05, 1.0)
    onboarding = np.where(is_new[:, None], np.clip((day[None, :] - created_day[:, None]) / 20.0, 0.3, 1.0), 1.0)
    weekday = np.where((day % 7) >= 5, 0.35, 1.15)[None, :]
    p_active = np.clip(jitter(P["p_active"])[:, None] * growth * decline * onboarding * weekday, 0, 0.95)
    active = alive & (rng.random((n, HISTORY_DAYS)) < p_active)
    del growth, decline, onboarding, p_active
    epd = jitter(P["events_per_active_day"], 0.2)
    counts = np.where(active, rng.poisson(np.broadcast_to(np.maximum(epd - 1, 0)[:, None], active.shape)) + 1, 0)
    del active
    e_acc, e_day = np.nonzero(counts)
    reps = counts[e_acc, e_day]
    del counts
    e_acc = np.repeat(e_acc, reps)
    e_day = np.repeat(e_day, reps)
    ne = len(e_acc)
    breadth_n = np.clip(np.round(jitter(P["breadth"], 0.15) * len(EVENT_NAMES)), 2, len(EVENT_NAMES)).astype(int)
    ev = (rng.random(ne) * breadth_n[e_acc]).astype(np.int64)
    names_all = EVENT_NAMES + (UNKNOWN_EVENT_NAME,)
    ev[rng.random(ne) < 0.01] = len(EVENT_NAMES)
    n_users = np.maximum(1, np.round(base_seats * np.clip(jitter(P["users_per_seat"], 0.2), 0.05, 1.0))).astype(int)
    user_no = (rng.random(ne) * n_users[e_acc]).astype(np.int64)
    occurred = start_us + e_day * US_PER_DAY + rng.integers(6 * 3600, 20 * 3600, size=ne) * 1_000_000
    event_no = np.arange(ne, dtype=np.int64) + first * 10_000
    writer.write(
        "events",
        {
            "event_id": _ids("E", event_no + chunk * 10**9, 12),
            "account_id": account_id.take(pa.array(e_acc)),
            "user_id": pc.binary_join_element_wise(
                account_id.take(pa.array(e_acc)), pc.cast(pa.array(user_no), pa.string()), "-U"
            ),
            "event_name": _pick(names_all, ev),
            "occurred_at": _ts(occurred),
            "session_id": _ids("S", (account_no[e_acc] * HISTORY_DAYS + e_day) * 4 + user_no % 4, 12),
        },
    )
    del e_acc, e_day, ev, user_no, occurred, event_no

    # ---------------------------------------------------------------- subscriptions
    alive_month = (month_day[None, :] >= created_day[:, None]) & (month_day[None, :] < churn_day[:, None])
    alive_month |= (
        (month_day[None, :] < created_day[:, None] + 30.4)
        & (month_day[None, :] + 30.4 > created_day[:, None])
        & (created_day[:, None] < churn_day[:, None])
    )
    change = np.zeros_like(alive_month)
    change[:, 1:] = seats_path[:, 1:] != seats_path[:, :-1]
    first_alive = alive_month & ~np.concatenate([np.zeros((n, 1), bool), alive_month[:, :-1]], axis=1)
    version_start = alive_month & (change | first_alive)
    s_acc, s_month = np.nonzero(version_start)
    ns = len(s_acc)
    s_start_day = np.maximum(month_day[s_month], created_day[s_acc]).astype(np.int64)
    s_start_day = np.where(first_alive[s_acc, s_month], created_day[s_acc], s_start_day)
    # a version ends where the next one of the same account starts, or at churn
    next_same = np.concatenate([s_acc[1:] == s_acc[:-1], [False]])
    next_start = np.concatenate([s_start_day[1:], [0]])
    churn_in_hist = churn_day[s_acc] < HISTORY_DAYS
    s_end_day = np.where(next_same, next_start, np.where(churn_in_hist, churn_day[s_acc], -1))
    s_seats = seats_path[s_acc, s_month]
    s_mrr = np.round(s_seats * price[s_acc] * (1 - discount_share[s_acc]), 2)
    s_start_day = np.maximum(s_start_day, -HISTORY_DAYS * 3)
    cancel = np.where(
        ~next_same & churn_in_hist,
        np.array(["price", "missing_features", "switched_competitor", "poor_support", "budget_cut"])[
            rng.integers(0, 5, size=ns)
        ],
        None,
    )
    writer.write(
        "subscriptions",
        {
            "subscription_id": _ids("SUB", np.arange(ns) + first * 20, 10),
            "account_id": account_id.take(pa.array(s_acc)),
            "mrr": _money(s_mrr),
            "started_at": _ts(start_us + s_start_day * US_PER_DAY),
            "ended_at": _ts(start_us + s_end_day * US_PER_DAY, s_end_day >= 0),
            "plan": pa.array(np.array([PLANS[s] for s in FIRMOGRAPHIC_SEGMENTS])[seg[s_acc]]),
            "seats": pa.array(s_seats, type=pa.int32()),
            "cancel_reason": pa.array(cancel, type=pa.string()),
        },
    )

    # ---------------------------------------------------------------- transactions
    # billing: monthly for SMB and Mid-Market, annual for Enterprise, on each alive month in the window
    billed = alive_month & (month_day[None, :] >= 0)
    annual = seg == 2
    months_since = np.floor((month_day[None, :] - created_day[:, None]) / 30.4)
    billed &= ~annual[:, None] | (np.mod(months_since, 12) == 0)
    t_acc, t_month = np.nonzero(billed)
    nt = len(t_acc)
    period = np.where(annual[t_acc], 12, 1)
    list_amount = seats_path[t_acc, t_month] * price[t_acc] * period
    t_disc = np.round(list_amount * discount_share[t_acc], 2)
    t_type = np.where(first_alive[t_acc, t_month], 1, 2)  # new_subscription / renewal
    t_day = np.maximum(month_day[t_month], created_day[t_acc]).astype(np.int64)
    t_day = np.minimum(t_day, HISTORY_DAYS - 1)
    # expansions and contractions as their own transactions
    x_acc, x_month = np.nonzero(change & alive_month)
    x_delta = (seats_path[x_acc, x_month] - seats_path[x_acc, x_month - 1]) * price[x_acc]
    x_type = np.where(x_delta > 0, 3, 4)
    x_amount = np.where(x_delta > 0, x_delta * (1 - discount_share[x_acc]), 0.0)
    x_day = np.minimum(month_day[x_month].astype(np.int64) + 3, HISTORY_DAYS - 1)
    # one-off add-on purchases and refunds
    addon = alive_month & (rng.random((n, n_months)) < P["addon_rate"][:, None])
    a_acc, a_month = np.nonzero(addon)
    a_amount = np.round(rng.gamma(2.0, 150.0, size=len(a_acc)) * (1 + (seg[a_acc] == 2)), 2)
    a_day = np.minimum(month_day[a_month].astype(np.int64) + rng.integers(0, 28, size=len(a_acc)), HISTORY_DAYS - 1)
    refund = alive_month & (rng.random((n, n_months)) < P["refund_rate"][:, None])
    r_acc, r_month = np.nonzero(refund)
    r_amount = -np.round(seats_path[r_acc, r_month] * price[r_acc] * rng.uniform(0.2, 1.0, size=len(r_acc)), 2)
    r_day = np.minimum(month_day[r_month].astype(np.int64) + rng.integers(5, 28, size=len(r_acc)), HISTORY_DAYS - 1)

    all_acc = np.concatenate([t_acc, x_acc, a_acc, r_acc])
    all_day = np.concatenate([t_day, x_day, a_day, r_day])
    all_type = np.concatenate([t_type, x_type, np.zeros(len(a_acc), int), np.full(len(r_acc), 5)])
    all_amount = np.concatenate([list_amount - t_disc, x_amount, a_amount, r_amount])
    all_disc = np.concatenate([t_disc, np.zeros(len(x_acc) + len(a_acc) + len(r_acc))])
    all_month = np.concatenate([t_month, x_month, a_month, r_month])
    keep = (all_day >= 0) & (all_day < churn_day[all_acc] + 1) & (all_day >= created_day[all_acc])
    all_acc, all_day, all_type, all_amount, all_disc, all_month = (
        x[keep] for x in (all_acc, all_day, all_type, all_amount, all_disc, all_month)
    )
    order = np.lexsort((all_day, all_acc))
    all_acc, all_day, all_type, all_amount, all_disc, all_month = (
        x[order] for x in (all_acc, all_day, all_type, all_amount, all_disc, all_month)
    )
    ntt = len(all_acc)
    types = ("purchase", "new_subscription", "renewal", "expansion", "contraction", "refund")
    writer.write(
        "transactions",
        {
            "transaction_id": _ids("T", np.arange(ntt) + first * 100, 11),
            "account_id": account_id.take(pa.array(all_acc)),
            "occurred_at": _ts(start_us + all_day * US_PER_DAY + rng.integers(8, 18, size=ntt) * 3_600_000_000),
            "transaction_type": _pick(types, all_type),
            "amount": _money(all_amount),
            "currency": pa.array(np.full(ntt, "USD")),
            "discount_amount": _money(all_disc),
            "plan": pa.array(np.array([PLANS[s] for s in FIRMOGRAPHIC_SEGMENTS])[seg[all_acc]]),
            "seats": pa.array(seats_path[all_acc, all_month], type=pa.int32()),
        },
    )
    del nt

    # ---------------------------------------------------------------- support tickets
    ticket_rate = jitter(P["tickets_per_month"], 0.3)[:, None] * np.where(
        month_day[None, :] > decline_start[:, None], 3.0, 1.0
    )
    tickets = np.where(alive_month, rng.poisson(ticket_rate), 0)
    k_acc, k_month = np.nonzero(tickets)
    reps = tickets[k_acc, k_month]
    k_acc = np.repeat(k_acc, reps)
    k_month = np.repeat(k_month, reps)
    nk = len(k_acc)
    k_day = month_day[k_month].astype(np.int64) + rng.integers(0, 30, size=nk)
    k_ok = (k_day >= np.maximum(created_day[k_acc], 0)) & (k_day < np.minimum(churn_day[k_acc], HISTORY_DAYS))
    k_acc, k_day = k_acc[k_ok], k_day[k_ok]
    nk = len(k_acc)
    declining = k_day > decline_start[k_acc]
    sev_high = rng.random(nk) < np.clip(P["high_severity_share"][k_acc] + 0.25 * declining, 0, 0.95)
    severity = np.where(sev_high, np.where(rng.random(nk) < 0.3, 3, 2), np.where(rng.random(nk) < 0.3, 0, 1))
    opened = start_us + k_day * US_PER_DAY + rng.integers(0, US_PER_DAY, size=nk)
    hours = rng.gamma(1.5, np.where(sev_high, 10.0, 30.0) * (1 + declining))
    resolved = opened + (hours * 3_600_000_000).astype(np.int64)
    is_resolved = (rng.random(nk) < 0.93) & (resolved < end_us)
    csat = np.clip(np.round(rng.normal(P["csat_mean"][k_acc] - 0.8 * declining, 0.8)), 1, 5).astype(np.int64)
    has_csat = rng.random(nk) < 0.55
    sentiment = np.clip(rng.normal(P["sentiment_mean"][k_acc] - 0.3 * declining, 0.25), -1, 1)
    subjects = _theme_text(rng, arch[k_acc], sentences=1)
    writer.write(
        "support_tickets",
        {
            "ticket_id": _ids("TK", np.arange(nk) + first * 40, 10),
            "account_id": account_id.take(pa.array(k_acc)),
            "opened_at": _ts(opened),
            "resolved_at": _ts(resolved, is_resolved),
            "severity": _pick(("low", "normal", "high", "urgent"), severity),
            "csat": pa.array(csat, type=pa.int32(), mask=~(has_csat & is_resolved)),
            "sentiment": pa.array(np.round(sentiment, 3)),
            "subject": subjects,
        },
    )

    # ---------------------------------------------------------------- campaign touches
    plan = _campaign_plan(cfg)
    ch_mult, of_mult, an_mult = _tactic_multipliers()
    touch_parts = []
    for c in range(cfg.campaigns):
        sday = plan["start_day"][c]
        eligible = (created_day <= sday) & (churn_day > sday)
        crng = np.random.default_rng([cfg.seed, chunk, 1000 + c])
        reached = np.nonzero(eligible & (crng.random(n) < cfg.campaign_reach))[0]
        if len(reached) == 0:
            continue
        a = arch[reached]
        rate = 0.035 * ch_mult[a, plan["channel"][c]] * of_mult[a, plan["offer"][c]] * an_mult[a, plan["angle"][c]]
        rate = np.clip(rate, 0, 0.9)
        converted = crng.random(len(reached)) < rate
        clicked = converted | (crng.random(len(reached)) < np.clip(rate * 3, 0, 0.95))
        opened_ = clicked | (crng.random(len(reached)) < 0.35)
        contact = first_contact[reached] + (crng.random(len(reached)) * n_contacts[reached]).astype(np.int64)
        day = np.full(len(reached), sday)
        touch_parts.append((np.full(len(reached), c), day, reached, contact, opened_, clicked, converted))
    # the always-on onboarding program: accounts created in the window get a touch a few days, a week and
    # three weeks in, each from an onboarding campaign picked in rotation, so every tactic reaches new accounts
    onboarding = _onboarding_plan()
    orng = np.random.default_rng([cfg.seed, chunk, 5000])
    for step, offset in enumerate(ONBOARDING_OFFSETS):
        day = created_day + offset
        reached = np.nonzero((created_day >= 0) & (day < HISTORY_DAYS) & (churn_day > day))[0]
        if len(reached) == 0:
            continue
        j = (first + reached + 11 * step) % len(onboarding["channel"])
        a = arch[reached]
        rate = 0.035 * ch_mult[a, onboarding["channel"][j]] * of_mult[a, onboarding["offer"][j]]
        rate = np.clip(rate * an_mult[a, onboarding["angle"][j]], 0, 0.9)
        converted = orng.random(len(reached)) < rate
        clicked = converted | (orng.random(len(reached)) < np.clip(rate * 3, 0, 0.95))
        opened_ = clicked | (orng.random(len(reached)) < 0.35)
        contact = first_contact[reached] + (orng.random(len(reached)) * n_contacts[reached]).astype(np.int64)
        touch_parts.append((cfg.campaigns + j, day[reached], reached, contact, opened_, clicked, converted))
    if touch_parts:
        tc, t_day, ta, tcont, t_open, t_click, t_conv = (np.concatenate(p) for p in zip(*touch_parts, strict=True))
    else:
        tc = t_day = ta = tcont = np.zeros(0, np.int64)
        t_open = t_click = t_conv = np.zeros(0, bool)
    ntc = len(tc)
    all_channels = np.concatenate([plan["channel"], onboarding["channel"]])
    sent = start_us + t_day * US_PER_DAY + rng.integers(8, 17, size=ntc) * 3_600_000_000
    open_at = sent + rng.integers(1, 48, size=ntc) * 3_600_000_000
    click_at = open_at + rng.integers(1, 600, size=ntc) * 60_000_000
    conv_at = click_at + rng.integers(1, 14 * 24, size=ntc) * 3_600_000_000
    has_cost = np.isin(np.array(CHANNELS)[all_channels[tc]], ("paid_social", "paid_search", "direct_mail"))
    writer.write(
        "campaign_touches",
        {
            "touch_id": _ids("TC", np.arange(ntc) + first * TOUCH_IDS_PER_ACCOUNT, 10),
            "campaign_id": _ids("CMP", tc, 4),
            "account_id": account_id.take(pa.array(ta)),
            "contact_id": _ids("C", c_no[tcont], 9),
            "sent_at": _ts(sent),
            "opened_at": _ts(open_at, t_open & (open_at < end_us)),
            "clicked_at": _ts(click_at, t_click & (click_at < end_us)),
            "converted_at": _ts(conv_at, t_conv & (conv_at < end_us)),
            "cost": pa.array(np.round(rng.uniform(0.5, 4.0, size=ntc), 2), mask=~has_cost).cast(pa.decimal128(18, 2)),
        },
    )

    # ---------------------------------------------------------------- feedback
    n_fb = rng.poisson(np.where(is_new, 0.8, 1.4))
    f_acc = np.repeat(np.arange(n), n_fb)
    nf = len(f_acc)
    span_lo = np.maximum(created_day[f_acc], 0)
    span_hi = np.maximum(np.minimum(churn_day[f_acc], HISTORY_DAYS), span_lo + 1)
    f_day = (span_lo + rng.random(nf) * (span_hi - span_lo)).astype(np.int64)
    f_ok = f_day < HISTORY_DAYS
    f_acc, f_day = f_acc[f_ok], f_day[f_ok]
    nf = len(f_acc)
    f_source = rng.choice(4, size=nf, p=[0.2, 0.3, 0.4, 0.1])
    nps = np.clip(np.round(rng.normal(5 + 2.5 * P["sentiment_mean"][f_acc] * 3, 1.8)), 0, 10).astype(np.int64)
    f_contact = first_contact[f_acc] + (rng.random(nf) * n_contacts[f_acc]).astype(np.int64)
    writer.write(
        "feedback",
        {
            "feedback_id": _ids("FB", np.arange(nf) + first * 4, 9),
            "account_id": account_id.take(pa.array(f_acc)),
            "contact_id": _ids("C", c_no[f_contact], 9),
            "source": _pick(("interview", "survey", "nps", "review"), f_source),
            "submitted_at": _ts(start_us + f_day * US_PER_DAY + rng.integers(0, US_PER_DAY, size=nf)),
            "score": pa.array(nps, type=pa.int32(), mask=f_source != 2),
            "text": _theme_text(rng, arch[f_acc], sentences=2),
        },
    )

    # ---------------------------------------------------------------- truth
    churned_at = np.where(churn_day < 10**6, start_us + churn_day * US_PER_DAY, 0)
    return pa.table(
        {
            "account_id": account_id,
            "archetype": pa.array(np.array([a.name for a in ARCHETYPES])[arch]),
            "firmographic_segment": pa.array(seg_names),
            "churned_at": _ts(churned_at, churn_day < 10**6),
            "is_churned_by_end": pa.array(churn_day < HISTORY_DAYS),
            "churns_within_90d_after_end": pa.array((churn_day >= HISTORY_DAYS) & (churn_day < HISTORY_DAYS + 90)),
        },
        schema=TRUTH_SCHEMA,
    )


def _theme_text(rng: np.random.Generator, arch: np.ndarray, sentences: int) -> pa.Array:
    """One text per row from the archetype's themes (vectorized over a pool of sentences)."""
    pool: list[str] = []
    offsets = []
    for a in ARCHETYPES:
        sents = [s for t in a.themes for s in THEME_SENTENCES[t]]
        offsets.append((len(pool), len(sents)))
        pool.extend(sents)
    start = np.array([o[0] for o in offsets])[arch]
    size = np.array([o[1] for o in offsets])[arch]
    pool_arr = pa.array(pool)
    parts = [pool_arr.take(pa.array(start + (rng.random(len(arch)) * size).astype(np.int64)))]
    for _ in range(sentences - 1):
        nxt = pool_arr.take(pa.array(start + (rng.random(len(arch)) * size).astype(np.int64)))
        keep = pa.array(rng.random(len(arch)) < 0.6)
        parts.append(pc.if_else(keep, pc.binary_join_element_wise(pa.scalar(" "), nxt, ""), pa.scalar("")))
    out = parts[0]
    for p in parts[1:]:
        out = pc.binary_join_element_wise(out, p, "")
    return out


# --------------------------------------------------------------------------- entry points


def generate(out: Path, truth: Path, cfg: GeneratorConfig, fmt: str = "parquet") -> dict[str, int]:
    """Write the raw tables into ``out`` and the planted truth into ``truth``; return row counts."""
    out.mkdir(parents=True, exist_ok=True)
    truth.mkdir(parents=True, exist_ok=True)
    for name in SCHEMAS:  # never mix stale files from an earlier run into this one
        for stale in (out / f"{name}.parquet", out / f"{name}.csv"):
            stale.unlink(missing_ok=True)
    writer = _TableWriter(out, fmt)
    truth_writer = pq.ParquetWriter(truth / "accounts.parquet", TRUTH_SCHEMA)

    plan = _campaign_plan(cfg)
    end_us = _end_us(cfg)
    start_us = end_us - HISTORY_DAYS * US_PER_DAY
    campaign_names = pc.binary_join_element_wise(
        pc.binary_join_element_wise(_pick(CHANNELS, plan["channel"]), _pick(OFFERS, plan["offer"]), " / "),
        _pick(MESSAGE_ANGLES, plan["angle"]),
        " / ",
    )
    writer.write(
        "campaigns",
        {
            "campaign_id": _ids("CMP", np.arange(cfg.campaigns), 4),
            "campaign_name": campaign_names,
            "channel": _pick(CHANNELS, plan["channel"]),
            "offer": _pick(OFFERS, plan["offer"]),
            "message_angle": _pick(MESSAGE_ANGLES, plan["angle"]),
            "spend": _money(plan["spend"] * max(cfg.accounts, 1) / 4200),
            "started_at": _ts(start_us + plan["start_day"] * US_PER_DAY),
        },
    )
    onboarding = _onboarding_plan()
    n_onboarding = len(onboarding["channel"])
    writer.write(
        "campaigns",
        {
            "campaign_id": _ids("CMP", cfg.campaigns + np.arange(n_onboarding), 4),
            "campaign_name": pa.array(
                [
                    f"Onboarding: {CHANNELS[c]} / {OFFERS[o]} / {MESSAGE_ANGLES[a]}"
                    for c, o, a in zip(onboarding["channel"], onboarding["offer"], onboarding["angle"], strict=True)
                ]
            ),
            "channel": _pick(CHANNELS, onboarding["channel"]),
            "offer": _pick(OFFERS, onboarding["offer"]),
            "message_angle": _pick(MESSAGE_ANGLES, onboarding["angle"]),
            "spend": _money(onboarding["spend"] * max(cfg.accounts, 1) / 4200),
            "started_at": _ts(np.full(n_onboarding, start_us)),
        },
    )
    for chunk, first in enumerate(range(0, cfg.accounts, CHUNK_ACCOUNTS)):
        n = min(CHUNK_ACCOUNTS, cfg.accounts - first)
        truth_writer.write_table(_generate_chunk(cfg, chunk, first, n, writer))
    writer.close()
    truth_writer.close()
    tactics = pa.table(
        {
            "archetype": [a.name for a in ARCHETYPES for _ in a.best_tactic],
            "dimension": [d for a in ARCHETYPES for d in a.best_tactic],
            "best_value": [v for a in ARCHETYPES for v in a.best_tactic.values()],
        }
    )
    pq.write_table(tactics, truth / "tactics.parquet")
    return dict(writer.rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m segmentation.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--accounts", type=int, default=4200)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, default=Path("data/raw"))
    parser.add_argument("--truth", type=Path, default=Path("data/truth"))
    parser.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    parser.add_argument("--end-date", type=dt.date.fromisoformat, default=DEFAULT_END_DATE)
    args = parser.parse_args(argv)
    if args.accounts < 0:
        parser.error("--accounts must be zero or more")
    if args.out.resolve() == args.truth.resolve() or args.truth.resolve().is_relative_to(args.out.resolve()):
        parser.error("--truth must be outside --out, so no model can read the planted truth")
    began = time.perf_counter()
    cfg = GeneratorConfig(accounts=args.accounts, seed=args.seed, end_date=args.end_date)
    rows = generate(args.out, args.truth, cfg, fmt=args.format)
    took = time.perf_counter() - began
    print(f"wrote {args.format} to {args.out} in {took:.1f}s: " + ", ".join(f"{k}={v:,}" for k, v in rows.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
