"""What changed between two sets of ratings written as N-Triples, so that a full rating
writes only what differs from the ratings it replaces.

Re-rating everyone mostly gives every park the rating it had: only the time it was
computed changes, and its data version when its graph was loaded again. Replacing the
whole ratings graph instead costs a bulk load of some 115 triples a park and the removal
of as many (Oxigraph deletes a quad in about 28 µs: 35 s for 10,000 parks), where the
change is two triples a park applied in one update.

Both files must be laid out as Oxigraph writes N-Triples (one triple a line, the same
term always written the same way), which is how ratings are written and dumped here; a
term written differently only shows as a change, never hides one."""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Changes:
    removed: list[bytes]  # lines of the old ratings that are not in the new
    added: list[bytes]  # lines of the new ratings that are not in the old

    def __len__(self) -> int:
        return len(self.removed) + len(self.added)

    def as_update(self, graph: str) -> str:
        """One SPARQL update applying the changes to `graph` (one transaction: readers see
        the old ratings or the new, never a mixture)."""
        removed = b"".join(self.removed).decode("utf-8")
        added = b"".join(self.added).decode("utf-8")
        return f"DELETE DATA {{ GRAPH <{graph}> {{\n{removed}}} }} ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{added}}} }}"


def changes(old: Path, new: Path, most: int) -> Changes | None:
    """The lines removed and added from `old` to `new`, or None when there are more than
    `most` changes or a blank node (which a DELETE DATA cannot name): then replacing the
    whole graph is cheaper or the only way."""
    with old.open("rb") as lines:
        before = set(lines)
    if any(_blank(line) for line in before):
        return None
    added: list[bytes] = []
    with new.open("rb") as lines:
        for line in lines:
            if line in before:
                before.discard(line)
            elif _blank(line):
                return None
            else:
                added.append(line)
                if len(added) > most:
                    return None
    if len(before) + len(added) > most:
        return None
    return Changes(sorted(before), added)


def _blank(line: bytes) -> bool:
    """Whether a line may hold a blank node (a literal with " _:" in it counts too)."""
    return line.startswith(b"_:") or b" _:" in line
