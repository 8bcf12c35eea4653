"""Labelling: numbered lines -> candidate codes -> selected codes with evidence lines."""
