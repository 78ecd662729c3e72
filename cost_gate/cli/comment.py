"""``cost-gate comment``: post the cost report to the pull/merge request as one comment.

Thin layer: load the report (or estimate a plan), resolve where to post from options and
the CI environment, hand over to :func:`cost_gate.vcs.poster.post_report`, and turn errors
into one line and an exit code. The gate result always decides the exit code first; a
posting failure gives ``EXIT_POST_FAILED`` (3) only when the gate passed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import click

from cost_gate.cli.options import budget_options, budgets_from_options, config_option
from cost_gate.errors import EXIT_GATE_FAILED, EXIT_OK, CostGateError, PostError
from cost_gate.vcs.detect import PLATFORMS
from cost_gate.vcs.poster import BEHAVIORS

_TOKEN_ENVS = (
    "GITHUB_TOKEN", "GH_TOKEN", "GITLAB_TOKEN", "CI_JOB_TOKEN", "SYSTEM_ACCESSTOKEN",
    "AZURE_DEVOPS_TOKEN", "BITBUCKET_TOKEN", "BITBUCKET_ACCESS_TOKEN", "BITBUCKET_APP_PASSWORD",
)


def _err(message: str, secrets: list[str]) -> None:
    from cost_gate.vcs.safety import mask_secrets

    click.echo(mask_secrets(f"error: {message}", secrets), err=True)


def _git_commit_time(commit: str) -> str:
    """Committer time of ``commit`` from the local git checkout, or ""."""
    if not commit:
        return ""
    try:
        out = subprocess.run(
            ["git", "show", "-s", "--format=%cI", commit],
            capture_output=True, text=True, timeout=10, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    from cost_gate.vcs.marker import normalize_time

    return normalize_time(out.stdout.strip()) if out.returncode == 0 else ""


@click.command("comment")
@click.argument("platform", required=False, type=click.Choice(PLATFORMS))
@click.option(
    "--report", "report_path", required=True, envvar="COST_GATE_REPORT",
    help="Saved report JSON (from `check --save-report`) or a Terraform plan JSON to "
    "estimate now.",
)
@click.option("--region", default=None, envvar="COST_GATE_REGION",
              help="Default AWS region when estimating a plan.")
@click.option("--usage-file", default=None, envvar="COST_GATE_USAGE_FILE", metavar="FILE",
              help="YAML usage estimates, when --report is a plan estimated now.")
@click.option("--strict-usage", is_flag=True, envvar="COST_GATE_STRICT_USAGE",
              help="Treat usage-file warnings as errors (exit 2), when --report is a plan.")
@click.option("--pricing-dir", default=None, envvar="COST_GATE_PRICING_DIR",
              help="Use prices from this directory first, when estimating a plan.")
@click.option("--max-price-age", default=None, envvar="COST_GATE_MAX_PRICE_AGE", metavar="AGE",
              help="Warn when the price data is older than this (days, 6m, 1y) [default: the "
              "config's max-price-age, else 1y].")
@config_option
@budget_options
@click.option(
    "--behavior", type=click.Choice(BEHAVIORS), default="update", show_default=True,
    envvar="COST_GATE_COMMENT_BEHAVIOR",
    help="update: edit our comment in place; new: always add one; delete-and-new / "
    "hide-and-new: add one and delete / hide the old ones.",
)
@click.option(
    "--tag", default="", envvar="COST_GATE_COMMENT_TAG",
    help="Keep one comment per tag on the same PR (e.g. one per Terraform project).",
)
@click.option(
    "--skip-no-diff", is_flag=True, envvar="COST_GATE_SKIP_NO_DIFF",
    help="Do not create a comment when the cost does not change (existing ones are updated).",
)
@click.option("--repo", default=None,
              help="GitHub owner/name, Bitbucket workspace/slug, or Azure repository id.")
@click.option("--pull-request", "--merge-request", "pull_request", default=None,
              help="PR number (GitLab: merge request IID).")
@click.option("--project", default=None, help="GitLab project id/path, or Azure team project.")
@click.option("--api-url", default=None,
              help="GitHub API base, GitLab server URL, Azure collection URI or Bitbucket API "
              "base (defaults from the CI environment).")
@click.option("--graphql-url", default=None, help="GitHub GraphQL endpoint (default derived).")
@click.option("--token", "--github-token", "token", default=None,
              help="API token (default from GITHUB_TOKEN, GITLAB_TOKEN/CI_JOB_TOKEN, "
              "SYSTEM_ACCESSTOKEN or BITBUCKET_TOKEN).")
@click.option("--username", default=None, help="Bitbucket username for app-password auth.")
@click.option("--commit", default=None, help="Commit the report describes (default from CI).")
@click.option("--commit-time", default=None,
              help="ISO 8601 time of that commit; older commits never overwrite newer comments.")
@click.option("--dry-run", is_flag=True, help="Print the comment body; post nothing.")
@click.option("--quiet", "-q", is_flag=True, help="Do not print the report markdown.")
def comment(
    platform: str | None,
    report_path: str,
    region: str | None,
    usage_file: str | None,
    strict_usage: bool,
    pricing_dir: str | None,
    max_price_age: str | None,
    config_path: str | None,
    behavior: str,
    tag: str,
    skip_no_diff: bool,
    repo: str | None,
    pull_request: str | None,
    project: str | None,
    api_url: str | None,
    graphql_url: str | None,
    token: str | None,
    username: str | None,
    commit: str | None,
    commit_time: str | None,
    dry_run: bool,
    quiet: bool,
    **budget_kwargs: Any,
) -> None:
    """Post or update the cost comment on the current pull/merge request.

    PLATFORM is github, gitlab, azure-repos or bitbucket; without it the CI is detected
    from the environment. Exit codes: 0 gate passed/warned and comment posted (or skipped),
    1 gate failed (whatever happened to the comment), 2 bad usage/input, 3 posting failed
    while the gate passed.
    """
    secrets = [s for s in [token, *(os.environ.get(n) for n in _TOKEN_ENVS)] if s]
    # 1. The report and the gate: errors here are input errors (exit 2).
    try:
        from cost_gate.api import load_report_or_estimate
        from cost_gate.cli.options import load_cli_config, parse_age

        budgets = budgets_from_options(**budget_kwargs)
        report = load_report_or_estimate(report_path, region=region, budgets=budgets,
                                         usage_file=usage_file, strict_usage=strict_usage,
                                         pricing_dir=pricing_dir,
                                         max_price_age_days=parse_age(max_price_age),
                                         config=load_cli_config(config_path))
    except CostGateError as exc:
        _err(exc.one_line(), secrets)
        sys.exit(exc.exit_code)
    status = str((report.get("gate") or {}).get("status", "pass"))
    gate_exit = EXIT_GATE_FAILED if status == "fail" else EXIT_OK

    # 2. Print the report so a posting failure never hides it.
    if not quiet and not dry_run:
        try:
            from cost_gate.render.markdown import write_markdown

            write_markdown(report, lambda text: click.echo(text, nl=False))
            click.echo()
        except Exception as exc:  # the gate must still be reported
            _err(f"could not render the report: {type(exc).__name__}: {exc}", secrets)
    click.echo(f"cost-gate: gate {status}", err=True)

    # 3. Post.
    try:
        message = _post(
            platform, report,
            options={
                "repo": repo, "pull_request": pull_request, "project": project,
                "api_url": api_url, "graphql_url": graphql_url, "token": token,
                "username": username, "commit": commit, "commit_time": commit_time,
            },
            behavior=behavior, tag=tag, skip_no_diff=skip_no_diff, dry_run=dry_run,
            secrets=secrets,
        )
        click.echo(f"cost-gate: {message}", err=True)
    except CostGateError as exc:
        from cost_gate.vcs.errors import PostForbidden
        from cost_gate.vcs.safety import mask_secrets

        if isinstance(exc, PostForbidden) and exc.from_fork:  # read-only token: not a failure
            click.echo(mask_secrets(
                "notice: the comment was not posted: pull requests from forks get a read-only "
                f"token; the gate alone decides the result ({exc.one_line()})", secrets), err=True)
            sys.exit(gate_exit)
        _err(exc.one_line(), secrets)
        sys.exit(gate_exit or exc.exit_code)
    except Exception as exc:  # an unexpected bug while posting must not hide the gate
        err = PostError(f"posting failed unexpectedly: {type(exc).__name__}: {exc}")
        _err(err.one_line()[:400], secrets)
        sys.exit(gate_exit or err.exit_code)
    sys.exit(gate_exit)


def _post(
    platform: str | None,
    report: dict[str, Any],
    *,
    options: dict[str, Any],
    behavior: str,
    tag: str,
    skip_no_diff: bool,
    dry_run: bool,
    secrets: list[str],
) -> str:
    """Resolve the target and post; return the one-line outcome."""
    from cost_gate.errors import UsageError
    from cost_gate.render.markdown import render_markdown
    from cost_gate.vcs.detect import detect_platform, make_host, resolve_target
    from cost_gate.vcs.marker import Marker, validate_tag
    from cost_gate.vcs.poster import PostOptions, build_body, post_report

    def render(max_chars: int | None) -> str:
        return render_markdown(report, max_chars=max_chars)

    tag = validate_tag(tag)
    env = dict(os.environ)
    platform = platform or detect_platform(env)
    if not platform:
        if dry_run:  # nothing to post to: show the body as it would be posted
            click.echo(Marker(tag=tag, commit=options.get("commit") or "",
                              time=options.get("commit_time") or "").render()
                       + "\n\n" + render(None), nl=False)
            return "dry run: no CI platform detected; nothing posted"
        raise UsageError(
            "could not detect the CI platform; name one: cost-gate comment "
            f"{{{','.join(PLATFORMS)}}} ..."
        )
    try:
        target = resolve_target(platform, env, options)
    except UsageError as exc:
        if not dry_run:
            raise
        click.echo(Marker(tag=tag, commit=options.get("commit") or "",
                          time=options.get("commit_time") or "").render()
                   + "\n\n" + render(None), nl=False)
        return f"dry run: nothing posted ({exc.one_line()})"
    secrets.append(target.token)
    if not target.commit_time:
        target.commit_time = _git_commit_time(target.commit)
    max_wait = float(env.get("COST_GATE_HTTP_MAX_WAIT", "60") or 60)
    host = make_host(target, max_total_wait=max_wait)
    post_options = PostOptions(
        behavior=behavior, tag=tag, skip_no_diff=skip_no_diff,
        commit=target.commit, commit_time=target.commit_time,
    )
    if dry_run:
        marker = Marker(tag=tag, commit=target.commit, time=target.commit_time)
        click.echo(build_body(host, marker, render), nl=False)
        return f"dry run: nothing posted to {host.describe()}"
    from cost_gate.pricing.update.http import is_offline

    if is_offline(env):
        raise PostError("offline mode is on (COST_GATE_OFFLINE=1 or --offline): the comment was "
                        "not posted; use --dry-run to see it")
    from cost_gate.vcs.errors import PostForbidden

    try:
        result = post_report(host, report, post_options, render=render)
    except PostForbidden as exc:
        exc.from_fork = target.from_fork
        raise
    url = f" {result.comment.url}" if result.comment and result.comment.url else ""
    return f"{result.message} ({host.describe()}){url}"
