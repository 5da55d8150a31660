"""Rules that validated but judged wrongly are definition errors now: values that cannot match their column,
times that are not times, unbounded weights and scores, impossible dates, an empty pack."""

import shutil

import pytest

from checker.api import default_rules_dir, load_definitions
from checker.errors import DefinitionError


def edited(tmp_path, name, old, new):
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def problems(folder):
    with pytest.raises(DefinitionError) as caught:
        load_definitions(folder)
    return [str(p) for p in caught.value.problems]


REP02 = "repairs/REP-02.yaml"


@pytest.mark.parametrize("where, message", [
    ("{category: {in: [minro, medium]}}", "'category' has no value 'minro' (did you mean 'minor'?); its values are emergency, minor, medium"),
    ("{category: 5}", "'category' has no value 5; its values are emergency, minor, medium"),
    ("{category: {gt: minor}}", "'category' is an enum: compare it with eq, ne, in or not_in, not an ordering"),
    ("{qc_passed: maybe}", "'qc_passed' is true or false, not 'maybe'"),
    ("{reported_at: {gt: abc}}", "'reported_at' is a timestamp: 'abc' is not a date or time (YYYY-MM-DD [HH:MM])"),
    ("{reported_at: {lt: '2026-13-01'}}", "'reported_at' is a timestamp: '2026-13-01' is not a date or time (YYYY-MM-DD [HH:MM])"),
    ("{unit_id: {eq: 5}}", "'unit_id' is text: compare it with a quoted text value using eq, ne, in or not_in, not 5"),
    ("{reported_at: {gt: {column: site_id}}}", "'reported_at' (timestamp) is compared with 'site_id' (str): the types cannot be compared"),
])
def test_condition_values_must_fit_their_column(tmp_path, where, message):
    folder = edited(tmp_path, REP02, "{category: emergency}", where)
    assert problems(folder) == [f"{folder}/{REP02}:9: {message}"]


@pytest.mark.parametrize("where", ["{reported_at: {gt: 2026-10-01}}", "{reported_at: {ge: '2026-10-01 08:30'}}", "{qc_passed: false}",
                                   "{category: {not_in: [minor]}}", "{unit_id: {empty: true}}"])
def test_values_that_fit_are_accepted(tmp_path, where):
    load_definitions(edited(tmp_path, REP02, "{category: emergency}", where))


def test_a_lookup_condition_is_checked_against_the_lookup_dataset(tmp_path):
    folder = edited(tmp_path, "visits/VIS-05.yaml", "where: {purpose: repair_callback, outcome: reached}",
                    "where: {purpose: repair_callbak, outcome: reached}")
    line = 1 + (folder / "visits/VIS-05.yaml").read_text(encoding="utf-8").splitlines().index("    where: {purpose: repair_callbak, outcome: reached}")
    assert problems(folder) == [f"{folder}/visits/VIS-05.yaml:{line}: 'purpose' has no value 'repair_callbak' (did you mean 'repair_callback'?); "
                                "its values are routine, repair_callback, complaint_callback"]


def test_a_time_column_must_be_a_time(tmp_path):
    folder = edited(tmp_path, REP02, "start: reported_at", "start: site_id")
    assert problems(folder) == [f"{folder}/{REP02}:10: 'site_id' is used as a time but is a str column of work_orders"]


@pytest.mark.parametrize("name, old, new, says", [
    (REP02, "weight: 1", "weight: .inf", "weight: Input should be a finite number"),
    (REP02, "weight: 1", "weight: 101", "weight: Input should be less than or equal to 100"),
    (REP02, "weight: 1", "weight: -1", "weight: Input should be greater than or equal to 0"),
    ("scoring.yaml", "pass: 1.0", "pass: 7", "status_values.pass: Input should be less than or equal to 1"),
    ("scoring.yaml", "fail: 0.0", "fail: -0.5", "status_values.fail: Input should be greater than or equal to 0"),
    ("scoring.yaml", "major: 2", "major: .nan", "severity_factors.major: Input should be a finite number"),
    ("scoring.yaml", "minor: 1", "minor: 0", "severity_factors.minor: Input should be greater than 0"),
])
def test_weights_and_scoring_values_are_bounded(tmp_path, name, old, new, says):
    found = problems(edited(tmp_path, name, old, new))
    assert len(found) == 1 and says in found[0]


def test_an_impossible_date_is_a_located_yaml_error(tmp_path):
    folder = edited(tmp_path, REP02, "severity: critical", "severity: critical\neffective_from: 2026-13-01")
    found = problems(folder)
    assert len(found) == 1 and found[0].startswith(f"{folder}/{REP02}:16: invalid YAML") and "'2026-13-01' is not a date" in found[0]


def test_an_empty_rules_folder_is_an_error(tmp_path):
    (tmp_path / "rules").mkdir()
    assert problems(tmp_path / "rules") == [f"{tmp_path}/rules: no rules here: a rule pack needs at least one rule file (*.yaml)"]


@pytest.mark.parametrize("name, old, new, message", [
    ("shifts/SHF-02.yaml", "{shift_day_type: {ne: holiday}}", "{shift_day_type: {ne: holyday}}",
     "'shift_day_type' is a day type: 'holyday' is not one of workday, weekend, holiday, makeup_workday, day_off (did you mean 'holiday'?)"),
    ("shifts/SHF-02.yaml", "day_types: {shift_day_type: shift_date}", "day_types: {shift_day_type: staff_id}",
     "'staff_id' is used as a time but is a str column of shift_swaps"),
    ("handover/HND-03.yaml", "during: {at: shift_start, start: opened_at", "during: {at: shift_start, start: level",
     "'level' is used as a time but is a enum column of incidents"),
    ("committee/COM-02.yaml", "{members_present: {gt: {column: committee_size, times: $share}}}",
     "{contacted_at: {gt: {column: committee_size, times: $share}}}",
     "'contacted_at' (timestamp) is compared with 'committee_size' (int): the types cannot be compared"),
    ("committee/COM-02.yaml", "{members_present: {gt: {column: committee_size, times: $share}}}",
     "{chair_present: {eq: {column: committee_size, times: $share}}}",
     "'committee_size' is scaled with times, so 'chair_present' and 'committee_size' must be number columns, not bool and int"),
])
def test_day_types_windowed_lookups_and_scaled_columns_are_checked_at_load(tmp_path, name, old, new, message):
    folder = edited(tmp_path, name, old, new)
    found = problems(folder)
    assert len(found) == 1 and found[0].startswith(f"{folder}/{name}:") and found[0].endswith(message), found
