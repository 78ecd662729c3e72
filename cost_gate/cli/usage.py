"""`cost-gate usage init`: write a usage file for the usage-based resources of a plan."""

from __future__ import annotations

from pathlib import Path

import click


@click.group("usage")
def usage() -> None:
    """Usage files: estimates for usage-based charges (Infracost usage-file format)."""


@usage.command("init")
@click.argument("paths", nargs=-1, metavar="[PLAN.json|STATE.json|DIR]")
@click.option("--out-file", "-o", default=None, metavar="FILE",
              help="Write the usage file here (default: stdout; with --merge: the merged file).")
@click.option("--merge", "merge_file", default=None, metavar="FILE",
              help="Add the resources FILE does not cover yet, keeping everything in it.")
@click.option("--force", is_flag=True, help="Overwrite --out-file if it exists.")
@click.option("--region", default=None, envvar="COST_GATE_REGION",
              help="Region for resources whose plan does not say.")
@click.option("--var-file", "var_files", multiple=True, help="HCL mode: a .tfvars file.")
@click.option("--var", "var_pairs", multiple=True, metavar="NAME=VALUE",
              help="HCL mode: set a variable; repeatable.")
def init(paths: tuple[str, ...], out_file: str | None, merge_file: str | None, force: bool,
         region: str | None, var_files: tuple[str, ...], var_pairs: tuple[str, ...]) -> None:
    """Write a usage file with an entry for every usage-based resource (values 0).

    \b
    Each key the resource's pricing rule reads is listed with its unit and meaning:
      cost-gate usage init plan.json -o usage.yml
      cost-gate usage init plan.json --merge usage.yml     # add new resources, keep edits
      cost-gate check plan.json --usage-file usage.yml
    Without a path, the .tf files of the current directory are read (HCL mode).
    Exit codes: 0 written, 2 bad usage or input.
    """
    from cost_gate.api import load_projects
    from cost_gate.cli.options import parse_vars
    from cost_gate.errors import UsageError
    from cost_gate.usage.skeleton import merge_skeleton, render_skeleton, skeleton_entries

    target = out_file or merge_file
    if out_file and not force and Path(out_file).exists() and (
            merge_file is None or Path(merge_file).resolve() != Path(out_file).resolve()):
        raise UsageError(f"{out_file} exists: use --merge {out_file} to add to it, or --force "
                         "to overwrite it")
    projects = load_projects(list(paths) or ["."], region=region, var_files=var_files,
                             variables=parse_vars(var_pairs))
    entries = skeleton_entries(projects)
    if merge_file is not None:
        try:
            existing = Path(merge_file).read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            existing = None
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{merge_file}: cannot read usage file ({exc})") from None
        if existing is None:
            text, added = render_skeleton(entries), [e.address for e in entries]
        else:
            text, added = merge_skeleton(existing, merge_file, entries)
        message = f"{target}: added {len(added)} resource(s)" if added else \
            f"{target}: every usage-based resource is already covered"
    else:
        text = render_skeleton(entries)
        message = f"{target}: {len(entries)} usage-based resource(s)"
    if target is None:
        click.echo(text, nl=False)
        return
    try:
        Path(target).write_text(text)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    click.echo(message, err=True)
