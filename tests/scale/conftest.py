"""Shared paths and helpers for the many-projects tests."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MONOREPO = FIXTURES / "monorepo"
TODAY_ISO = "2026-11-26"
