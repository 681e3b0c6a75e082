"""Tests of duo_core.matching."""
