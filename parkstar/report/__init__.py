"""Rendering ratings for people and programs: JSON, text tables, CSV and RDF."""
