"""Inputs: a plan JSON, a state JSON, a directory of .tf files, or a saved report -> Project.

Every input yields the same :class:`~cost_gate.models.Project`; region fallbacks (``--region``,
``AWS_REGION``/``AWS_DEFAULT_REGION``, then us-east-1 with a visible note) are applied here once.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cost_gate.models import Project
from cost_gate.regions import fallback_region


def load_input(
    path: str,
    *,
    region: str | None = None,
    env: Mapping[str, str] | None = None,
    var_files: tuple[str, ...] = (),
    variables: dict[str, str] | None = None,
    workspace: str | None = None,
) -> Project:
    """Load any supported input and resolve every resource's region.

    ``workspace``: HCL mode's ``terraform.workspace`` (else ``TF_WORKSPACE``, the one
    ``terraform workspace select`` recorded, or ``default``).
    """
    env = os.environ if env is None else env
    if path != "-" and Path(path).is_dir():
        from cost_gate.inputs.hcl import load_hcl_project

        project = load_hcl_project(path, var_files=var_files, variables=variables, env=env,
                                   workspace=workspace)
    else:
        from cost_gate.inputs.document import load_document
        from cost_gate.inputs.plan import plan_sections

        kind, doc, name = load_document(path, plan_sections)
        project = project_from_document(kind, doc, name)
    apply_region_fallbacks(project, region, env)
    return project


def project_from_document(kind: str, doc: dict[str, Any], name: str) -> Project:
    if kind == "plan":
        from cost_gate.inputs.document import CONVERTED_FROM
        from cost_gate.inputs.plan import parse_plan

        project = parse_plan(doc, name)
        if doc.get(CONVERTED_FROM):
            project.notes.append(f"priced from {doc[CONVERTED_FROM]}")
        return project
    if kind == "state":
        from cost_gate.inputs.state import parse_state

        return parse_state(doc, name)
    from cost_gate.report import project_from_report

    return project_from_report(doc, name)


def apply_region_fallbacks(
    project: Project, flag_region: str | None, env: Mapping[str, str]
) -> None:
    for change in project.changes:
        for side in (change.before, change.after):
            if side is None or side.region:
                continue
            region, source = fallback_region(change.provider, flag_region, env)
            side.region, side.region_source = region, source
        sides = [s for s in (change.before, change.after) if s is not None]
        if any(s.region_source == "default" for s in sides):
            note = (f"region not set in the {project.input_type}, --region or AWS_REGION; "
                    f"assumed {sides[0].region}")
            if note not in change.notes:
                change.notes.append(note)
