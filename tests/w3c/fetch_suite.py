"""Fetch the W3C SHACL Core test suite into .cache/shacl-tests/ (run by `make setup-dev`).

The suite (w3c/data-shapes, data-shapes-test-suite/tests/core) is not committed here. It is
taken from a registry package that ships it: pySHACL's sdist on PyPI, pinned by version and
SHA-256, fetched with pip and unpacked (only test/resources/sht_tests/core). Idempotent:
does nothing when the pinned copy is already in place.

    python tests/w3c/fetch_suite.py [--force]"""

import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "pyshacl"
VERSION = "0.40.1"
SHA256 = "011e3cf1a68b31747cb762ba3d755ae1bdcc464c8fad0dc212a9adc550719552"
INSIDE = f"{PACKAGE}-{VERSION}/test/resources/sht_tests/core/"

ROOT = Path(__file__).resolve().parents[2]
DEST = ROOT / ".cache" / "shacl-tests"
STAMP = DEST / "SOURCE"


def fetch(force: bool = False) -> Path:
    """The directory holding the suite's core/manifest.ttl (fetched if needed)."""
    source = f"{PACKAGE}=={VERSION} sdist sha256:{SHA256} {INSIDE}\n"
    if not force and STAMP.is_file() and STAMP.read_text() == source and (DEST / "core" / "manifest.ttl").is_file():
        return DEST
    with tempfile.TemporaryDirectory() as tmp:
        pip = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:"]
        subprocess.run([*pip, "--dest", tmp, f"{PACKAGE}=={VERSION}"], check=True)
        (sdist,) = Path(tmp).glob(f"{PACKAGE}-{VERSION}.tar.gz")
        digest = hashlib.sha256(sdist.read_bytes()).hexdigest()
        if digest != SHA256:
            raise SystemExit(f"{sdist.name}: sha256 {digest}, expected {SHA256}")
        staging = Path(tmp) / "core"
        with tarfile.open(sdist) as tar:
            for member in tar.getmembers():
                if member.isfile() and member.name.startswith(INSIDE):
                    target = staging / member.name[len(INSIDE) :]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with tar.extractfile(member) as src, target.open("wb") as out:
                        shutil.copyfileobj(src, out)
        if not (staging / "manifest.ttl").is_file():
            raise SystemExit(f"{sdist.name} has no {INSIDE}manifest.ttl")
        shutil.rmtree(DEST, ignore_errors=True)
        DEST.mkdir(parents=True)
        shutil.move(str(staging), DEST / "core")
    STAMP.write_text(source)
    return DEST


if __name__ == "__main__":
    print(fetch(force="--force" in sys.argv[1:]) / "core")
