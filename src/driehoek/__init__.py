"""Driehoek: the home–school partnership platform."""
