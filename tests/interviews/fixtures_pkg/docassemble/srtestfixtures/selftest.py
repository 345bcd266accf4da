"""A field ``validate:`` function for the driver self-test interview."""

from docassemble.base.util import validation_error


def no_digits(text: str) -> bool:
    """Refuse a name with digits in it, with a message the person reads."""
    if any(ch.isdigit() for ch in text):
        validation_error("Please write the name without numbers.")
    return True
