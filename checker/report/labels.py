"""Every label the reports show, in Chinese and English (one message catalog)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "title": ("客户服务标准合规检查报告", "Customer-service compliance report"),
    "period": ("检查期间", "Period"), "as_of": ("判定时点", "As of"), "run_id": ("运行编号", "Run"),
    "pack": ("规则包", "Rule pack"), "overall": ("总体合规率", "Overall compliance"),
    "data_quality": ("数据质量", "Data quality"), "dataset": ("数据集", "Dataset"), "file": ("文件", "File"),
    "rows_read": ("读取行数", "Rows read"), "rows_accepted": ("通过行数", "Accepted"), "rows_quarantined": ("隔离行数", "Quarantined"),
    "missing": ("缺失的数据集", "Missing datasets"), "not_evaluated": ("未评估的规则", "Rules not evaluated"),
    "rules": ("各规则合规情况", "Compliance per rule"), "rule": ("规则", "Rule"), "catalog": ("标准编号", "Standard"),
    "source": ("依据", "Source"), "compliance": ("合规率", "Compliance"),
    "pass": ("合格", "Pass"), "fail": ("不合格", "Fail"), "pending": ("待定", "Pending"), "exempt": ("豁免", "Exempt"),
    "staff": ("员工评分", "Staff scores"), "staff_id": ("工号", "Staff ID"), "name": ("姓名", "Name"), "team": ("班组", "Team"),
    "site": ("项目", "Site"), "score": ("得分", "Score"), "checks": ("检查项", "Checks"),
    "failures": ("不合格明细", "Failures"), "message": ("说明", "Message"), "evidence": ("证据记录", "Evidence"),
    "record": ("记录", "Record"), "window": ("期间", "Window"),
    "formula": ("评分方法", "How the score is computed"),
    "formula_text": (
        "每条检查结果的权重 = 规则权重 × 严重度系数;合格得全部权重,不合格得 0;待定、豁免、未评估不计入。"
        "得分 = 100 × 所得权重之和 ÷ 计入的权重之和。每条规则扣分 = 100 × 该规则未得权重 ÷ 计入的权重之和,各规则扣分之和 = 100 − 得分。",
        "Each result weighs rule weight × severity factor; a pass earns its full weight, a fail nothing; pending, exempt and "
        "not-evaluated results do not count. Score = 100 × earned weight ÷ counted weight. Points lost on a rule = "
        "100 × that rule's unearned weight ÷ counted weight; they add up to 100 − score."),
    "severity_factors": ("严重度系数", "Severity factors"),
    "truncated": ("仅显示前 {n} 条,完整列表见 findings.csv", "Showing the first {n}; the full list is in findings.csv"),
    "none": ("无", "None"),
}


def labels(lang: str) -> dict[str, str]:
    """The label catalog in one language (zh or en)."""
    index = 0 if lang == "zh" else 1
    return {key: pair[index] for key, pair in LABELS.items()}
