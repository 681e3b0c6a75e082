"""Tests of duo_core.importing."""
