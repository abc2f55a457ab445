"""Exchanging data between regions: dataset exports in Turtle, N-Triples, TriG, N-Quads
and JSON-LD (with a context that ships in the package), each with a DCAT/VoID
description, and loading such files back."""
