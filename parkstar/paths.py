"""Where the project's data folders are: the ontology, the criteria and the sample data
live beside the package (top-level `ontology/`, `shapes/`, `data/`), apart from code.
`PARKSTAR_HOME` points elsewhere, e.g. at a standards body's working copy;
`PARKSTAR_EDITIONS` names the editions folder alone (where the viewer saves what-if drafts)."""

import os
from pathlib import Path

HOME = Path(os.environ.get("PARKSTAR_HOME", Path(__file__).resolve().parents[1]))
ONTOLOGY_DIR = HOME / "ontology"
SHAPES_DIR = HOME / "shapes"
EDITIONS_DIR = Path(os.environ.get("PARKSTAR_EDITIONS", HOME / "editions"))  # later editions, regional variants
DATA_DIR = HOME / "data"
SAMPLE_DIR = DATA_DIR / "sample"
