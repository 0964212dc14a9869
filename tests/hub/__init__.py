"""Tests of the reference Store API server (the hub)."""
