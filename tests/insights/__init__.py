"""Tests of duo_core.insights."""
