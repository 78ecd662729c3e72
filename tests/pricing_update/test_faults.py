"""Every fault leaves the previous data active, with a clear one-line message."""

from __future__ import annotations

import os

import pytest

from cost_gate.errors import PricingUpdateError
from cost_gate.pricing.update import cache as cache_mod
from cost_gate.pricing.update.http import Fetcher
from tests.pricing_update.helpers import Sleeps, cache_dir, manifest, snapshot, update

ELB_CSV = "/offers/v1.0/aws/AWSELB/20260831092255/us-east-1/index.csv"
ELB = {"providers": ["aws"], "services": ["elb"], "regions": ["us-east-1"]}


@pytest.fixture
def primed(fake, env):
    """A cache holding one successful update, and its exact bytes."""
    update(env, **ELB)
    fake.hits.clear()
    return snapshot(cache_dir(env))


def _no_leftovers(env):
    parent = cache_dir(env).parent
    assert sorted(p.name for p in parent.iterdir() if p.name != ".pricing.lock") == ["pricing"]


def test_5xx_is_retried_with_backoff(fake, env):
    fake.faults[ELB_CSV] = [503, 502]
    fake.faults["/offers/v1.0/aws/index.json"] = [500]
    sleeps = Sleeps()
    summary = update(env, sleeps=sleeps, attempts=3, **ELB)
    assert summary.written
    assert sleeps == [0.5, 0.5, 1.0]  # index: one retry; offer file: two, doubling
    assert fake.paths().count(ELB_CSV) == 3


def test_retry_after_is_honoured_but_bounded(fake, env):
    fake.faults["/offers/v1.0/aws/index.json"] = [429]
    sleeps = Sleeps()
    f = Fetcher(env=env, sleep=sleeps, max_delay=2.0)
    f.session  # noqa: B018 - build the session
    f.get_json(fake.url + "/offers/v1.0/aws/index.json")
    assert sleeps == [0.5]


def test_persistent_5xx_fails_and_keeps_old_data(fake, env, primed):
    fake.faults[ELB_CSV] = [503, 503, 503]
    with pytest.raises(PricingUpdateError) as info:
        update(env, **ELB)
    assert "failed after 3 attempts (HTTP 503)" in info.value.one_line()
    assert snapshot(cache_dir(env)) == primed
    _no_leftovers(env)


def test_404_is_clear_and_keeps_old_data(fake, env, primed):
    fake.faults[ELB_CSV] = [404]
    with pytest.raises(PricingUpdateError) as info:
        update(env, **ELB)
    assert info.value.exit_code == 4
    assert info.value.one_line() == (
        f"aws AWSELB us-east-1: {fake.url}{ELB_CSV} not found (HTTP 404)")
    assert snapshot(cache_dir(env)) == primed
    _no_leftovers(env)


def test_truncated_body_never_reaches_the_cache(fake, env, primed):
    fake.faults[ELB_CSV] = ["truncate", "truncate", "truncate"]
    with pytest.raises(PricingUpdateError) as info:
        update(env, **ELB)
    message = info.value.one_line()
    assert "failed after 3 attempts" in message
    assert "truncated" in message or "broken" in message
    assert snapshot(cache_dir(env)) == primed
    _no_leftovers(env)


def test_truncated_then_complete_succeeds(fake, env):
    fake.faults[ELB_CSV] = ["truncate"]
    assert update(env, **ELB).written
    assert manifest(env)["files"]["aws/elb/us-east-1.csv"]["rows"] == 8


def test_truncated_json_page_is_retried(fake, env):
    fake.faults["/api/retail/prices"] = ["truncate"]
    summary = update(env, providers=["azure"], services=["virtual_machines"],
                     regions=["westeurope"])
    assert summary.written


def test_garbage_offer_file_keeps_old_data(fake, env, primed):
    fake.faults[ELB_CSV] = ["garbage"]
    with pytest.raises(PricingUpdateError) as info:
        update(env, **ELB)
    assert "AWSELB us-east-1" in info.value.one_line()
    assert snapshot(cache_dir(env)) == primed


def test_failure_in_second_provider_writes_nothing(fake, env, primed):
    fake.faults["/api/retail/prices"] = [404]
    with pytest.raises(PricingUpdateError):
        update(env, providers=["aws", "azure"], regions=["us-east-1"],
               services=["elb", "virtual_machines"])
    assert snapshot(cache_dir(env)) == primed


