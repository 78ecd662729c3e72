"""GitLab, Azure Repos and Bitbucket request shapes against fakes on 127.0.0.1."""

from __future__ import annotations

import pytest

from cost_gate.errors import PostError
from cost_gate.vcs.azure_repos import AzureReposHost
from cost_gate.vcs.bitbucket import BitbucketHost
from cost_gate.vcs.gitlab import GitLabHost
from cost_gate.vcs.marker import Marker, parse_marker
from cost_gate.vcs.poster import PostOptions, post_report
from tests.vcs.conftest import TOKEN, fake_render, make_report


def run(host, report, **opts):
    opts.setdefault("commit", "abc123")
    opts.setdefault("commit_time", "2024-05-01T10:00:00Z")
    return post_report(host, report, PostOptions(**opts), render=fake_render(report))


def marked(bodies, tag=""):
    return [b for b in bodies if (m := parse_marker(b)) and m.tag == tag and not m.state]


# -- GitLab --------------------------------------------------------------------------------


def gl_host(fake, **kw):
    return GitLabHost(project=fake.project, merge_request=fake.iid, token=TOKEN,
                      server_url=fake.base, **kw)


def test_gitlab_create_update_and_paging(gitlab):
    for i in range(150):
        gitlab.add(f"note {i}", system=i % 2 == 0)
    assert run(gl_host(gitlab), make_report(1)).action == "created"
    res = run(gl_host(gitlab), make_report(2), commit="b", commit_time="2024-05-02T00:00:00Z")
    assert res.action == "updated"
    [mine] = marked(gitlab.bodies())
    assert "+$2.00" in mine and mine.startswith("<!-- cost-gate:v1 ")
    gets = [e for e in gitlab.log if e.method == "GET"]
    assert {e.args.get("page", "1") for e in gets} >= {"1", "2"}
    assert all(e.args["per_page"] == "100" for e in gets)
    assert [e.method for e in gitlab.writes()] == ["POST", "PUT"]
    assert all(e.headers["Private-Token"] == TOKEN for e in gitlab.log)
    assert not gitlab.problems


def test_gitlab_ignores_system_notes_with_marker(gitlab):
    gitlab.add(Marker().render() + "\nsystem echo", system=True)
    assert run(gl_host(gitlab), make_report(1)).action == "created"


def test_gitlab_job_token_and_path_project(gitlab):
    gitlab.job_token = True
    gitlab.project = "group/sub/infra"
    host = gl_host(gitlab, token_kind="job")
    assert run(host, make_report(1)).action == "created"
    assert gitlab.log[0].headers["Job-Token"] == TOKEN


def test_gitlab_hide_falls_back_to_outdated_stub(gitlab):
    run(gl_host(gitlab), make_report(1))
    res = run(gl_host(gitlab), make_report(2), behavior="hide-and-new", commit="b",
              commit_time="2024-05-02T00:00:00Z")
    assert res.action == "created" and len(res.removed) == 1
    states = [parse_marker(b).state for b in gitlab.bodies()]
    assert states == ["outdated", ""]
    assert "Outdated cost-gate report" in gitlab.bodies()[0]
    # a later update run edits only the live comment
    res = run(gl_host(gitlab), make_report(3), commit="c", commit_time="2024-05-03T00:00:00Z")
    assert res.action == "updated" and "+$3.00" in gitlab.bodies()[1]


def test_gitlab_403_says_what_is_missing(gitlab, sleeps):
    gitlab.read_only = True
    with pytest.raises(PostError, match=r"403.*`api` scope"):
        run(gl_host(gitlab), make_report(1))
    assert not sleeps


def test_gitlab_retries_5xx(gitlab, sleeps):
    gitlab.fail_next = [(500, {}), (502, {})]
    assert run(gl_host(gitlab), make_report(1)).action == "created"
    assert len(sleeps) == 2


# -- Azure Repos ---------------------------------------------------------------------------


def az_host(fake):
    return AzureReposHost(collection_uri=fake.base + fake.org_path + "/", project=fake.project,
                          repository=fake.repo_id, pull_request=fake.pr, token=TOKEN)


