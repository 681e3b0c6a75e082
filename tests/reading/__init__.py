"""Tests of duo_core.reading."""
