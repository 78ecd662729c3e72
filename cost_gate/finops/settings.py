"""What the FinOps stages read from ``.cost-gate.yml`` (defaults when there is no file)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cost_gate.config import TagPolicy, UnitEconomics

#: Values of the env tag that mark a non-production resource (config
#: ``recommendations.non-prod-envs`` replaces them; compared case-insensitively).
DEFAULT_NON_PROD_ENVS = ("dev", "development", "test", "testing", "qa", "staging", "stage",
                         "sandbox", "preview", "nonprod", "non-prod")
#: ``--pricing-model`` choices; the alternatives are shown beside on-demand, never mixed in.
PRICING_MODELS = ("on-demand", "spot", "reserved-1y", "reserved-3y")
SEVERITIES = ("info", "warn", "fail")


@dataclass(frozen=True)
class Checks:
    """Plan-time checks (run while each project is priced, also in worker processes)."""

    recommendations: bool = True
    junk: bool = True
    env_tag: str = "env"
    non_prod_envs: tuple[str, ...] = DEFAULT_NON_PROD_ENVS
    pricing_model: str = "on-demand"

    def is_non_prod(self, tags: dict[str, str] | None) -> str | None:
        """The env tag's value when it names a non-production environment, else None."""
        value = (tags or {}).get(self.env_tag)
        if value is None:
            return None
        return value if value.lower() in {v.lower() for v in self.non_prod_envs} else None


@dataclass(frozen=True)
class Policy:
    """Report-level policies (applied to fresh, saved and merged reports alike)."""

    tag_policy: TagPolicy | None = None
    allocation_tag: str | None = None
    units: tuple[UnitEconomics, ...] = ()
    recommendations: bool = True
    junk: bool = True
    ignore: tuple[str, ...] = ()  # finding ids silenced everywhere
    recommendation_severity: str = "info"
    junk_severity: str = "warn"
