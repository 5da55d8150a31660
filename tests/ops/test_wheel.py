"""The built wheel carries its rules, contracts and templates: installed into a fresh venv, `svccheck demo` runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = "Scripts" if os.name == "nt" else "bin"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv holding only the built wheel; its dependencies are read from the test venv (a .pth line)."""
    base = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(base / "dist"), str(ROOT)], check=True)
    wheel = next((base / "dist").glob("svccheck-*.whl"))
    env = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / SCRIPTS / ("python.exe" if os.name == "nt" else "python")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)], check=True)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # a plain path line: the test venv's packages come after the wheel's, and its editable svccheck is not loaded
    Path(site, "test-venv-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return env


def _svccheck(env: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(env / SCRIPTS / "svccheck"), *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "SVCCHECK_LANG": "zh"})


def test_the_installed_package_is_the_wheel_with_its_data(installed, tmp_path):
    python = installed / SCRIPTS / "python"
    found = subprocess.run([str(python), "-c", "import checker, checker.api as a, checker.contracts as c; "
                            "print(checker.__file__); print(a.default_rules_dir()); print(c.default_contracts_dir())"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout.split("\n")
    for line in found[:3]:
        assert Path(line).resolve().is_relative_to(installed.resolve()), line
    assert Path(found[1], "pack.yaml").is_file() and Path(found[2], "work_orders.yaml").is_file()


def test_rules_list_and_init_from_the_wheel(installed, tmp_path):
    listed = _svccheck(installed, "rules", "list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    shipped = sorted(p for p in (ROOT / "rules").rglob("*.yaml"))
    assert "VIS-05" in listed.stdout and len(listed.stdout.splitlines()) >= 80
    made = _svccheck(installed, "init", "pack", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    copied = sorted((tmp_path / "pack" / "rules").rglob("*.yaml"))
    assert [p.relative_to(tmp_path / "pack" / "rules") for p in copied] == [p.relative_to(ROOT / "rules") for p in shipped]
    again = _svccheck(installed, "init", "pack", cwd=tmp_path)
    assert again.returncode == 2 and "不是空文件夹" in again.stderr  # zh unless asked otherwise


def test_demo_from_the_wheel(installed, tmp_path):
    done = _svccheck(installed, "demo", "--out", "demo", "--sites", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    summary = json.loads((tmp_path / "demo" / "2026-10" / "summary.json").read_text(encoding="utf-8"))
    assert summary["period"]["label"] == "2026-10" and summary["counts"]["pass"] > 0
    assert (tmp_path / "demo" / "2026-10" / "report.html").stat().st_size > 10_000
    assert f"Report: {(tmp_path / 'demo' / '2026-10' / 'report.html').resolve()}" in done.stdout
