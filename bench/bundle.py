"""The standalone bundle (`make bundle`): its size on disk, and how fast it starts next to
the virtualenv's `clinic-app` in the same run. Goal: each start at most 1.5x the
virtualenv's. Skipped (exit 0) when no bundle has been built.

Each start is a fresh process, as a user starting the app meets it: `--version` (the
interpreter, the app's imports and the command line) and `--smoke` (the first window,
the sign-in, of a store made once with the virtualenv); the figure is the median of 5.
The page cache is warm (the machine is shared; dropping it would slow everyone else).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":  # bench/ holds screening.py and curriculum.py: never import those
    sys.path[0] = str(ROOT)

from bench._results import record  # noqa: E402

RUNS = 5
GOAL = 1.5
PASSWORD = "benchmark passphrase for the bundle"
WINDOWS = sys.platform == "win32"
BUNDLE = ROOT / "dist" / "clinic-app"
BUNDLE_EXE = BUNDLE / ("clinic-app-cli.exe" if WINDOWS else "clinic-app")
VENV_EXE = ROOT / ".venv" / ("Scripts/clinic-app.exe" if WINDOWS else "bin/clinic-app")


def size_mib(folder: Path) -> float:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 2**20


def median_start(exe: Path, args: list[str], env: dict[str, str]) -> float:
    samples = []
    for _ in range(RUNS):
        begin = time.perf_counter()
        subprocess.run([str(exe), *args], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - begin)
    return statistics.median(samples)


def main() -> int:
    if not BUNDLE_EXE.is_file():
        print(f"bundle: no bundle at {BUNDLE_EXE.relative_to(ROOT)} (run `make bundle`); skipped")
        return 0
    if not VENV_EXE.is_file():
        print(f"bundle: no virtualenv at {VENV_EXE.relative_to(ROOT)} to compare with; skipped")
        return 0
    tarballs = sorted((ROOT / "dist").glob("clinic-app-*.tar.gz"))
    bundle_mib = size_mib(BUNDLE)
    tar_mib = tarballs[-1].stat().st_size / 2**20 if tarballs else 0.0
    missed = []
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=tmp)
        data = Path(tmp) / "data"
        subprocess.run([str(VENV_EXE), "--data-dir", str(data), "init", "--clinic",
                        "Bench Clinic", "--admin", "lead1"], check=True,
                       env=dict(env, CLINIC_APP_PASSWORD=PASSWORD), stdout=subprocess.DEVNULL)
        version = subprocess.run([str(BUNDLE_EXE), "--version"], check=True, env=env,
                                 capture_output=True, text=True).stdout.strip()
        print(f"bundle: {BUNDLE.relative_to(ROOT)} ({version}): {bundle_mib:.0f} MiB on disk"
              + (f", {tarballs[-1].name} {tar_mib:.0f} MiB" if tarballs else ""))
        record("bundle size on disk", f"{bundle_mib:.0f} MiB"
               + (f" (tarball {tar_mib:.0f} MiB)" if tarballs else ""),
               "for information", None, mib=bundle_mib, tarball_mib=tar_mib)
        for label, args in (("--version", ["--version"]),
                            ("--smoke (first window)", ["--data-dir", str(data), "--smoke"])):
            venv = median_start(VENV_EXE, args, env)
            bundle = median_start(BUNDLE_EXE, args, env)
            ratio = bundle / venv
            met = ratio <= GOAL
            if not met:
                missed.append(label)
            print(f"bundle: start {label:24s} bundle {bundle * 1000:6.0f} ms, virtualenv "
                  f"{venv * 1000:6.0f} ms: {ratio:.2f}x (goal <= {GOAL:g}x)"
                  + ("" if met else "  MISSED"))
            record(f"bundle start, {label}, against the virtualenv's",
                   f"{ratio:.2f}x ({bundle:.2f} s against {venv:.2f} s)",
                   f"at most {GOAL:g}x", met, ratio=ratio, bundle_seconds=bundle,
                   venv_seconds=venv)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
