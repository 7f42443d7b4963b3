"""Write every output of the extractor for a fixed set of reports into a folder, so that two
versions of the code can be compared with ``diff -r`` (a restructuring must change no byte).

For the golden report (PDF and text conversion) and every PDF of ``../shared/corpus/real/``:
``<name>.records.json`` (``Result.to_json()``) and ``<name>.text.txt`` (``extractor text``, run
as a command so that the command line itself is covered).

    python benchmarks/snapshot.py OUT_DIR [--real DIR]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "corpus" / "cnaf-2019"
REAL = ROOT.parent / "shared" / "corpus" / "real"


def reports(real: Path) -> list[Path]:
    # the golden report by its path relative to the repository (records carry the path given),
    # so that two checkouts in different folders write the same bytes
    golden = GOLDEN.relative_to(ROOT)
    found = [golden / "rapport-activite-2019.pdf", golden / "rapport-activite-2019.txt"]
    return found + (sorted(real.glob("*.pdf")) if real.is_dir() else [])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--real", default=str(REAL))
    args = parser.parse_args()
    out = Path(args.out).resolve()
    real = Path(args.real).resolve()
    os.chdir(ROOT)
    out.mkdir(parents=True, exist_ok=True)
    from extractor import extract

    for path in reports(real):
        name = path.name
        text = subprocess.run([sys.executable, "-m", "extractor.cli", "text", str(path)],
                              capture_output=True, text=True, encoding="utf-8")
        (out / f"{name}.text.txt").write_text(f"exit {text.returncode}\n{text.stdout}{text.stderr}",
                                              encoding="utf-8")
        try:
            records = extract(path).to_json()
        except Exception as exc:  # an error is an output too: it must not change either
            records = f"{type(exc).__name__}: {exc}"
        (out / f"{name}.records.json").write_text(records, encoding="utf-8")
        print(name, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
