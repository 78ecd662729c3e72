"""Errors are values until the edge: the CLI turns each into one line and an exit code."""

from __future__ import annotations

# Documented exit codes (README "Exit codes").
EXIT_OK = 0  # gate passed or warned
EXIT_GATE_FAILED = 1  # a fail-level budget rule was crossed
EXIT_USAGE = 2  # bad usage or bad input (file, JSON, plan shape, region, token...)
EXIT_POST_FAILED = 3  # the gate passed but posting the PR comment failed
EXIT_PRICING_UPDATE_FAILED = 4  # `pricing update` / `pricing verify` failed; old data kept


class CostGateError(Exception):
    """An expected failure with a one-line message meant for humans."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        text = self.message.replace("\n", " ").strip()
        if self.hint:
            text = f"{text} (hint: {self.hint})"
        return text


class InputError(CostGateError):
    """The input file is missing, unreadable, or not a Terraform plan/state/config."""


class UsageError(CostGateError):
    """Options that do not make sense together, or an invalid value."""


class PricingDataError(CostGateError):
    """The price table is missing or corrupt."""


class PricingUpdateError(CostGateError):
    exit_code = EXIT_PRICING_UPDATE_FAILED


class PostError(CostGateError):
    """Posting the PR comment failed; the gate result is still reported."""

    exit_code = EXIT_POST_FAILED
