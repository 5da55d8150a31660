"""`svccheck rules explain`: a rule, its source quote, what it measures, and its profile variants, in zh or en."""

from __future__ import annotations

from collections.abc import Mapping

import yaml

from checker.contracts import Contract
from checker.i18n import code
from checker.rulepack import LoadedRule
from checker.wording import Words

# heading -> (zh, en)
_HEADINGS = {
    "kind": ("类型", "kind"), "dataset": ("数据集", "dataset"), "severity": ("严重度", "severity"), "weight": ("权重", "weight"),
    "standards": ("标准编号", "standards"), "file": ("文件", "file"), "source": ("依据:", "Source:"),
    "measures": ("检查内容:", "What it measures:"), "applies": ("适用于", "Applies to"),
    "params": ("参数", "Parameters"), "where": ("当", "where"), "definition": ("定义(YAML):", "Definition:"),
}


def explain(loaded: LoadedRule, lang: str = "en", contracts: Mapping[str, Contract] | None = None) -> str:
    """The rule in words of lang; the YAML definition is printed as written."""
    rule = loaded.rule
    w = Words(lang, contracts or {}, rule.dataset)
    H = {k: v[0 if lang == "zh" else 1] for k, v in _HEADINGS.items()}
    sep = ":" if lang == "zh" else ": "
    title = rule.title.zh if lang == "zh" else rule.title.en
    lines = [f"{rule.id} — {title}",
             f"{H['kind']}{sep}{code(rule.kind, lang)}   {H['dataset']}{sep}{w.dataset_title(rule.dataset)}   "
             f"{H['severity']}{sep}{code(rule.severity, lang)}   {H['weight']}{sep}{rule.weight}",
             f"{H['standards']}{sep}{', '.join(rule.catalog_ids)}   {H['file']}{sep}{loaded.doc.file}", "", H["source"]]
    lines += [f"  {s.document} {s.clause}: 「{s.quote}」" for s in rule.source]
    lines += ["", H["measures"], f"  {rule.requirement(w)}"]
    if lang == "en":
        lines += [f"  {rule.description.strip()}"]
    if rule.where:
        lines += [f"{H['applies']}{sep}{rule.where.describe(w)}"]
    if rule.params:
        lines += [f"{H['params']}{sep}{', '.join(f'{k} = {v}' for k, v in rule.params.items())}"]
    for override in loaded.overrides:
        changed = {**override.params, **override.set}
        lines += [f"  {H['where']} {override.when.describe(w)}{sep}{', '.join(f'{k} = {v}' for k, v in changed.items())}"
                  + (f"  ({override.note})" if override.note else "")]
    lines += ["", H["definition"], yaml.safe_dump(loaded.doc.data, allow_unicode=True, sort_keys=False).rstrip()]
    return "\n".join(lines)
