"""Test-only docassemble package: interviews that exercise the in-process engine driver itself."""
