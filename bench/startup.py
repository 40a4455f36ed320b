"""Start-up to the first window, and sign-in to the main window, against a bare PySide6
window in the same run. Goal: each at most 3x the bare window.

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
# window has been up for a moment (its idle warm-up has run). Prints seconds.
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
QTimer.singleShot(WARM_UP_DELAY_MS + 300, app.quit)
app.exec()
dialog.username.setText("lead1"); dialog.password.setText(sys.argv[2])
start = time.perf_counter()
dialog.try_sign_in()
app.processEvents()
assert controller.window is not None and controller.window.isVisible()
print(time.perf_counter() - start)
"""


def measured(code: str, *args: str) -> float:
    """Median of the figure the scenario prints itself."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    samples = [
        float(subprocess.run([sys.executable, "-c", code, *args], check=True, env=env,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1])
        for _ in range(RUNS)
    ]
    return statistics.median(samples)


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
        signed_in = measured(SIGN_IN, str(data), PASSWORD)
    print(f"bare PySide6 window:                 {bare * 1000:7.0f} ms")
    print(f"clinic-app start to first window:    {first * 1000:7.0f} ms  "
          f"ratio {first / bare:.2f}x (goal <= 3x)")
    print(f"sign-in click to main window:        {signed_in * 1000:7.0f} ms  "
          f"ratio {signed_in / bare:.2f}x (goal <= 3x)")


if __name__ == "__main__":
    main()
