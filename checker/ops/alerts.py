"""The warnings of a finished run that nobody may miss (printed on stderr even with --quiet, logged, notified)."""

from __future__ import annotations


def run_warnings(info: dict) -> list[str]:
    """Missing datasets (and the rules they leave not evaluated), unrecognised files, a provisional calendar."""
    found = []
    missing = sorted({d for r in info["rules"].values() for d in r.get("missing_datasets") or []})
    if missing:
        blocked = sorted(rid for rid, r in info["rules"].items() if r.get("missing_datasets"))
        found.append(f"{len(missing)} dataset(s) missing from the export: {', '.join(missing)}; "
                     f"{len(blocked)} rule(s) not evaluated: {', '.join(blocked)}")
    odd = info.get("unrecognised_files") or {}
    if odd:
        found.append("files in the export that are no dataset (not read): "
                     + ", ".join(f"{n} (did you mean {near}?)" if near else n for n, near in odd.items()))
    years = (info.get("calendar") or {}).get("provisional_years") or []
    if years:
        found.append(f"the working-time calendar of {', '.join(map(str, years))} is provisional (statutory dates from the "
                     "holidays package, no make-up working days): enter the State Council notice in the rule pack's calendar.yaml")
    return found
