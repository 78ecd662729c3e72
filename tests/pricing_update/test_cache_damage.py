"""The price cache trusts nothing it reads (issue 13).

A damaged cache (edited or out-of-range prices, a wrong-shaped manifest, a FIFO or a
symlink to /dev/zero) is reported once and ignored; `pricing update` rebuilds it; an update
killed between its two renames is completed or rolled back by the next run; `verify` says so.
Plus the update path's remaining faults: slow answers, 429 storms, oversized and non-JSON
bodies, two updates at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from cost_gate.errors import PricingUpdateError
from cost_gate.pricing.store import PriceStore
from cost_gate.pricing.update import cache as cache_mod
from tests.pricing_update.helpers import cache_dir, manifest, snapshot, update

ROOT = Path(__file__).resolve().parents[2]
ELB = {"providers": ["aws"], "services": ["elb"], "regions": ["us-east-1"]}
ELB_REL = "aws/elb/us-east-1.csv"
PLAN = {
    "format_version": "1.2",
    "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {
        "region": {"constant_value": "us-east-1"}}}}},
    "resource_changes": [{
        "address": "aws_elb.web", "mode": "managed", "type": "aws_elb", "name": "web",
        "provider_name": "registry.terraform.io/hashicorp/aws",
        "change": {"actions": ["create"], "before": None, "after": {"name": "web"},
                   "after_unknown": {}}}],
}


@pytest.fixture
def primed(fake, env):
    update(env, **ELB)
    return snapshot(cache_dir(env))


def check(env, tmp_path, *args, timeout=60):
    """`cost-gate check` in a subprocess: (exit code, report or None, stderr)."""
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(PLAN))
    full = {k: v for k, v in os.environ.items() if not k.startswith("COST_GATE_")}
    full["COST_GATE_CACHE_DIR"] = env["COST_GATE_CACHE_DIR"]
    proc = subprocess.run([sys.executable, "-m", "cost_gate", *(args or ("check", str(plan),
                                                                      "--format", "json"))],
                          capture_output=True, text=True, env=full, timeout=timeout, cwd=ROOT)
    assert "Traceback" not in proc.stderr, proc.stderr
    report = json.loads(proc.stdout) if proc.stdout.startswith("{") else None
    return proc.returncode, report, proc.stderr


def rewrite(env, text_edit, *, fix_checksum: bool) -> None:
    root = cache_dir(env)
    path = root / ELB_REL
    path.write_text(text_edit(path.read_text()))
    if fix_checksum:
        m = manifest(env)
        m["files"][ELB_REL]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        (root / "manifest.json").write_text(json.dumps(m))


def test_a_sound_cache_is_used(primed, env, tmp_path):
    code, report, err = check(env, tmp_path)
    assert code == 0 and report["pricing"]["origins"] == ["user-cache"]
    assert "notes" not in report["pricing"] and "warning" not in err


@pytest.mark.parametrize(("edit", "fix_checksum", "reason"), [
    (lambda t: t.replace("0.025", "0.0001"), False, "sha256"),        # an edited price
    (lambda t: t.replace(",0.025,", ",-0.025,"), True, "non-negative"),
    (lambda t: t.replace(",0.025,", ",NaN,"), True, "finite"),
    (lambda t: t.replace(",0.025,", ",Infinity,"), True, "finite"),
    (lambda t: t.replace(",0.025,", ",lots,"), True, "not a price table"),
    (lambda t: "nonsense\n", True, "not a price table"),
])
def test_damaged_cache_is_reported_once_and_ignored(primed, env, tmp_path, edit,
                                                    fix_checksum, reason):
    rewrite(env, edit, fix_checksum=fix_checksum)
    code, report, err = check(env, tmp_path)
    assert code == 0, err
    pricing = report["pricing"]
    assert pricing["origins"] == ["shipped"]
    [note] = pricing["notes"]
    assert reason in note and "ignored" in note and "pricing update" in note
    assert err.count("warning: the price cache") == 1
    (res,) = report["projects"][0]["resources"]
    assert res["after"]["components"][0]["unit_price"] == 0.025  # the shipped price


@pytest.mark.parametrize("manifest_text", [
    '{"files": []}', "[]", '{"files": {"../../etc/passwd": {"sha256": "00"}}}',
    '{"files": {"aws/elb/us-east-1.csv": {"sha256": "x", "rows": -1}}}', "{nope",
    '{"files": {}, "snapshot_date": ["2026"]}',
])
def test_wrong_shaped_manifest_is_ignored_then_rebuilt(primed, env, tmp_path, manifest_text):
    (cache_dir(env) / "manifest.json").write_text(manifest_text)
    code, report, err = check(env, tmp_path)
    assert code == 0 and report["pricing"]["origins"] == ["shipped"], err
    assert len(report["pricing"]["notes"]) == 1
    code, _, err = check(env, tmp_path, "pricing", "verify")
    assert code == 4 and "user-cache" in err
    log: list[str] = []
    assert update(env, log=log, **ELB).written  # never exit 5: rebuilt from scratch
    assert any("rebuilding it from scratch" in line for line in log)
    code, report, _ = check(env, tmp_path)
    assert code == 0 and report["pricing"]["origins"] == ["user-cache"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this OS")
@pytest.mark.parametrize("what", ["fifo", "dev-zero", "loop"])
def test_fifo_and_dev_zero_in_the_cache_do_not_hang(primed, env, tmp_path, what):
    path = cache_dir(env) / ELB_REL
    path.unlink()
    if what == "fifo":
        os.mkfifo(path)
    elif what == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        path.symlink_to(path)
    code, report, err = check(env, tmp_path, timeout=30)
    assert code == 0 and report["pricing"]["origins"] == ["shipped"], err
    code, _, err = check(env, tmp_path, "pricing", "verify", timeout=30)
    assert code == 4
    assert update(env, **ELB).written
    assert cache_dir(env).joinpath(ELB_REL).is_file()


def test_manifest_as_fifo_does_not_hang(primed, env, tmp_path):
    manifest_path = cache_dir(env) / "manifest.json"
    manifest_path.unlink()
    os.mkfifo(manifest_path)
    code, report, _ = check(env, tmp_path, timeout=30)
    assert code == 0 and report["pricing"]["origins"] == ["shipped"]
    assert "not a regular file" in report["pricing"]["notes"][0]


# -- an update killed between its two renames --------------------------------------------------

def _interrupt(env, *, new_complete: bool) -> None:
    """The state a crash between the renames leaves: no cache, the old one aside, the new
    one (complete or not) in its staging directory."""
    root = cache_dir(env)
    staged = root.parent / ".pricing-new-1234abcd"
    if new_complete:
        shutil.copytree(root, staged)
    else:
        staged.mkdir()
        (staged / "aws").mkdir()
    os.rename(root, root.parent / ".pricing-old-deadbeef")


@pytest.mark.parametrize(("new_complete", "word"), [(True, "completed"),
                                                    (False, "rolled back")])
def test_interrupted_update_is_repaired_by_the_next_check(primed, env, tmp_path, new_complete,
                                                          word):
    _interrupt(env, new_complete=new_complete)
    code, report, err = check(env, tmp_path)
    assert code == 0
    assert report["pricing"]["origins"] == ["user-cache"]
    assert word in report["pricing"]["notes"][0] and word in err
    assert snapshot(cache_dir(env)) == primed
    assert sorted(p.name for p in cache_dir(env).parent.iterdir()
                  if not p.name.startswith(".pricing.lock")) == ["pricing"]


def test_verify_reports_an_interrupted_update(primed, env, tmp_path):
    _interrupt(env, new_complete=False)
    code, _, err = check(env, tmp_path, "pricing", "verify")
    assert code == 0 and "rolled back an interrupted `pricing update`" in err


def test_reader_waits_for_a_running_update_instead_of_racing_it(primed, env):
    root = cache_dir(env)
    _interrupt(env, new_complete=True)
    with cache_mod.locked(root):  # an update holds the lock...
        timer = threading.Timer(0.3, lambda: os.rename(root.parent / ".pricing-new-1234abcd",
                                                      root))
        timer.start()  # ...and finishes its swap while the reader waits for the lock
        store_box: list[PriceStore] = []
        reader = threading.Thread(target=lambda: store_box.append(
            PriceStore.default(env={"COST_GATE_CACHE_DIR": env["COST_GATE_CACHE_DIR"]})))
        reader.start()
        timer.join()
    reader.join(10)
    assert store_box and store_box[0].layers[0].origin == "user-cache"
    assert store_box[0].problems == []  # the reader found the finished swap: nothing to repair
    assert not (root.parent / ".pricing-new-1234abcd").exists()


# -- two updates at once -----------------------------------------------------------------------

def test_two_updates_at_once_never_mix(fake, env, primed):
    fake.faults.setdefault("/offers/v1.0/aws/AWSELB/current/region_index.json", [])
    results: list[object] = []

    def run() -> None:
        try:
            results.append(update(env, **ELB))
        except PricingUpdateError as exc:
            results.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    refused = [r for r in results if isinstance(r, PricingUpdateError)]
    assert len(results) == 2
    assert all("another" in r.one_line() for r in refused)
    assert PriceStore.default(env=env).problems == []
    from cost_gate.pricing.dataset import verify_dataset

    assert verify_dataset(cache_dir(env)) == []


# -- remaining network faults of the update path -----------------------------------------------

ELB_INDEX = "/offers/v1.0/aws/AWSELB/current/region_index.json"


@pytest.mark.parametrize("fault", [429, 503])
def test_storm_beyond_the_retry_budget_keeps_old_data(fake, env, primed, fault):
    fake.faults[ELB_INDEX] = [fault] * 10
    with pytest.raises(PricingUpdateError) as info:
        update(env, **ELB)
    assert f"HTTP {fault}" in info.value.one_line()
    assert snapshot(cache_dir(env)) == primed


@pytest.mark.parametrize("fault", ["truncate", "garbage"])
def test_reset_mid_body_and_non_json_index_keep_old_data(fake, env, primed, fault):
    fake.faults[ELB_INDEX] = [fault] * 10
    with pytest.raises(PricingUpdateError):
        update(env, **ELB)
    assert snapshot(cache_dir(env)) == primed


def test_slow_answer_past_the_timeout_keeps_old_data(fake, env, primed, monkeypatch):
    import time

    from tests.pricing_update import helpers

    real = fake.handle

    def slow(request):
        if request.path == ELB_INDEX:
            time.sleep(1.0)
        return real(request)

    fake.server.clear()
    fake.server.expect_request(__import__("re").compile(".*")).respond_with_handler(slow)
    monkeypatch.setattr(helpers, "fetcher", lambda env, sleeps=None, attempts=2: (
        __import__("cost_gate.pricing.update.http", fromlist=["Fetcher"]).Fetcher(
            env=env, attempts=2, sleep=lambda _s: None, timeout=(1.0, 0.3))))
    with pytest.raises(PricingUpdateError) as info:
        helpers.update(env, **ELB)
    assert "ReadTimeout" in info.value.one_line() or "timed out" in info.value.one_line()
    assert snapshot(cache_dir(env)) == primed


def test_oversized_json_answer_is_refused(fake, env, primed, monkeypatch):
    from cost_gate.pricing.update import http

    monkeypatch.setattr(http, "MAX_JSON_BYTES", 100)
    with pytest.raises(PricingUpdateError) as info:
        update(env, **ELB)
    assert "limit" in info.value.one_line()
    assert snapshot(cache_dir(env)) == primed