def test_azure_threads_create_update(azure):
    azure.add_thread("a human review thread")
    assert run(az_host(azure), make_report(1)).action == "created"
    res = run(az_host(azure), make_report(2), commit="b", commit_time="2024-05-02T00:00:00Z")
    assert res.action == "updated"
    [mine] = marked(azure.bodies())
    assert "+$2.00" in mine and len(azure.threads) == 2
    post = next(e for e in azure.log if e.method == "POST")
    assert post.body["comments"][0]["commentType"] == 1 and post.body["status"] == "active"
    patch = next(e for e in azure.log if e.method == "PATCH")
    assert patch.path.endswith(f"/threads/{azure.threads[1]['id']}/comments/1")
    assert all(e.args["api-version"] == "7.1" for e in azure.log)
    assert all(e.headers["Authorization"] == f"Bearer {TOKEN}" for e in azure.log)
    assert not azure.problems


def test_azure_hide_closes_thread_and_delete(azure):
    run(az_host(azure), make_report(1))
    run(az_host(azure), make_report(2), behavior="hide-and-new", commit="b",
        commit_time="2024-05-02T00:00:00Z")
    assert [t["status"] for t in azure.threads] == ["closed", "active"]
    run(az_host(azure), make_report(3), behavior="delete-and-new", commit="c",
        commit_time="2024-05-03T00:00:00Z")
    assert len(marked(azure.bodies())) == 1 and "+$3.00" in marked(azure.bodies())[0]


def test_azure_403_permission_hint(azure):
    azure.read_only = True
    with pytest.raises(PostError, match="Contribute to pull requests"):
        run(az_host(azure), make_report(1))


# -- Bitbucket -----------------------------------------------------------------------------


def bb_host(fake, **kw):
    return BitbucketHost(repo=fake.repo, pull_request=fake.pr, token=TOKEN,
                         api_url=fake.base + "/2.0", **kw)


def test_bitbucket_link_marker_paging_update(bitbucket):
    for i in range(120):
        bitbucket.add(f"comment {i}")
    assert run(bb_host(bitbucket), make_report(1)).action == "created"
    res = run(bb_host(bitbucket), make_report(2), commit="b", commit_time="2024-05-02T00:00:00Z")
    assert res.action == "updated"
    [mine] = marked(bitbucket.bodies())
    assert mine.startswith("[//]: # (cost-gate:v1 ") and "<!--" not in mine.splitlines()[0]
    gets = [e for e in bitbucket.log if e.method == "GET"]
    assert gets[0].args == {"pagelen": "100"} and gets[1].args["page"] == "2"
    put = next(e for e in bitbucket.log if e.method == "PUT")
    assert put.body == {"content": {"raw": mine}}
    assert not bitbucket.problems


def test_bitbucket_basic_auth_app_password(bitbucket):
    bitbucket.username = "ci-bot"
    assert run(bb_host(bitbucket, username="ci-bot"), make_report(1)).action == "created"


def test_bitbucket_delete_and_new_and_hide_fallback(bitbucket):
    run(bb_host(bitbucket), make_report(1))
    run(bb_host(bitbucket), make_report(2), behavior="delete-and-new", commit="b",
        commit_time="2024-05-02T00:00:00Z")
    assert len(bitbucket.comments) == 1
    run(bb_host(bitbucket), make_report(3), behavior="hide-and-new", commit="c",
        commit_time="2024-05-03T00:00:00Z")
    assert [parse_marker(b).state for b in bitbucket.bodies()] == ["outdated", ""]


def test_bitbucket_body_limit(bitbucket):
    big = make_report(1, resources=3000)
    run(bb_host(bitbucket), big)
    [body] = bitbucket.bodies()
    assert len(body) <= BitbucketHost.max_body_chars and "**Gate: PASS**" in body


def test_bitbucket_401(bitbucket):
    bitbucket.token = "other"
    with pytest.raises(PostError, match="401.*BITBUCKET_TOKEN"):
        run(bb_host(bitbucket), make_report(1))
