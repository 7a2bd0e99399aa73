"""The segment report: one self-contained HTML file drawn from the marts, readable offline.

Usage::

    python -m segmentation.report                      # published.duckdb -> reports/segments.html
    python -m segmentation.report --database warehouse.duckdb --out reports/segments.html

Every chart is a Plotly figure; plotly.js is inlined once, so the file opens with no network (no CDN,
no font or image requests). Sections: cluster map, sizes, trends, migration, validation, playbook,
budget allocation, health scorecard and persona cards. Each chart's container carries a
``data-chart`` attribute so a browser test can check that every chart rendered.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from segmentation.export import write_text_atomic

PALETTE = [
    "#3366cc",
    "#dc3912",
    "#ff9900",
    "#109618",
    "#990099",
    "#0099c6",
    "#dd4477",
    "#66aa00",
    "#b82e2e",
    "#316395",
]
CHURNED_COLOUR = "#9e9e9e"

CHARTS = (
    "cluster_map",
    "segment_sizes",
    "segment_trends",
    "segment_migration",
    "validation_rates",
    "validation_variance",
    "playbook",
    "budget_allocation",
    "health_scorecard",
)


def read_marts(database: Path) -> dict[str, pd.DataFrame]:
    """Every table of the ``marts`` schema the report draws, as pandas frames."""
    wanted = (
        "segment_summary",
        "segment_map",
        "segment_trends",
        "segment_migration",
        "segment_validation",
        "segment_playbook",
        "budget_allocation",
        "segment_health",
        "persona_cards",
    )
    if not database.exists():
        raise SystemExit(f"{database} does not exist: build the project first (make demo, or dbt build)")
    with duckdb.connect(str(database), read_only=True) as con:
        tables = con.execute("select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()
        present = {row[0] for row in tables}
        missing = [name for name in wanted if name not in present]
        if missing:
            raise SystemExit(f"{database} has no marts.{', marts.'.join(missing)}: run dbt build first")
        return {name: con.execute(f"select * from marts.{name}").fetch_df() for name in wanted}


def segment_colours(summary: pd.DataFrame) -> dict[str, str]:
    """One colour per segment name, by segment id, the same in every chart."""
    colours: dict[str, str] = {}
    active = summary[summary["segment_id"] > 0].sort_values("segment_id")
    for i, name in enumerate(active["segment_name"]):
        colours[name] = PALETTE[i % len(PALETTE)]
    for name in summary.loc[summary["segment_id"] <= 0, "segment_name"]:
        colours[name] = CHURNED_COLOUR
    return colours


def _layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.01, "font": {"size": 16}},
        height=height,
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        template="plotly_white",
        font={"family": "system-ui, -apple-system, Segoe UI, sans-serif", "size": 12},
        legend={"orientation": "h", "y": -0.15},
    )
    return fig


def _labelled_heatmap(
    frame: pd.DataFrame,
    index: str,
    columns: str,
    z: pd.Series,
    labels: list[str],
    fill: float | None = None,
    **style: object,
) -> go.Figure:
    """A heatmap of ``z`` over ``index`` x ``columns`` with one text label per cell."""
    cells = frame[[index, columns]].assign(_z=z.to_numpy(), _label=labels)
    matrix = cells.pivot_table(index=index, columns=columns, values="_z", aggfunc="first", dropna=False)
    if fill is not None:
        matrix = matrix.fillna(fill)
    text = cells.pivot_table(index=index, columns=columns, values="_label", aggfunc="first").reindex_like(matrix)
    return go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(),
            x=list(matrix.columns),
            y=list(matrix.index),
            text=text.fillna("").to_numpy(),
            texttemplate="%{text}",
            **style,
        )
    )


def cluster_map(points: pd.DataFrame, colours: dict[str, str]) -> go.Figure:
    fig = go.Figure()
    accounts = points[points["point_kind"] == "account"]
    for name, group in accounts.groupby("segment_name", sort=True):
        fig.add_trace(
            go.Scatter(
                x=group["x"],
                y=group["y"],
                mode="markers",
                name=name,
                marker={"size": 5, "opacity": 0.55, "color": colours.get(name, CHURNED_COLOUR)},
                text=group["account_id"],
                hovertemplate="%{text}<extra>" + html.escape(str(name)) + "</extra>",
            )
        )
    centres = points[points["point_kind"] == "centroid"]
    fig.add_trace(
        go.Scatter(
            x=centres["x"],
            y=centres["y"],
            mode="markers+text",
            name="segment centre",
            text=centres["segment_name"],
            textposition="top center",
            marker={"size": 16, "symbol": "x", "color": "#222", "line": {"width": 1}},
        )
    )
    fig.update_xaxes(title="component 1", zeroline=False)
    fig.update_yaxes(title="component 2", zeroline=False)
    return _layout(fig, "Cluster map: a sample of accounts, coloured by segment", 520)


def segment_sizes(summary: pd.DataFrame, colours: dict[str, str]) -> go.Figure:
    ordered = summary.sort_values("account_count", ascending=True)
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Accounts", "Revenue, trailing 12 months"), shared_yaxes=True)
    bar_colours = [colours.get(n, CHURNED_COLOUR) for n in ordered["segment_name"]]
    fig.add_trace(
        go.Bar(
            y=ordered["segment_name"],
            x=ordered["account_count"],
            orientation="h",
            marker_color=bar_colours,
            text=[f"{c:,} ({s:.0%})" for c, s in zip(ordered["account_count"], ordered["account_share"], strict=True)],
            textposition="auto",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Bar(
            y=ordered["segment_name"],
            x=ordered["revenue_12m"].astype(float),
            orientation="h",
            marker_color=bar_colours,
            text=[
                f"{float(r):,.0f} ({s:.0%})"
                for r, s in zip(ordered["revenue_12m"], ordered["revenue_share"].fillna(0), strict=True)
            ],
            textposition="auto",
            showlegend=False,
        ),
        row=1,
        col=2,
    )
    return _layout(fig, "Segment sizes", 420)


def segment_trends(trends: pd.DataFrame, colours: dict[str, str]) -> go.Figure:
    fig = go.Figure()
    for name, group in trends.sort_values("as_of_date").groupby("segment_name", sort=True):
        fig.add_trace(
            go.Scatter(
                x=group["as_of_date"],
                y=group["account_count"],
                mode="lines+markers",
                name=name,
                line={"color": colours.get(name, CHURNED_COLOUR)},
            )
        )
    fig.update_yaxes(title="accounts")
    return _layout(fig, "Accounts per segment over the as-of dates", 420)


def segment_migration(migration: pd.DataFrame) -> go.Figure:
    if migration.empty:
        fig = go.Figure()
        fig.add_annotation(text="only one run so far: no migration to show", showarrow=False)
        return _layout(fig, "Migration between the last two runs", 300)
    fig = _labelled_heatmap(
        migration,
        "from_segment_name",
        "to_segment_name",
        z=migration["share_of_from_segment"],
        labels=[f"{r.share_of_from_segment:.0%}<br>{int(r.account_count):,}" for r in migration.itertuples()],
        fill=0.0,
        colorscale="Blues",
        zmin=0,
        zmax=1,
        colorbar={"title": "share of from"},
    )
    dates = migration.iloc[0]
    fig.update_xaxes(title=f"to ({pd.Timestamp(dates['to_as_of_date']).date()})")
    fig.update_yaxes(title=f"from ({pd.Timestamp(dates['from_as_of_date']).date()})", autorange="reversed")
    return _layout(fig, "Migration between the last two runs (share of each from-segment)", 480)


OUTCOME_TITLES = {
    "churn": "churn rate",
    "expansion_or_repurchase": "expansion / repurchase rate",
    "revenue": "mean revenue in the horizon",
}


def validation_rates(validation: pd.DataFrame, colours: dict[str, str]) -> go.Figure:
    behavioral = validation[validation["scheme"] == "behavioral"]
    outcomes = sorted(set(behavioral["outcome"]))
    fig = make_subplots(
        rows=1, cols=max(len(outcomes), 1), subplot_titles=[OUTCOME_TITLES.get(o, o) for o in outcomes] or [""]
    )
    for i, outcome in enumerate(outcomes, start=1):
        rows = behavioral[behavioral["outcome"] == outcome].sort_values("segment")
        fig.add_trace(
            go.Bar(
                x=rows["segment"],
                y=rows["outcome_rate"],
                marker_color=[colours.get(s, CHURNED_COLOUR) for s in rows["segment"]],
                showlegend=False,
                name=outcome,
            ),
            row=1,
            col=i,
        )
        if len(rows):
            fig.add_hline(y=float(rows["base_rate"].iloc[0]), line_dash="dash", row=1, col=i)
    return _layout(fig, "Outcome rates by behavioral segment (dashed: base rate)", 420)


def validation_variance(validation: pd.DataFrame) -> go.Figure:
    schemes = validation.drop_duplicates(["scheme", "outcome"])[["scheme", "outcome", "eta_squared"]]
    fig = go.Figure()
    for scheme, group in schemes.groupby("scheme", sort=True):
        fig.add_trace(go.Bar(x=group["outcome"], y=group["eta_squared"], name=scheme))
    ratio = validation["behavioral_vs_firmographic_ratio"].dropna()
    headline = f": behavioral explains {ratio.iloc[0]:.1f}x the variance of firmographics" if len(ratio) else ""
    fig.update_layout(barmode="group")
    fig.update_yaxes(title="variance explained (eta squared)")
    return _layout(fig, "Variance of outcomes explained by each scheme" + headline, 420)


def playbook(book: pd.DataFrame, colours: dict[str, str]) -> go.Figure:
    recommended = book[book["is_recommended"]].copy()
    fig = go.Figure()
    for dimension, group in recommended.groupby("dimension", sort=True):
        fig.add_trace(
            go.Bar(
                x=group["segment_name"],
                y=group["lift_vs_segment_average"],
                name=dimension,
                text=group["tactic"],
                textposition="auto",
                hovertemplate="%{x}<br>%{text}: %{y:.2f}x the segment's average response<extra>"
                + html.escape(str(dimension))
                + "</extra>",
            )
        )
    if recommended.empty:
        fig.add_annotation(text="no tactic clears its segment's base rate yet", showarrow=False)
    fig.add_hline(y=1.0, line_dash="dot")
    fig.update_layout(barmode="group")
    fig.update_yaxes(title="response vs the segment's average")
    return _layout(fig, "Playbook: the best tactic per segment and dimension, with its lift", 440)


def budget_allocation(budget: pd.DataFrame, colours: dict[str, str]) -> go.Figure:
    ordered = budget.sort_values("segment_id")
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Bar(
            x=ordered["segment_name"],
            y=ordered["spend"].astype(float),
            name="spend",
            marker_color=[colours.get(n, CHURNED_COLOUR) for n in ordered["segment_name"]],
        ),
        secondary_y=False,
    )
    fig.add_trace(
        go.Bar(x=ordered["segment_name"], y=ordered["recoverable_spend"].astype(float), name="recoverable spend"),
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(
            x=ordered["segment_name"],
            y=ordered["conversion_index"],
            name="conversion index (1 = average)",
            mode="markers+lines",
            line={"color": "#222"},
        ),
        secondary_y=True,
    )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title="spend", secondary_y=False)
    fig.update_yaxes(title="conversion index", secondary_y=True)
    return _layout(fig, "Budget allocation: spend, recoverable spend and conversion index", 440)


STATUS_SCORE = {"on track": 0.0, "review required": 1.0, "action needed": 2.0}


def health_scorecard(health: pd.DataFrame) -> go.Figure:
    fig = _labelled_heatmap(
        health,
        "segment_name",
        "indicator",
        z=health["status"].map(STATUS_SCORE).fillna(0.0),
        labels=[
            f"{r.current_value:.3g}<br>{r.status}" if pd.notna(r.current_value) else f"n/a<br>{r.status}"
            for r in health.itertuples()
        ],
        colorscale=[[0, "#d8f0d2"], [0.5, "#ffe8a3"], [1, "#f4b4a8"]],
        zmin=0,
        zmax=2,
        showscale=False,
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, "Health scorecard (green on track, amber review, red action)", 440)


def persona_card(card: pd.Series, colour: str) -> str:
    def item(label: str, value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)) or str(value) == "":
            return ""
        return f"<dt>{html.escape(label)}</dt><dd>{html.escape(str(value))}</dd>"

    share = card.get("account_share")
    return (
        f'<article class="card" style="border-top-color:{colour}">'
        f"<h3>{html.escape(str(card['segment_name']))}</h3>"
        f'<p class="size">{int(card["account_count"]):,} accounts'
        + (f" ({share:.0%})" if pd.notna(share) else "")
        + f" &middot; {float(card['revenue_12m'] or 0):,.0f} revenue (12 months)"
        + (f" &middot; {html.escape(str(card['trend_direction']))}" if pd.notna(card.get("trend_direction")) else "")
        + "</p><dl>"
        + item("What they do", card.get("what_they_do"))
        + item("What they talk about", card.get("themes"))
        + item("In their words", card.get("quotes"))
        + item("Best channel", card.get("best_channel"))
        + item("Best offer", card.get("best_offer"))
        + item("Best message", card.get("best_message"))
        + item("Planned experiments", card.get("planned_experiments"))
        + "</dl></article>"
    )


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{background:#1d2430;color:#fff;padding:24px 32px}header h1{margin:0 0 4px;font-size:24px}
header p{margin:0;opacity:.8}main{max-width:1200px;margin:0 auto;padding:16px 24px 48px}
section{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.08);margin:16px 0;padding:16px 20px}
section h2{font-size:18px;margin:4px 0 8px}section p.lede{margin:0 0 8px;color:#4a5568}
.kpis{display:flex;gap:16px;flex-wrap:wrap}
.kpi{flex:1;min-width:160px;background:#f0f3f8;border-radius:6px;padding:12px}
.kpi b{display:block;font-size:22px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:16px}
.card{border:1px solid #e2e8f0;border-top:6px solid #999;border-radius:6px;padding:12px 16px;background:#fff}
.card h3{margin:4px 0}.card .size{color:#4a5568;margin:0 0 8px}.card dt{font-weight:600;margin-top:6px}
.card dd{margin:0 0 0 0;color:#2d3748}
"""


