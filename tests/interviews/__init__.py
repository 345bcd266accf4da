"""Tests that drive the real docassemble engine through interviews."""
