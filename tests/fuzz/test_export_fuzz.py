"""Seeded fuzzing of export cells: every mutant is read and gated with every row accounted for, or refused with a
clear data error; none crashes or hangs. A few go through a whole run."""

import random
import shutil
from pathlib import Path

import pandas as pd
import pytest

from checker import api, outdir, output
from checker.contracts import default_contracts_dir, load_contracts
from checker.errors import DataError, UsageError
from checker.exitcodes import ExitCode
from checker.gate import gate_dataset, gate_export
from checker.loading import load_dataset
from checker.period import Period
from tests.fuzz.guard import survives

SAMPLE = Path(__file__).resolve().parents[2] / "datasets" / "sample"
CONTRACTS = load_contracts(default_contracts_dir())
DATASETS = ["work_orders", "complaints", "patrols", "visits", "handovers", "staff", "units", "areas", "sites"]
NASTY = ["", "\x00", "=cmd|' /C calc'!A0", "Ｓ００１－Ｑ０１", "2026-02-30", "25:61", "1e309", "-0", "x" * 5000, "😀🏠",
         "2026-10-02T09:00:00+08:00", "2026-10-02T01:00Z", "NaN", "None", 'say "hi"', "two\nlines", "a,b", "\ufeff工单号",
         "9999-12-31 23:59:59", "1677-09-21", "0", "-1", "true", "是", "否", "大修", "\t", " ", "null", "#N/A", "１２:３０",
         "2026/10/02 09:00", "20261002", "14:30", "2026-10-02 09:00:00.123456789", "<script>alert(1)</script>"]
MUTANTS = 240


def mutate(frame: pd.DataFrame, rng: random.Random) -> pd.DataFrame:
    frame = frame.copy()
    for _ in range(rng.randint(1, 6)):
        row, column = rng.randrange(len(frame)), rng.randrange(len(frame.columns))
        frame.iat[row, column] = rng.choice(NASTY + [str(frame.iat[rng.randrange(len(frame)), column])])
    if rng.random() < 0.2:
        frame = pd.concat([frame, frame.iloc[[rng.randrange(len(frame)) for _ in range(rng.randint(1, 3))]]], ignore_index=True)
    if rng.random() < 0.2 and len(frame) > 1:
        frame = frame.drop(index=frame.index[rng.randrange(len(frame))])
    if rng.random() < 0.1:
        columns = list(frame.columns)
        columns[rng.randrange(len(columns))] = rng.choice(NASTY[:6] + [columns[0]])
        frame.columns = columns
    return frame


def write(frame: pd.DataFrame, folder: Path, name: str, rng: random.Random) -> Path:
    form = rng.choice(["utf-8-sig", "utf-8", "gb18030", "xlsx"])
    if form == "xlsx" and not frame.map(lambda v: any(ord(ch) < 32 and ch not in "\t\n\r" for ch in str(v))).to_numpy().any():
        path = folder / f"{name}.xlsx"
        frame.to_excel(path, index=False)
        return path
    path = folder / f"{name}.csv"
    try:
        frame.to_csv(path, index=False, encoding="utf-8-sig" if form == "xlsx" else form)
    except UnicodeEncodeError:  # an emoji has no GBK form: a Chinese system would export UTF-8 then
        frame.to_csv(path, index=False, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def accepted():
    return gate_export(SAMPLE, CONTRACTS, {}).accepted


def originals():
    return {name: pd.read_csv(SAMPLE / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig") for name in DATASETS}


def test_export_cell_mutants_are_gated_or_refused(tmp_path, accepted):
    rng, frames, outcomes = random.Random(20261124), originals(), {"gated": 0, "refused": 0}
    for n in range(MUTANTS):
        name = rng.choice(DATASETS)
        folder = tmp_path / f"m{n}"
        folder.mkdir()
        path = write(mutate(frames[name], rng), folder, name, rng)
        with survives(f"mutant {n} ({path})", 20):
            try:
                loaded = load_dataset(path, CONTRACTS[name], {})
                kept, quarantine, quality = gate_dataset(loaded, CONTRACTS[name], accepted)
                assert quality.rows_read == len(kept) + len(quarantine) == quality.rows_accepted + quality.rows_quarantined
                outcomes["gated"] += 1
            except (DataError, UsageError):
                outcomes["refused"] += 1
        shutil.rmtree(folder)
    assert outcomes["gated"] > MUTANTS // 2 and outcomes["refused"] > 0, outcomes


@pytest.mark.parametrize("seed", range(4))
def test_whole_runs_over_mutated_exports_complete(tmp_path, seed):
    rng, frames = random.Random(seed), originals()
    export = tmp_path / "export"
    shutil.copytree(SAMPLE, export)
    for name in rng.sample(DATASETS, 3):
        (export / f"{name}.csv").unlink()
        frame = frames[name]
        for _ in range(5):
            frame = mutate(frame, rng)
        frame.columns = frames[name].columns if len(frame.columns) == len(frames[name].columns) else frame.columns
        frame.to_csv(export / f"{name}.csv", index=False, encoding="utf-8")
    try:
        result = api.run(export, Period.parse("2026-10"))
    except (DataError, UsageError):
        return
    for quality in result.gate.quality.values():
        assert quality.rows_read == quality.rows_accepted + quality.rows_quarantined
    with outdir.claim(tmp_path / "out", export) as target:  # every output renders whatever survived the gate
        output.write_run(result, target, output.summary(result, ExitCode.OK), "zh")
    assert (tmp_path / "out" / "report.html").is_file()
