"""Insatsguiden: quotes initiatives from Jämställdhetsmyndigheten's covid-19 overview."""

__version__ = "0.1.0"
