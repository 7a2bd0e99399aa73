"""Persona cards: one card per segment, every statement about the customer taken from the data.

What they do comes from the segment's dominant behaviors; size, value and trend from the marts; what
they want and what gets in their way from the words of their feedback and support tickets: each
segment's texts form one document, TF-IDF (unigrams and bigrams, English stop words removed) ranks the
terms that distinguish it from the other segments, and each theme is illustrated by verbatim quotes
(whole texts, exactly as stored) that contain it. Channel, offer and message come from the playbook,
and the experiments from segment_experiments.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

PERSONA_SCHEMA: dict[str, str] = {
    "as_of_date": "object",
    "segment_id": "Int64",
    "segment_name": "string",
    "account_count": "Int64",
    "account_share": "Float64",
    "revenue_12m": "Float64",
    "avg_predicted_value_12m": "Float64",
    "trend_direction": "string",
    "what_they_do": "string",
    "themes": "string",
    "quotes": "string",
    "best_channel": "string",
    "best_offer": "string",
    "best_message": "string",
    "planned_experiments": "string",
    "card_markdown": "string",
}
QUOTE_SEPARATOR = " || "


def segment_themes(texts: pd.DataFrame, top: int = 3) -> dict[int, list[str]]:
    """Per segment id, the ``top`` terms with the highest TF-IDF weight in the segment's text."""
    # texts in a fixed order: rows arrive in no guaranteed order, and bigrams can span two texts
    docs = texts.groupby("segment_id")["text"].apply(lambda s: " ".join(sorted(s.astype(str))))
    if len(docs) < 2:
        return {int(k): [] for k in docs.index}
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), stop_words="english", sublinear_tf=True, min_df=1)
    matrix = vectorizer.fit_transform(docs.to_numpy())
    terms = np.array(vectorizer.get_feature_names_out())
    out: dict[int, list[str]] = {}
    for i, segment_id in enumerate(docs.index):
        row = matrix[i].toarray().ravel()
        order = np.lexsort((terms, -row))
        chosen: list[str] = []
        for j in order:
            if row[j] <= 0 or len(chosen) == top:
                break
            term = str(terms[j])
            if any(term in c or c in term for c in chosen):  # skip a bigram that repeats a chosen word
                continue
            chosen.append(term)
        out[int(segment_id)] = chosen
    return out


def pick_quotes(texts: pd.Series, themes: list[str], per_theme: int = 1, limit: int = 3) -> list[str]:
    """Verbatim texts containing each theme: the most frequent such text first (ties alphabetical)."""
    quotes: list[str] = []
    counts = texts.astype(str).value_counts()
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    for theme in themes:
        found = 0
        for text, _ in ranked:
            if theme.lower() in text.lower() and text not in quotes:
                quotes.append(text)
                found += 1
                if found == per_theme:
                    break
        if len(quotes) >= limit:
            break
    return quotes[:limit]


def persona_cards(
    summary: pd.DataFrame,
    trends: pd.DataFrame,
    playbook: pd.DataFrame,
    experiments: pd.DataFrame,
    texts: pd.DataFrame,
) -> pd.DataFrame:
    """One card per segment of ``summary`` (see the module docstring)."""
    summary = summary.sort_values("segment_id", kind="stable")
    themes = segment_themes(texts) if not texts.empty else {}
    latest = trends.sort_values("as_of_date").groupby("segment_id").tail(1).set_index("segment_id")
    rows = []
    for seg in summary.itertuples():
        sid = int(seg.segment_id)
        seg_texts = texts.loc[texts["segment_id"] == sid, "text"] if not texts.empty else pd.Series(dtype=str)
        seg_themes = themes.get(sid, [])
        quotes = pick_quotes(seg_texts, seg_themes)
        recommended = playbook[(playbook["segment_id"] == sid) & playbook["is_recommended"].astype(bool)]
        tactic = {
            d: recommended.loc[recommended["dimension"] == d, "tactic"] for d in ("channel", "offer", "message_angle")
        }
        tactic = {d: (v.iloc[0] if len(v) else None) for d, v in tactic.items()}
        exps = experiments[experiments["segment_id"] == sid].sort_values("experiment_id", kind="stable")
        planned = [f"{e.hypothesis} ({e.success_criterion})" for e in exps.itertuples()]
        trend = latest["trend_direction"].get(sid) if sid in latest.index else None
        lines = [
            f"## {seg.segment_name}",
            "",
            f"**Who**: {int(seg.account_count):,} accounts ({seg.account_share:.0%} of all), "
            f"trailing-12-month revenue {float(seg.revenue_12m or 0):,.0f}"
            + (f", trend: {trend}" if trend else "")
            + ".",
            "**What they do**: "
            + (
                f"{seg.dominant_behaviors}."
                if isinstance(seg.dominant_behaviors, str) and seg.dominant_behaviors
                else "not clustered (accounts without an active relationship, or a run without enough data)."
            ),
        ]
        if seg_themes:
            lines.append(f"**What they talk about**: {', '.join(seg_themes)}.")
        for q in quotes:
            lines.append(f'> "{q}"')
        if any(tactic.values()):
            lines.append(
                "**What lands**: "
                + "; ".join(f"{k.replace('_', ' ')} {v}" for k, v in tactic.items() if v)
                + " (segment playbook)."
            )
        if planned:
            lines.append("**Planned experiments**: " + " / ".join(planned))
        rows.append(
            {
                "as_of_date": seg.as_of_date,
                "segment_id": sid,
                "segment_name": seg.segment_name,
                "account_count": int(seg.account_count),
                "account_share": float(seg.account_share),
                "revenue_12m": float(seg.revenue_12m or 0),
                "avg_predicted_value_12m": None
                if pd.isna(seg.avg_predicted_value_12m)
                else float(seg.avg_predicted_value_12m),
                "trend_direction": trend,
                "what_they_do": seg.dominant_behaviors if isinstance(seg.dominant_behaviors, str) else None,
                "themes": ", ".join(seg_themes) or None,
                "quotes": QUOTE_SEPARATOR.join(quotes) or None,
                "best_channel": tactic["channel"],
                "best_offer": tactic["offer"],
                "best_message": tactic["message_angle"],
                "planned_experiments": " / ".join(planned) or None,
                "card_markdown": "\n".join(lines),
            }
        )
    out = pd.DataFrame(rows, columns=list(PERSONA_SCHEMA))
    return pd.DataFrame({name: out[name].astype(dtype) for name, dtype in PERSONA_SCHEMA.items()})
