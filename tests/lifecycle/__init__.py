"""Tests of duo_core.lifecycle."""