def test_304_not_modified_does_not_rewrite(fake, env, primed):
    before = {p: os.stat(cache_dir(env) / p).st_mtime_ns for p in primed}
    log: list[str] = []
    summary = update(env, log=log, **ELB)
    assert not summary.written and summary.not_modified == ["aws-price-list-AWSELB-us-east-1"]
    request_headers = next(h for p, _, h in fake.hits if p == ELB_CSV)
    assert request_headers.get("If-None-Match")
    assert request_headers.get("If-Modified-Since") == "Mon, 31 Aug 2026 09:22:55 GMT"
    assert snapshot(cache_dir(env)) == primed
    assert {p: os.stat(cache_dir(env) / p).st_mtime_ns for p in primed} == before
    assert any("not modified" in line for line in log)


def test_304_for_one_source_keeps_its_rows_while_another_updates(fake, env, primed):
    update(env, providers=["aws"], services=["elb", "rds"], regions=["us-east-1", "eu-west-2"])
    files = manifest(env)["files"]
    assert "aws/elb/us-east-1.csv" in files and "aws/rds/eu-west-2.csv" in files
    assert (cache_dir(env) / "aws/elb/us-east-1.csv").read_bytes() == primed[
        "aws/elb/us-east-1.csv"]


def test_offline_env_refuses_network(fake, env, primed):
    with pytest.raises(PricingUpdateError) as info:
        update({**env, "COST_GATE_OFFLINE": "1"}, **ELB)
    assert "offline" in info.value.one_line()
    assert fake.hits == []
    assert snapshot(cache_dir(env)) == primed


def test_offline_option_refuses_network(fake, env):
    with pytest.raises(PricingUpdateError):
        update(env, offline=True, **ELB)
    with pytest.raises(PricingUpdateError):
        Fetcher(offline=True).get_json(fake.url + "/offers/v1.0/aws/index.json")
    assert fake.hits == []


def test_failed_swap_restores_previous_cache(fake, env, primed, monkeypatch):
    real_rename = os.rename
    calls = []

    def flaky_rename(src, dst):
        calls.append((str(src), str(dst)))
        if len(calls) == 2:  # the rename of the new dataset into place
            raise OSError(28, "No space left on device")
        return real_rename(src, dst)

    monkeypatch.setattr(cache_mod.os, "rename", flaky_rename)
    with pytest.raises(OSError):
        update(env, providers=["aws"], services=["rds"], regions=["eu-west-2"])
    monkeypatch.setattr(cache_mod.os, "rename", real_rename)
    assert snapshot(cache_dir(env)) == primed
    _no_leftovers(env)


def test_interrupted_swap_is_recovered(fake, env, primed):
    root = cache_dir(env)
    os.rename(root, root.parent / ".pricing-old-deadbeef")  # crash between the two renames
    (root.parent / ".pricing-new-abc").mkdir()
    cache_mod.recover(root)
    assert snapshot(root) == primed
    _no_leftovers(env)


def test_corrupt_cached_file_is_dropped_not_trusted(fake, env, primed):
    path = cache_dir(env) / "aws/elb/us-east-1.csv"
    path.write_text(path.read_text().replace("0.0225", "9.9999"))
    update(env, providers=["aws"], services=["rds"], regions=["eu-west-2"])
    files = manifest(env)["files"]
    assert "aws/elb/us-east-1.csv" not in files and "aws/rds/eu-west-2.csv" in files


def test_concurrent_update_is_refused(fake, env, primed):
    import fcntl

    with open(cache_dir(env).parent / ".pricing.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with pytest.raises(PricingUpdateError) as info:
            update(env, **ELB)
    assert "another" in info.value.one_line()


def test_https_proxy_from_environment_is_used(fake, env, monkeypatch):
    """HTTP(S)_PROXY from the standard environment routes requests (here: the fake is the proxy)."""
    monkeypatch.setenv("HTTP_PROXY", fake.url)
    monkeypatch.setenv("NO_PROXY", "")
    env = {**env, "COST_GATE_AWS_PRICING_URL": "http://pricing.mirror.invalid"}
    assert update(env, **ELB).written
    assert ELB_CSV in fake.paths()
    assert manifest(env)["sources"]["aws-price-list-AWSELB-us-east-1"]["url"].startswith(
        "http://pricing.mirror.invalid/")
