"""textmlp.provenance and textmlp.report.submission: code digests, the manifest,
deterministic zips and writers, and the rules' code parameters."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import zipfile

import pytest

from tests.conftest import REPO
from textmlp.io import atomic_torch_save, torch_bytes
from textmlp.provenance import (
    build_command,
    code_digest,
    fingerprint,
    imported_modules,
    manifest_text,
    manifested,
    parse_manifest,
    write_zip,
)
from textmlp.report.submission import (
    CHECKSUMS,
    DIFF,
    data_plan,
    rebuild_steps,
    source_members,
    submission_members,
    submission_note,
    used_config,
)
from textmlp.train.baselines import split_timings


@pytest.fixture
def package(tmp_path):
    """A small package `textmlp` under tmp_path/src and a script importing part of it."""
    pkg = tmp_path / "src" / "textmlp"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""pkg"""\n')
    (pkg / "a.py").write_text("from textmlp.b import f\n\ndef g():\n    from textmlp import c\n    return c\n")
    (pkg / "b.py").write_text("def f():\n    return 1\n")
    (pkg / "c.py").write_text("X = 1\n")
    (pkg / "unused.py").write_text("Y = 2\n")
    script = tmp_path / "script.py"
    script.write_text("from textmlp.a import g\nimport numpy\n")
    return tmp_path / "src", script


def test_imported_modules_follow_function_level_and_transitive_imports(package):
    root, script = package
    assert list(imported_modules(script, root)) == ["textmlp", "textmlp.a", "textmlp.b", "textmlp.c"]


def test_code_digest_follows_the_contents_of_used_modules_only(package):
    root, script = package
    before = code_digest(script, root)
    (root / "textmlp/unused.py").write_text("Y = 3\n")  # not imported by the script
    os.utime(root / "textmlp/b.py", (0, 0))  # an older mtime, same content (a fresh checkout)
    assert code_digest(script, root) == before
    (root / "textmlp/c.py").write_text("X = 2\n")  # imported inside a function of a.py
    assert code_digest(script, root) != before


def test_every_rule_passes_the_digest_of_its_own_script():
    """Each rule with a script has `code=code("<that script>")`: the parameter that reruns it on a code edit."""
    rules = 0
    for smk in sorted((REPO / "workflow/rules").glob("*.smk")):
        blocks = re.split(r"(?:^|\n)\s*rule ", smk.read_text())[1:]
        for block in blocks:
            script = re.search(r'script:\s*"\.\./scripts/(\w+\.py)"', block)
            if script is None:
                continue
            rules += 1
            name = block.split(":", 1)[0]
            assert re.findall(r'code=code\("(\w+\.py)"\)', block) == [script.group(1)], f"rule {name}"
    assert rules >= 20


