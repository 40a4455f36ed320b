"""Start-up to the first window, and sign-in to the main window, against a bare PySide6
window in the same run. Goal: each at most 3x the bare window; for sign-in, not counting
the key derivation, which costs about half a second on purpose (bench/security.py; it
runs off the UI thread, so the window stays responsive meanwhile).

Each scenario runs in a fresh interpreter (so imports are counted) and quits as soon as
its window has been shown; the figure is the median wall time of several runs.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __name__ == "__main__":  # bench/ holds screening.py and curriculum.py: never import those
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench._results import record  # noqa: E402

RUNS = 5
PASSWORD = "benchmark passphrase for startup"

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
window = QMainWindow(); window.setCentralWidget(QLabel("hello")); window.show()
app.processEvents()
"""

FIRST_WINDOW = """
import sys
from clinic_app.cli import main
sys.exit(main(["--data-dir", sys.argv[1], "--smoke"]))
"""

# From pressing "Sign in" to the main window shown, as a user meets it: the login
# window has been up for a moment (its idle warm-up has run). Prints the seconds of
# the sign-in, then of one key derivation at the shipped cost in the same process.
SIGN_IN = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from clinic_app.ui.app import AppController, WARM_UP_DELAY_MS
from clinic_app.ui.qt_translation import QtLanguageBridge
app = QApplication([])
bridge = QtLanguageBridge(app)
controller = AppController(Path(sys.argv[1]))
dialog = controller.start()
QTimer.singleShot(WARM_UP_DELAY_MS + 300, lambda: app.exit(0))  # quit() would close it
app.exec()
dialog.username.setText("lead1"); dialog.password.setText(sys.argv[2])
start = time.perf_counter()
dialog.attempt_finished.connect(lambda: app.exit(0))
dialog.try_sign_in()  # runs off the UI thread; the window is built when it returns
app.exec()
app.processEvents()
assert controller.window is not None and controller.window.isVisible()
total = time.perf_counter() - start
from clinic_app.store import crypto
begin = time.perf_counter()
crypto.derive_key(sys.argv[2], b"0123456789abcdef", crypto.KdfParams())
print(total, time.perf_counter() - begin)
"""


def measured(code: str, *args: str) -> tuple[float, float]:
    """Medians of the two figures the scenario prints itself."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    samples = [
        [float(figure) for figure in subprocess.run(
            [sys.executable, "-c", code, *args], check=True, env=env, capture_output=True,
            text=True).stdout.strip().splitlines()[-1].split()]
        for _ in range(RUNS)
    ]
    return (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples))


def timed(code: str, *args: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *args], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        subprocess.run([sys.executable, "-m", "clinic_app", "--data-dir", str(data), "init",
                        "--clinic", "Bench Clinic", "--admin", "lead1"], check=True,
                       env=dict(os.environ, CLINIC_APP_PASSWORD=PASSWORD),
                       stdout=subprocess.DEVNULL)
        bare = timed(BARE)
        first = timed(FIRST_WINDOW, str(data))
        signed_in, derivation = measured(SIGN_IN, str(data), PASSWORD)
    print(f"bare PySide6 window:                 {bare * 1000:7.0f} ms")
    print(f"clinic-app start to first window:    {first * 1000:7.0f} ms  "
          f"ratio {first / bare:.2f}x (goal <= 3x)")
    rest = signed_in - derivation
    record("start to the first window", f"{first / bare:.1f}x a bare PySide6 window",
           "at most 3x", first / bare <= 3, ratio=first / bare, seconds=first)
    record("sign-in to the main window, without the key derivation",
           f"{rest / bare:.1f}x a bare window ({signed_in:.2f} s in all)", "at most 3x",
           rest / bare <= 3, ratio=rest / bare, seconds=signed_in)
    print(f"sign-in click to main window:        {signed_in * 1000:7.0f} ms, of which the "
          f"key derivation {derivation * 1000:.0f} ms")
    print(f"sign-in without the key derivation:  {rest * 1000:7.0f} ms  "
          f"ratio {rest / bare:.2f}x (goal <= 3x)")


if __name__ == "__main__":
    main()
