"""Tests of duo_core.output and the screen rules (Dutch formatting, statuses in words)."""