def render(marts: dict[str, pd.DataFrame], title: str = "Behavioral segments") -> str:
    """The whole HTML document."""
    summary = marts["segment_summary"].sort_values("segment_id")
    colours = segment_colours(summary)
    as_of = pd.Timestamp(summary["as_of_date"].max()).date().isoformat() if len(summary) else "n/a"
    figures = {
        "cluster_map": cluster_map(marts["segment_map"], colours),
        "segment_sizes": segment_sizes(summary, colours),
        "segment_trends": segment_trends(marts["segment_trends"], colours),
        "segment_migration": segment_migration(marts["segment_migration"]),
        "validation_rates": validation_rates(marts["segment_validation"], colours),
        "validation_variance": validation_variance(marts["segment_validation"]),
        "playbook": playbook(marts["segment_playbook"], colours),
        "budget_allocation": budget_allocation(marts["budget_allocation"], colours),
        "health_scorecard": health_scorecard(marts["segment_health"]),
    }
    config = {"displaylogo": False, "responsive": True}
    charts = {
        name: f'<div class="chart" data-chart="{name}">'
        + fig.to_html(full_html=False, include_plotlyjs=False, config=config, div_id=f"chart-{name}")
        + "</div>"
        for name, fig in figures.items()
    }
    active = summary[summary["segment_id"] > 0]
    ratio = marts["segment_validation"]["behavioral_vs_firmographic_ratio"].dropna()
    recoverable = marts["budget_allocation"]["recoverable_spend"].astype(float).sum()
    kpis = (
        '<div class="kpis">'
        f'<div class="kpi"><b>{len(active)}</b>behavioral segments</div>'
        f'<div class="kpi"><b>{int(summary["account_count"].sum()):,}</b>accounts</div>'
        + (f'<div class="kpi"><b>{ratio.iloc[0]:.1f}x</b>outcome variance vs firmographics</div>' if len(ratio) else "")
        + f'<div class="kpi"><b>{recoverable:,.0f}</b>recoverable spend</div></div>'
    )
    status = summary["clustering_status"].dropna()
    notice = ""
    if len(status) and status.iloc[0] != "ok":
        reason = summary["status_reason"].dropna()
        notice = f"<p><b>Clustering could not run:</b> {html.escape(reason.iloc[0] if len(reason) else '')}</p>"
    cards = "".join(
        persona_card(card, colours.get(card["segment_name"], CHURNED_COLOUR))
        for _, card in marts["persona_cards"]
        .assign(order=lambda c: c["segment_id"].where(c["segment_id"] > 0, 1000 - c["segment_id"]))
        .sort_values("order")
        .iterrows()
    )

    def section(heading: str, lede: str, body: str) -> str:
        return f"<section><h2>{heading}</h2><p class='lede'>{lede}</p>{body}</section>"

    body = "".join(
        [
            section("At a glance", f"As of {html.escape(str(as_of))}.", kpis + notice),
            section(
                "Cluster map",
                "Accounts placed by what they do: the first two principal components of the behavioral features.",
                charts["cluster_map"],
            ),
            section("Sizes", "Each segment by accounts and by revenue.", charts["segment_sizes"]),
            section("Trends", "Segment sizes at each as-of date.", charts["segment_trends"]),
            section(
                "Migration",
                "Where each segment's accounts went between the last two runs.",
                charts["segment_migration"],
            ),
            section(
                "Do segments differ in outcomes?",
                "Outcome rates by segment against the base rate, and the share of outcome variance each "
                "scheme explains.",
                charts["validation_rates"] + charts["validation_variance"],
            ),
            section("Playbook", "Tactics that historically worked best per segment.", charts["playbook"]),
            section("Budget", "Where campaign spend goes and what it buys.", charts["budget_allocation"]),
            section("Health", "Each segment's indicators against their benchmarks.", charts["health_scorecard"]),
            section("Personas", "Who each segment is, in a card.", f'<div class="cards">{cards}</div>'),
        ]
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(title)}</title><style>{STYLE}</style>"
        f"<script type='text/javascript'>{get_plotlyjs()}</script></head><body>"
        f"<header><h1>{html.escape(title)}</h1><p>Segments by behavior, as of {html.escape(str(as_of))}</p></header>"
        f"<main>{body}</main></body></html>"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m segmentation.report", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database",
        type=Path,
        default=Path(os.environ.get("PUBLISHED_DUCKDB_PATH", "published.duckdb")),
        help="DuckDB file holding the marts (default: the published file)",
    )
    parser.add_argument("--out", type=Path, default=Path("reports/segments.html"))
    args = parser.parse_args(argv)
    began = time.perf_counter()
    document = render(read_marts(args.database))
    write_text_atomic(document, args.out)
    print(f"wrote {args.out} ({len(document) / 1e6:.1f} MB) in {time.perf_counter() - began:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
