"""Which CI are we running in, and which pull request should the comment go to?

Pure functions of an environment mapping (and the GitHub event payload file, when named in
it); explicit options always win over the environment.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cost_gate.errors import UsageError
from cost_gate.vcs.interface import CommentHost
from cost_gate.vcs.marker import normalize_time, sanitize_commit

PLATFORMS: tuple[str, ...] = ("github", "gitlab", "azure-repos", "bitbucket")


def detect_platform(env: Mapping[str, str]) -> str | None:
    """The code host of the CI we run in, or None outside a known CI."""
    if env.get("GITHUB_ACTIONS") == "true":
        return "github"
    if env.get("GITLAB_CI"):
        return "gitlab"
    if env.get("TF_BUILD"):
        provider = env.get("BUILD_REPOSITORY_PROVIDER", "TfsGit")
        return "github" if provider.lower() in ("github", "githubenterprise") else "azure-repos"
    if env.get("BITBUCKET_BUILD_NUMBER") or env.get("BITBUCKET_PIPELINE_UUID"):
        return "bitbucket"
    return None


@dataclass
class Target:
    """Everything needed to reach one pull request. ``token`` is kept out of ``repr``."""

    platform: str
    token: str = field(repr=False)
    pull_request: int
    repo: str = ""  # GitHub owner/name, Bitbucket workspace/slug, Azure repository id/name
    project: str = ""  # GitLab project id or path, Azure team project
    api_url: str = ""  # GitHub API base, GitLab server, Azure collection URI, Bitbucket API
    graphql_url: str = ""
    token_kind: str = "private"  # GitLab: private or job
    username: str = ""  # Bitbucket basic auth
    commit: str = ""
    commit_time: str = ""
    from_fork: bool = False  # the PR's head is in another repository (read-only CI token)


def load_event(env: Mapping[str, str]) -> dict[str, Any]:
    """The GitHub Actions event payload (``GITHUB_EVENT_PATH``), or ``{}``."""
    path = env.get("GITHUB_EVENT_PATH")
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _first(*values: Any) -> str:
    for v in values:
        if v not in (None, ""):
            return str(v)
    return ""


def _int(value: str, what: str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise UsageError(f"{what} must be a number, got {value!r}") from None
    if number <= 0:
        raise UsageError(f"{what} must be positive, got {number}")
    return number


def _need(value: str, message: str) -> str:
    if not value:
        raise UsageError(message)
    return value


def resolve_target(
    platform: str, env: Mapping[str, str], options: Mapping[str, Any] | None = None
) -> Target:
    """Build a :class:`Target` from explicit ``options`` (keys as in :class:`Target`,
    ``None`` meaning unset) falling back to the CI environment."""
    opts = {k: v for k, v in (options or {}).items() if v not in (None, "")}
    if platform == "github":
        return _github(env, opts)
    if platform == "gitlab":
        return _gitlab(env, opts)
    if platform == "azure-repos":
        return _azure(env, opts)
    if platform == "bitbucket":
        return _bitbucket(env, opts)
    raise UsageError(f"unknown platform {platform!r}; use one of {', '.join(PLATFORMS)}")


def _github(env: Mapping[str, str], o: Mapping[str, Any]) -> Target:
    event = load_event(env)
    pr = event.get("pull_request") or {}
    issue = event.get("issue") or {}
    ref = env.get("GITHUB_REF", "")
    ref_pr = ref.split("/")[2] if ref.startswith("refs/pull/") and ref.count("/") >= 3 else ""
    number = _first(
        o.get("pull_request"),
        pr.get("number"),
        issue.get("number") if issue.get("pull_request") else None,
        event.get("number") if pr else None,
        ref_pr,
        env.get("SYSTEM_PULLREQUEST_PULLREQUESTNUMBER"),
    )
    repo = _first(o.get("repo"), env.get("GITHUB_REPOSITORY"), env.get("BUILD_REPOSITORY_NAME"))
    token = _first(o.get("token"), env.get("GITHUB_TOKEN"), env.get("GH_TOKEN"))
    _need(repo, "no GitHub repository: pass --repo owner/name or set GITHUB_REPOSITORY")
    _need(number, "no pull request number: pass --pull-request N or run on a pull_request event")
    _need(token, "no GitHub token: set GITHUB_TOKEN or pass --github-token")
    head = pr.get("head") or {}
    base_name = ((pr.get("base") or {}).get("repo") or {}).get("full_name")
    from_fork = bool(base_name) and (head.get("repo") or {}).get("full_name") != base_name
    return Target(
        platform="github",
        token=token,
        pull_request=_int(number, "--pull-request"),
        repo=repo,
        api_url=_first(o.get("api_url"), env.get("GITHUB_API_URL"), "https://api.github.com"),
        graphql_url=_first(o.get("graphql_url"), env.get("GITHUB_GRAPHQL_URL")),
        commit=sanitize_commit(_first(o.get("commit"), head.get("sha"), env.get("GITHUB_SHA"))),
        commit_time=normalize_time(_first(o.get("commit_time"), pr.get("updated_at"))),
        from_fork=from_fork,
    )


def _gitlab(env: Mapping[str, str], o: Mapping[str, Any]) -> Target:
    server = _first(o.get("api_url"), env.get("CI_SERVER_URL"))
    if not server and env.get("CI_API_V4_URL"):
        server = env["CI_API_V4_URL"].rstrip("/").removesuffix("/api/v4")
    explicit = _first(o.get("token"), env.get("GITLAB_TOKEN"))
    token = explicit or env.get("CI_JOB_TOKEN", "")
    project = _first(o.get("project"), env.get("CI_PROJECT_ID"))
    number = _first(o.get("pull_request"), env.get("CI_MERGE_REQUEST_IID"))
    _need(project, "no GitLab project: pass --project or set CI_PROJECT_ID")
    _need(number, "no merge request: pass --pull-request IID or run in a merge request pipeline")
    _need(token, "no GitLab token: set GITLAB_TOKEN (or CI_JOB_TOKEN) or pass --token")
    return Target(
        platform="gitlab",
        token=token,
        token_kind="private" if explicit else "job",
        pull_request=_int(number, "--pull-request"),
        project=project,
        api_url=server or "https://gitlab.com",
        commit=sanitize_commit(_first(o.get("commit"), env.get("CI_COMMIT_SHA"))),
        commit_time=normalize_time(_first(o.get("commit_time"), env.get("CI_COMMIT_TIMESTAMP"))),
    )


def _azure(env: Mapping[str, str], o: Mapping[str, Any]) -> Target:
    uri = _first(o.get("api_url"), env.get("SYSTEM_COLLECTIONURI"))
    project = _first(o.get("project"), env.get("SYSTEM_TEAMPROJECT"))
    repo = _first(o.get("repo"), env.get("BUILD_REPOSITORY_ID"))
    number = _first(o.get("pull_request"), env.get("SYSTEM_PULLREQUEST_PULLREQUESTID"))
    token = _first(o.get("token"), env.get("SYSTEM_ACCESSTOKEN"), env.get("AZURE_DEVOPS_TOKEN"))
    _need(uri, "no Azure DevOps collection URI: pass --api-url or set SYSTEM_COLLECTIONURI")
    _need(project, "no Azure DevOps project: pass --project or set SYSTEM_TEAMPROJECT")
    _need(repo, "no Azure Repos repository: pass --repo or set BUILD_REPOSITORY_ID")
    _need(number, "no pull request id: pass --pull-request or run in a PR validation build")
    _need(token, "no Azure DevOps token: map SYSTEM_ACCESSTOKEN: $(System.AccessToken) or "
          "pass --token")
    return Target(
        platform="azure-repos",
        token=token,
        pull_request=_int(number, "--pull-request"),
        repo=repo,
        project=project,
        api_url=uri,
        commit=sanitize_commit(_first(
            o.get("commit"), env.get("SYSTEM_PULLREQUEST_SOURCECOMMITID"),
            env.get("BUILD_SOURCEVERSION"),
        )),
        commit_time=normalize_time(o.get("commit_time")),
    )


def _bitbucket(env: Mapping[str, str], o: Mapping[str, Any]) -> Target:
    repo = _first(o.get("repo"), env.get("BITBUCKET_REPO_FULL_NAME"))
    if not repo and env.get("BITBUCKET_WORKSPACE") and env.get("BITBUCKET_REPO_SLUG"):
        repo = f"{env['BITBUCKET_WORKSPACE']}/{env['BITBUCKET_REPO_SLUG']}"
    number = _first(o.get("pull_request"), env.get("BITBUCKET_PR_ID"))
    username = _first(o.get("username"), env.get("BITBUCKET_USERNAME"))
    if username:
        token = _first(o.get("token"), env.get("BITBUCKET_APP_PASSWORD"))
    else:
        token = _first(o.get("token"), env.get("BITBUCKET_TOKEN"),
                       env.get("BITBUCKET_ACCESS_TOKEN"))
    _need(repo, "no Bitbucket repository: pass --repo workspace/slug or set "
          "BITBUCKET_REPO_FULL_NAME")
    _need(number, "no pull request id: pass --pull-request or run in a pull-request pipeline")
    _need(token, "no Bitbucket credentials: set BITBUCKET_TOKEN (or BITBUCKET_USERNAME and "
          "BITBUCKET_APP_PASSWORD) or pass --token")
    return Target(
        platform="bitbucket",
        token=token,
        username=username,
        pull_request=_int(number, "--pull-request"),
        repo=repo,
        api_url=_first(o.get("api_url"), env.get("BITBUCKET_API_URL"),
                       "https://api.bitbucket.org/2.0"),
        commit=sanitize_commit(_first(o.get("commit"), env.get("BITBUCKET_COMMIT"))),
        commit_time=normalize_time(o.get("commit_time")),
    )


def make_host(target: Target, **client_kwargs: Any) -> CommentHost:
    """Construct the :class:`CommentHost` for a resolved target."""
    if target.platform == "github":
        from cost_gate.vcs.github import GitHubHost

        return GitHubHost(
            repo=target.repo, pull_request=target.pull_request, token=target.token,
            api_url=target.api_url, graphql_url=target.graphql_url or None, **client_kwargs,
        )
    if target.platform == "gitlab":
        from cost_gate.vcs.gitlab import GitLabHost

        return GitLabHost(
            project=target.project, merge_request=target.pull_request, token=target.token,
            token_kind=target.token_kind, server_url=target.api_url, **client_kwargs,
        )
    if target.platform == "azure-repos":
        from cost_gate.vcs.azure_repos import AzureReposHost

        return AzureReposHost(
            collection_uri=target.api_url, project=target.project, repository=target.repo,
            pull_request=target.pull_request, token=target.token, **client_kwargs,
        )
    if target.platform == "bitbucket":
        from cost_gate.vcs.bitbucket import BitbucketHost

        return BitbucketHost(
            repo=target.repo, pull_request=target.pull_request, token=target.token,
            username=target.username or None, api_url=target.api_url, **client_kwargs,
        )
    raise UsageError(f"unknown platform {target.platform!r}")
