"""What the extractor makes of the seed and the development set, as one fingerprint, recorded
with the EXTRACTOR_VERSION that made it (tests/data/extractor_fingerprint.json). A test fails
when extraction changes and the version does not: a store extracted by the old code would
otherwise never be extracted again.

    python -m bench.extractor_fingerprint          # prints the fingerprint
    python -m bench.extractor_fingerprint --write  # records it (after bumping the version)
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from briefings.extract import EXTRACTOR_VERSION, extract_all
from briefings.parse import parse_releases
from briefings.resources import SEED_CORPUS, data_text

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "tests" / "data" / "extractor_fingerprint.json"
DEVSET = ROOT / "tests" / "data" / "devset" / "releases"


def fingerprint() -> str:
    releases = parse_releases(data_text(SEED_CORPUS), SEED_CORPUS)
    for path in sorted(DEVSET.glob("*.txt")):
        releases += parse_releases(path.read_text("utf-8"), path.name)
    digest = hashlib.sha256()
    for extraction in extract_all(releases):
        digest.update(repr(extraction).encode() + b"\n")  # every field, in a fixed order
    return digest.hexdigest()


def recorded() -> dict[str, object]:
    return json.loads(RECORD.read_text("utf-8"))  # type: ignore[no-any-return]


def main(arguments: list[str]) -> int:
    value = fingerprint()
    if "--write" in arguments:
        RECORD.write_text(json.dumps({"extractor_version": EXTRACTOR_VERSION,
                                      "fingerprint": value}, indent=2) + "\n", "utf-8")
    print(f"EXTRACTOR_VERSION {EXTRACTOR_VERSION}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
