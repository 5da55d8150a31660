"""The report's trend section: the last periods' scores per site and per person, when the run was recorded in a store."""

from __future__ import annotations

from checker.report import charts

SHOWN = 8  # lines per chart: the subjects with the lowest score this period


def _lowest(series: dict[str, list[float | None]]) -> dict[str, list[float | None]]:
    scored = [(values[-1], name) for name, values in series.items() if values and values[-1] is not None]
    return {name: series[name] for _, name in sorted(scored)[:SHOWN]}


def section(summary: dict, L: dict[str, str]) -> dict | None:
    """Charts and a table of every site's scores per period; None for a run without a store's history."""
    trends = summary.get("trends")
    if not trends or len(trends.get("periods", [])) < 2:
        return None
    periods = trends["periods"]
    return {"periods": periods, "sites": sorted(trends["site"].items()),
            "site_chart": charts.lines(periods, _lowest(trends["site"]), L["trend_sites"], L["axis_score"]),
            "staff_chart": charts.lines(periods, _lowest(trends["staff"]), L["trend_people"], L["axis_score"])}