def test_manifest_is_what_sha256sum_checks_and_names_a_changed_file(tmp_path):
    (tmp_path / "results/tables").mkdir(parents=True)
    (tmp_path / "results/tables/a.csv").write_text("x\n1\n")
    (tmp_path / "results/b.json").write_text("{}\n")
    text = manifest_text(["results/tables/a.csv", "results/b.json", "results/b.json"], root=tmp_path)
    ours = subprocess.run(
        ["sha256sum", "results/b.json", "results/tables/a.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert text == ours
    assert list(parse_manifest(text)) == ["results/b.json", "results/tables/a.csv"]
    (tmp_path / "MANIFEST").write_text(text)
    assert subprocess.run(["sha256sum", "-c", "--strict", "MANIFEST"], cwd=tmp_path).returncode == 0
    (tmp_path / "results/tables/a.csv").write_text("x\n2\n")
    res = subprocess.run(["sha256sum", "-c", "MANIFEST"], cwd=tmp_path, capture_output=True, text=True)
    assert res.returncode != 0 and "results/tables/a.csv: FAILED" in res.stdout
    assert len(fingerprint(tmp_path / "MANIFEST")) == 16
    with pytest.raises(ValueError, match="relative"):
        manifest_text([str(tmp_path / "results/b.json")], root=tmp_path)


def test_manifest_leaves_out_logs_benchmarks_timings_and_the_latex_build():
    assert manifested("results/tables/runs.csv") and manifested("results/report/results_macros.tex")
    for path in (
        "results/logs/train/x.log",
        "results/benchmarks/train/x.tsv",
        "results/timings/runs.csv",
        "results/report/build/hw3.aux",
        "results/report/repro.tex",
        "results/MANIFEST.sha256",
    ):
        assert not manifested(path), path


def test_build_command_names_config_files_relative_to_the_workflow(tmp_path):
    cwd = tmp_path / "work"
    assert build_command([cwd / "config.yaml"], cwd) == "snakemake"
    # outside the workflow's folder: its name only, no path of the building machine
    assert build_command([cwd / "config.yaml", tmp_path / "local.yaml"], cwd) == "snakemake --configfile local.yaml"
    assert build_command([cwd / "config.yaml", cwd / "profiles" / "x.yaml"], cwd) == (
        "snakemake --configfile profiles/x.yaml"
    )


def test_zips_depend_on_their_members_alone(tmp_path):
    members = [("b/x.txt", b"x"), ("a.txt", b"a")]
    write_zip(tmp_path / "one.zip", members)
    write_zip(tmp_path / "two.zip", list(reversed(members)))
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    assert zipfile.ZipFile(tmp_path / "one.zip").namelist() == ["a.txt", "b/x.txt"]
    with pytest.raises(ValueError):
        write_zip(tmp_path / "bad.zip", [("/etc/x", b"")])


def test_torch_files_do_not_depend_on_their_file_name(tmp_path):
    import torch

    obj = {"w": torch.arange(6.0).reshape(2, 3)}
    atomic_torch_save(tmp_path / "model.pt", obj)
    atomic_torch_save(tmp_path / "other.pt", obj)
    assert (tmp_path / "model.pt").read_bytes() == (tmp_path / "other.pt").read_bytes() == torch_bytes(obj)
    assert torch.equal(torch.load(tmp_path / "model.pt", weights_only=True)["w"], obj["w"])


def test_baseline_timings_are_split_from_results():
    recs = [{"embedding": "e", "inputs": "i", "C": 1.0, "dev_acc": 0.5, "fit_seconds": 2.0, "best_fit_seconds": 1.0}]
    results, timings = split_timings(recs)
    assert results == [{"embedding": "e", "inputs": "i", "C": 1.0, "dev_acc": 0.5}]
    assert timings == [{"embedding": "e", "inputs": "i", "fit_seconds": 2.0, "best_fit_seconds": 1.0}]


def test_source_members_are_relative_and_not_hidden(tmp_path):
    (tmp_path / "results/report").mkdir(parents=True)
    (tmp_path / "results/report/m.tex").write_text("%m\n")
    (tmp_path / "hw3.tex").write_text("%doc\n")
    names = [n for n, _ in source_members(tmp_path / "hw3.tex", ["results/report/m.tex"], root=tmp_path)]
    assert names == ["hw3.tex", "results/report/m.tex"]
    for bad in ("/abs/x.tex", "../x.tex", "results/.hidden.tex"):
        with pytest.raises(ValueError):
            source_members(tmp_path / "hw3.tex", [bad], root=tmp_path)


def test_submission_says_when_the_code_differs_from_the_results_commit(tmp_path):
    inputs = {"git_commit": "abc", "git_dirty": False}
    note, warnings = submission_note(inputs, "f" * 16, {"commit": "abc"}, "")
    assert warnings == [] and "WARNING" not in note and "f" * 16 in note
    note, warnings = submission_note(inputs, "f" * 16, {"commit": "def"}, "diff --git a/x b/x\n")
    assert len(warnings) == 2 and note.count("WARNING") == 2 and DIFF in note
    for name in ("hw3.pdf", "s.zip"):
        (tmp_path / name).write_bytes(b"%PDF")
    members = dict(
        submission_members(
            pdf=tmp_path / "hw3.pdf",
            source_zip=tmp_path / "s.zip",
            results=[],
            code=[("code/x.py", b"1")],
            note=note,
            diff="d\n",
            root=tmp_path,
        )
    )
    assert set(members) == {"hw3.pdf", "hw3-source.zip", "SUBMISSION.txt", "code/x.py", DIFF, CHECKSUMS}
    # the checksum file checks exactly the other members
    assert members[CHECKSUMS].decode() == "".join(
        f"{hashlib.sha256(members[n]).hexdigest()}  {n}\n" for n in sorted(members) if n != CHECKSUMS
    )
    with pytest.raises(ValueError, match="code/"):
        submission_members(
            pdf=tmp_path / "hw3.pdf",
            source_zip=tmp_path / "s.zip",
            results=[],
            code=[("x.py", b"1")],
            note=note,
            root=tmp_path,
        )


def test_submission_data_plan_includes_a_small_local_table_and_names_a_url_by_digest(tmp_path):
    """Issue 24.16: the zip's config is the one used, sources redacted; a small
    local table travels with it, a URL's file is named by source and sha256."""
    import yaml

    local, fetched = tmp_path / "mine.tsv", tmp_path / "copy-of-url.tsv"
    local.write_text("text\tlabel\nok\t1\n")
    fetched.write_text("text\tlabel\nfine\t0\n")
    url = "https://bucket.example.org/set/test.tsv?X-Amz-Signature=S1GN4TURE"
    config = {
        "data": {
            "kind": "table",
            "files": {"train": {"source": str(local)}, "test": {"source": url, "sha256": "0" * 64}},
        },
        "seeds": [3],
    }
    plan = data_plan(config["data"], {"train": local, "test": fetched})
    train, test = plan
    assert train["member"] == "data/train/mine.tsv" and test["member"] is None
    assert test["secret"] and "S1GN4TURE" not in test["recorded"]
    text = used_config(config, plan)
    assert "S1GN4TURE" not in text and str(tmp_path) not in text
    used = yaml.safe_load(text)
    assert used["seeds"] == [3]
    assert used["data"]["files"]["train"] == {"source": "data/train/mine.tsv", "sha256": train["sha256"]}
    assert used["data"]["files"]["test"]["sha256"] == hashlib.sha256(fetched.read_bytes()).hexdigest()
    steps = "\n".join(rebuild_steps(plan, diff=True))
    assert "cp config.yaml rebuild/ && cp -r data rebuild/" in steps and "git apply UNCOMMITTED.diff" in steps
    assert "put the full URL in config.yaml (data.files.test.source)" in steps
    assert config["data"]["files"]["test"]["source"] == url  # the caller's config is not changed
