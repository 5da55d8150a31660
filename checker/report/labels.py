"""Every label the reports show, in Chinese and English (one message catalog)."""

from __future__ import annotations

from checker.vocabulary import STATUSES

LABELS: dict[str, tuple[str, str]] = {
    # page and navigation
    "title": ("客户服务标准合规检查报告", "Customer-service compliance report"),
    "nav_overview": ("概览", "Overview"), "nav_rules": ("规则", "Rules"), "nav_staff": ("员工评分", "Staff scorecards"),
    "nav_quality": ("数据质量", "Data quality"), "nav_method": ("评分方法", "Method"),
    "period": ("检查期间", "Period"), "as_of": ("判定时点", "As of"), "run_id": ("运行编号", "Run"),
    "as_of_given": ("由 --as-of 指定", "given with --as-of"),
    "as_of_period_end": ("检查期间结束时", "the end of the period"),
    "as_of_export_end": ("导出数据的截止时间:{dataset}.{column} 的最新记录(早于期间结束)",
                         "where the export ends: the newest record's {dataset}.{column} (before the period's end)"),
    "pack": ("规则包", "Rule pack"), "generated": ("生成时间", "Generated"), "export": ("数据导出", "Export"),
    # overview
    "overall": ("总体合规率", "Overall compliance"), "checks": ("检查项", "Checks"),
    "pass": ("合格", "Pass"), "fail": ("不合格", "Fail"), "pending": ("待定", "Pending"), "exempt": ("豁免", "Exempt"),
    "not_evaluated": ("未评估", "Not evaluated"), "waived": ("已豁免(申诉/豁免单)", "Waived"),
    "verdict": ("数据质量结论", "Data quality"), "verdict_ok": ("全部数据通过校验", "all rows passed the data gate"),
    "verdict_quarantined": ("部分数据被隔离,未参与评估", "some rows were quarantined and not evaluated"),
    "verdict_incomplete": ("有数据集缺失,相关规则未评估", "datasets are missing; their rules were not evaluated"),
    "attention": ("请注意", "Attention"), "rules_not_evaluated": ("未评估的规则", "Rules not evaluated"),
    "missing": ("缺失的数据集", "Missing datasets"),
    "calendar_provisional": ("工作日历为暂定(尚未录入国务院放假通知,按法定节假日推算,未含调休):",
                             "Provisional working-time calendar (statutory holidays computed, no make-up working days; the State Council notice is not entered yet):"),
    "missing_blocks": ("导出中缺少以下数据集,相关标准本次无法评估", "These datasets are missing from the export; the standards that need them could not be judged"),
    "rules_word": ("规则", "rules"), "standards_word": ("标准", "standards"),
    "nav_coverage": ("标准覆盖", "Coverage"), "coverage_title": ("标准覆盖:SOP 中每条可度量的标准", "Coverage: every measurable standard of the SOPs"),
    "coverage_intro": ("每条标准由哪些规则检查,以及本次运行是否评估了它。", "Which rules check each standard, and whether this run judged it."),
    "cov_standard": ("标准", "Standard"), "cov_tier": ("级别", "Tier"), "cov_measure": ("要求", "Measure"), "cov_rules": ("规则", "Rules"),
    "cov_status": ("本次", "This run"), "cov_reason": ("未编码原因", "Why not encoded"), "cov_judged": ("已评估", "judged"), "cov_partly_judged": ("部分评估", "partly judged"),
    "cov_not_judged": ("未评估", "not judged"), "cov_not_encoded": ("未编码", "not encoded"),
    "cov_totals": ("{encoded} / {standards} 条标准已编码为规则,本次评估 {judged} 条", "{encoded} of {standards} standards encoded as rules; {judged} judged in this run"),
    "tier_core": ("核心", "core"), "tier_full": ("扩展", "full"), "tier_manual": ("人工", "manual"),
    "not_in_export": ("导出中没有此数据集(应为 {name}.csv、.xlsx 或 .parquet)", "the export has no {name}.csv/.xlsx/.parquet"), "quarantined_rows": ("被隔离的数据行", "Quarantined rows"),
    "worst_rules": ("合规率最低的规则", "Rules with the lowest compliance"),
    "worst_sites": ("得分最低的项目", "Sites with the lowest score"),
    "worst_people": ("得分最低的员工", "Staff with the lowest score"),
    "chart_rules": ("各规则合规率", "Compliance per rule"), "chart_sites": ("各规则 × 项目合规率", "Compliance per rule × site"),
    "chart_site_bars": ("各项目合规率", "Compliance per site"), "chart_team_bars": ("各班组合规率", "Compliance per team"),
    "chart_weeks": ("每周合规率趋势", "Compliance per week"), "chart_scores": ("员工得分分布", "Distribution of staff scores"),
    "axis_compliance": ("合规率 %", "compliance %"), "axis_score": ("得分", "score"), "axis_people": ("人数", "people"),
    # rules
    "rule": ("规则", "Rule"), "rule_title": ("规则名称", "Rule"), "title_zh": ("规则名称", "Rule (zh)"), "title_en": ("规则名称(英文)", "Rule"), "catalog": ("标准编号", "Standard"), "kind": ("类型", "Kind"),
    "severity": ("严重度", "Severity"), "source": ("依据", "Source"), "measures": ("检查内容", "What is measured"),
    "compliance": ("合规率", "Compliance"), "failing_cases": ("不合格及未评估明细", "Failing and not-evaluated cases"),
    "failures": ("不合格明细", "Failures"),
    "scope_note": ("本报告只含该项目的检查结果与员工;数据质量为整个导出", "this report covers one site's results and people; data quality is the whole export's"),
    "showing": ("显示前 {n} 条,共 {total} 条;完整列表见 findings.csv", "Showing {n} of {total}; the full list is in findings.csv"),
    "filter": ("筛选…", "Filter…"), "none": ("无", "None"), "filter_page": ("筛选", "Filter"), "all": ("全部", "all"),
    "clear_filter": ("清除", "Clear"), "nav_sites": ("项目", "Sites"), "site_rules": ("本项目各规则合规率", "Compliance per rule at this site"),
    "site_teams": ("班组", "Teams"),
    "sites_more": ("下面是得分最低的 {n} 个项目(共 {total} 个)的页面;其他项目的报告可用 svccheck report --from-run 输出目录 --site 项目编号 生成",
                   "Pages follow for the {n} lowest-scoring of {total} sites; `svccheck report --from-run DIR --site ID` writes any other site's report"),
    # findings columns
    "site": ("项目", "Site"), "site_name": ("项目名称", "Site name"), "staff_id": ("工号", "Staff ID"), "name": ("姓名", "Name"),
    "team": ("班组", "Team"), "role": ("岗位", "Role"), "subject": ("对象", "Subject"), "record": ("记录", "Record"),
    "window": ("期间", "Window"), "period_start": ("开始", "Start"), "period_end": ("期限/结束", "Deadline / end"),
    "status": ("结果", "Status"), "measured": ("实测", "Measured"), "threshold": ("要求", "Required"), "unit": ("单位", "Unit"),
    "message": ("说明", "Message"), "evidence": ("证据记录", "Evidence"), "subject_type": ("对象类型", "Subject type"),
    "catalog_ids": ("标准编号", "Standards"), "rule_id": ("规则编号", "Rule ID"), "run": ("运行", "Run"),
    "record_id": ("记录编号", "Record ID"), "subject_id": ("对象编号", "Subject ID"), "site_id": ("项目编号", "Site ID"),
    # staff
    "score": ("得分", "Score"), "rank": ("组内排名", "Rank in team"), "of": ("/", "of"), "passed": ("合格", "Passed"),
    "failed": ("不合格", "Failed"), "points_lost": ("扣分", "Points lost"), "compliance_rate": ("合规率", "Compliance"),
    "per_rule": ("各规则结果", "Result per rule"), "failed_findings": ("不合格记录", "Failed findings"),
    "recompute": ("得分核算", "How this score adds up"), "no_score": ("本期没有计分的检查项", "no scored checks this period"),
    "find_person": ("查找员工(工号或姓名)…", "Find a person (ID or name)…"),
    "role_service_staff": ("客服员", "service staff"), "role_receptionist": ("前台接待", "receptionist"),
    "role_call_agent": ("业务代表", "call agent"), "role_team_lead": ("班长", "team lead"), "role_admin": ("客服管理员", "administrator"),
    "role_supervisor": ("客服主管", "supervisor"), "role_manager": ("经理", "manager"), "role_technician": ("维修员", "technician"),
    # data quality
    "dataset": ("数据集", "Dataset"), "file": ("文件", "File"), "encoding": ("编码", "Encoding"),
    "rows_read": ("读取行数", "Rows read"), "rows_accepted": ("通过行数", "Accepted"), "rows_quarantined": ("隔离行数", "Quarantined"),
    "unknown_columns": ("未识别的列", "Unrecognised columns"), "expectations": ("校验项", "Expectations"),
    "expectation": ("校验", "Expectation"), "engine": ("引擎", "Engine"), "success": ("通过", "Passed"),
    "unexpected": ("不符合行数", "Rows failing"), "quarantine_sample": ("隔离数据示例", "Quarantined rows (sample)"),
    "source_row": ("源文件行号", "Source row"), "reasons": ("原因", "Reasons"), "yes": ("是", "yes"), "no": ("否", "no"),
    # method
    "formula": ("评分方法", "How the score is computed"),
    "formula_text": (
        "每条检查结果的权重 = 规则权重 × 严重度系数;合格得全部权重,不合格得 0;待定、豁免、未评估不计入。"
        "得分 = 100 × 所得权重之和 ÷ 计入的权重之和。每条规则扣分 = 100 × 该规则未得权重 ÷ 计入的权重之和,各规则扣分之和 = 100 − 得分。",
        "Each result weighs rule weight × severity factor; a pass earns its full weight, a fail nothing; pending, exempt and "
        "not-evaluated results do not count. Score = 100 × earned weight ÷ counted weight. Points lost on a rule = "
        "100 × that rule's unearned weight ÷ counted weight; they add up to 100 − score."),
    "severity_factors": ("严重度系数", "Severity factors"), "status_values": ("各结果计分", "What each result earns"),
    "not_counted": ("不计入", "not counted"),
    "statuses_text": (
        "合格:按时完成;不合格:超时、未完成且已过期限,或不满足要求;待定:判定时点尚未到期限且尚未完成;"
        "豁免:符合规则的豁免条件或没有需要覆盖的对象;未评估:缺少数据集、该类别无期限或期限落在尚无节假日安排的年份。",
        "Pass: done in time. Fail: late, not done after the deadline, or a requirement not met. Pending: not done and the "
        "deadline has not passed at as-of. Exempt: the rule's exemption holds, or there was nothing to cover. Not evaluated: "
        "a dataset is missing, no limit applies to the category, or the deadline falls in a year no holiday source covers."),
    # trends (a run recorded in a store) and waivers
    "trend_title": ("近期趋势", "Trends"), "trend_intro": ("各期间当前运行的评分(来自运行库)。", "The score in each period's current run (from the run store)."),
    "trend_sites": ("评分最低的项目:各期间评分", "Lowest-scoring sites: score per period"),
    "trend_people": ("评分最低的员工:各期间评分", "Lowest-scoring people: score per period"),
    "waived_by": ("豁免批准人", "Waived by"), "waiver_reason": ("豁免理由", "Waiver reason"), "judged_status": ("原判定", "Judged status"),
    "waiver": ("豁免单", "Waiver"),
    # spreadsheet
    "item": ("项目", "Item"), "value": ("值", "Value"),
}
STATUS_KEYS = STATUSES


def labels(lang: str) -> dict[str, str]:
    """The label catalog in one language (zh or en)."""
    index = 0 if lang == "zh" else 1
    return {key: pair[index] for key, pair in LABELS.items()}


def header(column: str, lang: str) -> str:
    """A column name as shown to people (the canonical name where the catalog has none)."""
    pair = LABELS.get(column)
    return pair[0 if lang == "zh" else 1] if pair else column
