"""Chinese for the English help text of each svccheck command, option and argument (checker/clilang/helpwords.py)."""

HELP_ZH: dict[str, str] = {
    # the group and click's own options
    "svccheck — rules-as-data compliance checks for property-management customer service.": "svccheck:以规则为数据的物业客服合规检查。",
    "Show the version and exit.": "显示版本号并退出。",
    # run
    "Check an export for a period and write findings, scorecards and reports.": "按期间检查一份导出,写出检查结果、评分和报告。",
    "Exit 3 before evaluating when these datasets (or 'all') are missing from the export.":
        "导出中缺少这些数据集('all' 指全部)时,在评估之前以状态 3 退出。",
    "Append stages, timings, warnings, errors and the exit status to this file (UTF-8).": "把各阶段、用时、警告、错误和退出状态追加到此文件(UTF-8)。",
    "POST a run summary to a WeCom/DingTalk group robot webhook when the run ends (also on failure).":
        "运行结束时(失败时也一样)把运行摘要发送到企业微信/钉钉群机器人的 webhook 地址。",
    "Export folder (one file per dataset).": "导出文件夹(每个数据集一个文件)。",
    "A month (2026-10), an ISO week (2026-W23), or yesterday, last-week, last-month, this-month, month-to-date.":
        "一个月(2026-10)、一个 ISO 周(2026-W23),或 yesterday(昨天)、last-week(上周)、last-month(上月)、this-month(本月)、"
        "month-to-date(本月至昨天)。",
    "First day (YYYY-MM-DD), with --to.": "第一天(YYYY-MM-DD),与 --to 一起使用。",
    "Last day (YYYY-MM-DD), inclusive.": "最后一天(YYYY-MM-DD),含当天。",
    "The moment judged as 'now' (default: end of period or newest record).": "作为“现在”判定的时刻(默认:期间结束或最新记录的时间)。",
    "Rule pack folder (default: the shipped rules/).": "规则包文件夹(默认:随附的 rules/)。",
    "Dataset contracts folder (default: datasets/).": "数据集契约文件夹(默认:datasets/)。",
    "YAML {dataset: {their header: column}} for a system's own headers.": "YAML 文件 {数据集: {对方表头: 列名}},用于其他系统自己的表头。",
    "Output folder (replaced whole when the run succeeds).": "输出文件夹(运行成功时整体替换)。",
    "Language of reports and output (default: SVCCHECK_LANG, else the locale; zh).": "报告和输出的语言(默认:SVCCHECK_LANG,否则按系统区域设置;zh)。",
    "Exit 1 when crossed: 'any' failure, or a compliance floor like 0.95.": "越过时以状态 1 退出:'any' 指任一不合格,或合规率下限,如 0.95。",
    "Print nothing but errors (for cron).": "只输出错误(用于定时任务)。",
    "local: this machine (worker processes for a large export); dask: a Dask distributed cluster.":
        "local:本机(大的导出可用多个工作进程);dask:一个 Dask 分布式集群。",
    "Worker processes (default: SVCCHECK_WORKERS, else the cores).": "工作进程数(默认:SVCCHECK_WORKERS,否则为 CPU 核数)。",
    "Address of a running Dask scheduler (tcp://host:8786); default: a LocalCluster.":
        "正在运行的 Dask 调度器地址(tcp://host:8786);默认:在本机启动一个 LocalCluster。",
    "Print the run summary as JSON on stdout, nothing else.": "只在标准输出上以 JSON 输出运行摘要。",
    "Hide owners' room numbers and typed free text in every output.": "在所有输出中隐藏业主房号和录入的自由文本。",
    "Show staff by ID, not by name, in scorecards and reports.": "在评分和报告中以工号而非姓名显示员工。",
    "Record the run in this store (URL or SQLite file; default: $SVCCHECK_STORE, else svccheck.db beside --out).":
        "把本次运行记入此存储(URL 或 SQLite 文件;默认:$SVCCHECK_STORE,否则为 --out 旁的 svccheck.db)。",
    "Do not record the run (and apply only the rule pack's waivers.yaml).": "不记录本次运行(只应用规则包的 waivers.yaml)。",
    # report
    "Rebuild report.html and report.xlsx from a run's output files, without re-running the checks.":
        "根据一次运行的输出文件重新生成 report.html 和 report.xlsx,不重新检查。",
    "An output folder of `svccheck run`.": "`svccheck run` 的输出文件夹。",
    "Language (default: SVCCHECK_LANG, else the locale; zh).": "语言(默认:SVCCHECK_LANG,否则按系统区域设置;zh)。",
    "Only this site: writes report-<site>.html and report-<site>.xlsx beside the full report.":
        "只含此项目:在完整报告旁写出 report-<项目>.html 和 report-<项目>.xlsx。",
    "Show staff by ID, not by name.": "以工号而非姓名显示员工。",
    # rules
    "Validate, list and explain the rule pack.": "校验、列出和解释规则包。",
    "Report every problem in every rule, profile and contract file at once.": "一次报告所有规则、配置和契约文件中的全部问题。",
    "Rule pack folder (default: rules/).": "规则包文件夹(默认:rules/)。",
    "One line per rule: id, kind, catalog ids, dataset, title.": "每条规则一行:编号、类型、标准编号、数据集、名称。",
    "Print a rule, its source quote and what it measures.": "显示一条规则、其制度原文和检查内容。",
    "Every standard of the catalog with the rules that encode it, or the reason none does.": "标准目录中的每条标准及编码它的规则,或未编码的原因。",
    "Print the coverage table as JSON.": "以 JSON 输出覆盖表。",
    "RULE_ID": "规则编号",
    # calendar
    "Show the working-time calendar the checker uses.": "显示检查使用的工作时间日历。",
    "Print each day: working or not, the working hours, and why (holiday, make-up day, local day off).":
        "逐日显示:是否上班、工作时间及原因(节假日、调休上班、本地休息日)。",
    "Site id (default: the company default calendar).": "项目编号(默认:公司默认日历)。",
    "First day (YYYY-MM-DD).": "第一天(YYYY-MM-DD)。",
    "An export whose sites.csv lists the sites --site may name.": "一份导出,其 sites.csv 列出 --site 可以指定的项目。",
    # sample, demo, init
    "Generate a realistic sample export with a known, seeded rate of violations.": "生成一份贴近实际的样例导出,违规比例已知且可复现。",
    "First day of the export.": "导出的第一天。",
    "Share of extra broken rows.": "额外错误行的比例。",
    "Rule pack whose thresholds the breaches cross (default: the shipped rules/).": "违规所越过阈值所在的规则包(默认:随附的 rules/)。",
    "Generate a sample export and check October 2026 with the shipped rules: report at OUT/2026-10/report.html.":
        "生成样例导出并用随附规则检查 2026 年 10 月:报告在 --out 文件夹/2026-10/report.html。",
    "Folder for the sample export (OUT/export) and the run (OUT/2026-10).": "存放样例导出和运行结果(2026-10)的文件夹。",
    "Sites in the sample export.": "样例导出中的项目数。",
    "Copy the shipped rule pack and dataset contracts into FOLDER/rules and FOLDER/datasets, to edit and use with --rules.":
        "把随附的规则包和数据集契约复制到 文件夹/rules 和 文件夹/datasets,供修改并通过 --rules 使用。",
    "FOLDER": "文件夹", "SUBJECT": "对象", "RUN_A": "运行1", "RUN_B": "运行2", "FINDING_KEY": "结果键", "APPEAL_ID": "申诉编号",
    "WAIVER_ID": "豁免编号",
    # the store
    "A person's, team's or site's score, or a rule's compliance, per period (each period's current run), with the change.":
        "员工、班组或项目的得分,或规则的合规率,按期间(各期间的当前运行)列出,并给出变化。",
    "First period (2026-01, 2026-W05 or a day).": "第一个期间(2026-01、2026-W05 或某一天)。",
    "Last period, inclusive.": "最后一个期间(含)。",
    "Store URL or SQLite file (default: $SVCCHECK_STORE, else ./svccheck.db).": "存储的 URL 或 SQLite 文件(默认:$SVCCHECK_STORE,否则为 ./svccheck.db)。",
    "Findings newly failing and newly passing from RUN_A to RUN_B, and the scores that moved.":
        "从运行1到运行2新出现的不合格和新变为合格的结果,以及变化的得分。",
    "File, decide and list appeals against findings.": "提交、裁定和列出对检查结果的申诉。",
    "Who files it (a staff id).": "提交人(工号)。",
    "The run (default: the newest period's current run holding the finding).": "运行(默认:含该结果的最新期间的当前运行)。",
    "The approving quality manager.": "批准的品质经理。",
    "Last day the waiver applies (YYYY-MM-DD).": "豁免适用的最后一天(YYYY-MM-DD)。",
    "Why it is rejected.": "驳回原因。",
    "Add, list and revoke waivers (also kept as rules/waivers.yaml in the rule pack).": "添加、列出和撤销豁免(也保存在规则包的 rules/waivers.yaml 中)。",
    "Scope: one finding (its finding_key).": "范围:一条结果(其 finding_key)。",
    "Scope: every finding on one record.": "范围:一条记录上的所有结果。",
    "The rule (with --subject: every finding of it for the subject in --from..--to).": "规则(与 --subject 一起:该对象在 --from..--to 内此规则的所有结果)。",
    "A staff or site id (with --rule).": "工号或项目编号(与 --rule 一起)。",
    "The justification.": "理由。",
    "Last day it applies (YYYY-MM-DD).": "适用的最后一天(YYYY-MM-DD)。",
    "Who files it (default: the approver).": "提交人(默认:批准人)。",
    "Revoked waivers too.": "也列出已撤销的豁免。",
    "Apply the waivers in force and the scoring policy again to a stored period, without reading the export.":
        "对已存储的期间重新应用有效的豁免和评分规则,不读取导出。",
    "The stored period (2026-06).": "已存储的期间(2026-06)。",
    "Rule pack whose scoring.yaml and waivers.yaml apply (default: rules/).": "其 scoring.yaml 和 waivers.yaml 适用的规则包(默认:rules/)。",
    "Who rescored (for the audit trail).": "重新评分的人(记入审计记录)。",
    "The audit trail of appeals, waivers and rescores, oldest first.": "申诉、豁免和重新评分的审计记录,最早的在前。",
    # watch
    "Alert before and at each deadline of the deadline and escalation rules, from a stream of record events.":
        "根据记录事件流,在时限类和升级类规则的每个时限之前和到期时发出提醒。",
    "JSON lines of record upserts and ticks: a file, or - for stdin.": "记录新增/更新和时钟信号的 JSON 行:一个文件,或用 - 表示标准输入。",
    "Watch a folder: read every *.jsonl file in it as it grows.": "监视一个文件夹:随文件增长读取其中每个 *.jsonl 文件。",
    "Folder for alerts.jsonl and state.json (resumed on restart); default: alerts on stdout, no state.":
        "存放 alerts.jsonl 和 state.json 的文件夹(重启后继续);默认:提醒输出到标准输出,不保存状态。",
    "Share of the limit at which an at-risk alert goes out.": "达到时限的多大比例时发出临近超时提醒。",
    "Also post each alert to this group-robot URL.": "同时把每条提醒发送到此群机器人地址。",
    "With --follow: seconds between looks at the folder.": "与 --follow 一起:两次查看文件夹之间的秒数。",
    "With --follow: stop after this many seconds without new lines.": "与 --follow 一起:连续这么多秒没有新行后停止。",
}
