"""`svccheck rules explain`: a rule, its source quote, what it measures, and its profile variants."""

from __future__ import annotations

import yaml

from checker.rulepack import LoadedRule


def explain(loaded: LoadedRule) -> str:
    rule = loaded.rule
    lines = [f"{rule.id} — {rule.title.zh} / {rule.title.en}",
             f"kind: {rule.kind}   dataset: {rule.dataset}   severity: {rule.severity}   weight: {rule.weight}",
             f"standards: {', '.join(rule.catalog_ids)}   file: {loaded.doc.file}", "", "Source:"]
    lines += [f"  {s.document} {s.clause}: 「{s.quote}」" for s in rule.source]
    lines += ["", "What it measures:", f"  {rule.description.strip()}"]
    requirement = rule.requirement()
    if requirement:
        lines += ["", f"Requirement: {requirement}"]
    if rule.where:
        lines += [f"Applies to: {rule.where.describe()}"]
    if rule.params:
        lines += [f"Parameters: {', '.join(f'{k} = {v}' for k, v in rule.params.items())}"]
    for override in loaded.overrides:
        changed = {**override.params, **override.set}
        lines += [f"  where {override.when.describe()}: {', '.join(f'{k} = {v}' for k, v in changed.items())}"
                  + (f"  ({override.note})" if override.note else "")]
    lines += ["", "Definition:", yaml.safe_dump(loaded.doc.data, allow_unicode=True, sort_keys=False).rstrip()]
    return "\n".join(lines)
