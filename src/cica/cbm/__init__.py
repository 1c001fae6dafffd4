"""Confidence-building measures: the catalogue, coordinators, participation and notifications."""
