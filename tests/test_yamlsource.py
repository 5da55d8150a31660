"""YAML definition files: aliases refused before expansion, duplicate keys located, two rules without '---'."""

import shutil
import time

import pytest

from checker.api import default_rules_dir, load_definitions
from checker.errors import DefinitionError

BOMB = "".join([f"{a}: &{a} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['x'] * 9)}]\n"
                for p, a in zip([None, *"abcdefgh"], "abcdefghi")])


def pack_with(tmp_path, name, text):
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def problems(folder):
    with pytest.raises(DefinitionError) as caught:
        load_definitions(folder)
    return [str(p) for p in caught.value.problems]


def test_a_billion_laughs_is_refused_at_once(tmp_path):
    folder = pack_with(tmp_path, "bomb.yaml", BOMB)
    started = time.perf_counter()
    found = problems(folder)
    assert time.perf_counter() - started < 10
    assert found == [f"{folder}/bomb.yaml:2: YAML aliases (*a) are not allowed here: write the value out in full"]


def test_a_recursive_alias_is_refused(tmp_path):
    folder = pack_with(tmp_path, "loop.yaml", "a: &a [1, *a]\n")
    assert problems(folder) == [f"{folder}/loop.yaml:1: YAML aliases (*a) are not allowed here: write the value out in full"]


def test_a_duplicate_key_is_located_at_its_second_line(tmp_path):
    text = (default_rules_dir() / "repairs" / "REP-01.yaml").read_text(encoding="utf-8").replace("limit: 5min\n", "limit: 5min\nlimit: 500min\n")
    folder = pack_with(tmp_path, "repairs/REP-01.yaml", text)
    line = text.splitlines().index("limit: 500min") + 1
    assert problems(folder) == [f"{folder}/repairs/REP-01.yaml:{line}: key 'limit' is given twice (first on line {line - 1}); "
                                "a missing '---' between two rules looks like this"]


def test_two_rules_without_a_separator_are_reported(tmp_path):
    one = (default_rules_dir() / "repairs" / "REP-01.yaml").read_text(encoding="utf-8")
    two = (default_rules_dir() / "repairs" / "REP-02.yaml").read_text(encoding="utf-8")
    folder = pack_with(tmp_path, "repairs/REP-01.yaml", one + two)
    (folder / "repairs" / "REP-02.yaml").unlink()
    found = problems(folder)
    assert found and all("given twice" in p for p in found)
    assert f"{folder}/repairs/REP-01.yaml:{len(one.splitlines()) + 1}: key 'id' is given twice" in found[0]


def test_a_hint_among_keys_that_are_not_all_text_is_still_found():
    from checker.yamlsource import suggest

    assert suggest("limt", [1.5, "limit", 3]) == " (did you mean 'limit'?)"
    assert suggest(2, ["a", 2.0]) == ""
