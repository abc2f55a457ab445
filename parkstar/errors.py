"""Errors a user sees: one sentence in Chinese and one in English, naming the file,
line or field. The CLI prints these instead of tracebacks."""

from dataclasses import dataclass


@dataclass
class ParkstarError(Exception):
    """A problem with the user's input or the criteria, explained in both languages."""

    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.zh}\n{self.en}"
