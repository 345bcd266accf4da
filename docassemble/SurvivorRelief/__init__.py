"""SurvivorRelief: remedies for survivors of human trafficking, from one case file."""

__version__ = "0.1.0"
