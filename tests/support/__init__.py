"""Test support code that is not a test: the in-process docassemble engine driver."""
