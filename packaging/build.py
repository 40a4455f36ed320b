"""Build the one-folder bundle: `make bundle` runs this with the virtualenv's Python.

1. Build the wheel (as `make dist` does) and unpack it into build/bundle/stage: the
   bundle then carries exactly what the wheel installs, package data included.
2. Compile every translation catalog the way the app does at run time (a broken .po
   fails here, not at a clinic). The bundle ships the .po files, since that is what
   clinic_app/i18n.py reads; no .mo is written to the repository or the bundle.
3. Render the icon from packaging/clinic-app.svg (Qt's SVG renderer).
4. Run PyInstaller on packaging/clinic-app.spec -> dist/clinic-app/.
5. Check that the files a clinic needs are in the bundle (a missing one fails).
6. Linux: add the .desktop file, the icons, INSTALL and the licences, and pack
   dist/clinic-app-VERSION-linux-ARCH.tar.gz.
"""

from __future__ import annotations

import io
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUILD = ROOT / "build" / "bundle"
STAGE = BUILD / "stage"
DIST = ROOT / "dist"
NAME = "clinic-app"
BUNDLE = DIST / NAME  # macOS: dist/clinic-app.app as well

# Relative to the bundle's data folder (_internal/, or Contents/Resources on macOS):
# what the commands in .ci/run do not all reach (the xcb plugin under offscreen CI, say)
# is checked here by name.
REQUIRED = [
    "clinic_app/translations/messages.pot",
    "clinic_app/translations/es.po",
    "clinic_app/translations/hmn.po",
    "clinic_app/translations/so.po",
    "clinic_app/resources/contacts.json",
    "clinic_app/resources/regions.json",
    "clinic_app/resources/common-passwords.txt",
    "clinic_app/resources/fonts/DejaVuSans.ttf",
    "clinic_app/resources/fonts/DejaVuSans-Bold.ttf",
    "clinic_app/resources/fonts/DejaVuSans-Oblique.ttf",
    "clinic_app/store/migrations/env.py",
    "curriculum/lessons/MANIFEST.json",
    "screening/instruments",
    "babel/locale-data/root.dat",
    "babel/locale-data/es_US.dat",
    "babel/locale-data/so.dat",
]
REQUIRED_BY_PLATFORM = {
    "linux": ["PySide6/Qt/plugins/platforms/libqoffscreen.so",
              "PySide6/Qt/plugins/platforms/libqxcb.so"],
    "win32": ["PySide6/plugins/platforms/qoffscreen.dll",
              "PySide6/plugins/platforms/qwindows.dll"],
    "darwin": ["PySide6/Qt/plugins/platforms/libqoffscreen.dylib",
               "PySide6/Qt/plugins/platforms/libqcocoa.dylib"],
}


def step(message: str) -> None:
    print(f"bundle: {message}", flush=True)


def version() -> str:
    text = (ROOT / "clinic_app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', text)
    assert match, "clinic_app/__init__.py has no __version__"
    return match.group(1)


def build_wheel_stage() -> None:
    wheel_dir = BUILD / "wheel"
    shutil.rmtree(wheel_dir, ignore_errors=True)
    shutil.rmtree(STAGE, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--wheel-dir", str(wheel_dir), str(ROOT)], check=True)
    (wheel,) = wheel_dir.glob("clinic_app-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(STAGE)
    # A .mo in the source tree (someone ran msgfmt by hand) must not reach the bundle.
    for stray in STAGE.rglob("*.mo"):
        stray.unlink()


def check_catalogs() -> None:
    """Compile each catalog in memory as clinic_app/i18n.py does at run time."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted((STAGE / "clinic_app" / "translations").glob("*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        if buffer.tell() == 0:
            raise SystemExit(f"bundle: {po.name} compiled to nothing")
        step(f"catalog {po.name}: {len(catalog)} messages compile")


def render_icon(size: int = 256) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(HERE / "clinic-app.svg"))
    if not renderer.isValid():
        raise SystemExit("bundle: packaging/clinic-app.svg is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    out = BUILD / "clinic-app.png"
    if not image.save(str(out), "PNG"):
        raise SystemExit("bundle: could not write the PNG icon")
    return out


def run_pyinstaller(icon: Path, app_version: str) -> None:
    shutil.rmtree(BUNDLE, ignore_errors=True)
    shutil.rmtree(DIST / f"{NAME}.app", ignore_errors=True)
    env = dict(os.environ, CLINIC_APP_STAGE=str(STAGE), CLINIC_APP_ICON=str(icon),
               CLINIC_APP_VERSION=app_version)
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--log-level", "WARN", "--distpath", str(DIST),
                    "--workpath", str(BUILD / "pyinstaller"), str(HERE / "clinic-app.spec")],
                   check=True, env=env)


def data_roots() -> list[Path]:
    """Where the bundle keeps its files; a macOS .app splits them into data (Resources)
    and binaries (Frameworks)."""
    app = DIST / f"{NAME}.app" / "Contents"
    if sys.platform == "darwin" and app.is_dir():
        return [app / "Resources", app / "Frameworks"]
    return [BUNDLE / "_internal"]


def check_contents() -> None:
    roots = data_roots()
    root = roots[0]
    wanted = REQUIRED + REQUIRED_BY_PLATFORM.get(sys.platform, [])
    missing = [name for name in wanted if not any((r / name).exists() for r in roots)]
    lessons = list((root / "curriculum" / "lessons").rglob("*.md"))
    instruments = list((root / "screening" / "instruments").rglob("*.toml"))
    migrations = list((root / "clinic_app" / "store" / "migrations" / "versions").glob("0*.py"))
    if not lessons:
        missing.append("curriculum/lessons/**/*.md")
    if not instruments:
        missing.append("screening/instruments/**/*.toml")
    if not migrations:
        missing.append("clinic_app/store/migrations/versions/*.py")
    # The mirror: every package-data file of the wheel (and each migration script) is in
    # the bundle at the same place.
    for path in sorted(STAGE.rglob("*")):
        relative = path.relative_to(STAGE)
        if path.is_dir() or relative.parts[0].endswith(".dist-info") or path.suffix == ".pyc":
            continue
        is_migration = relative.parts[:3] == ("clinic_app", "store", "migrations")
        if path.suffix == ".py" and not is_migration:
            continue
        if not (root / relative).is_file():
            missing.append(f"{relative} (in the wheel)")
    leaked = [p for p in root.rglob("*") if p.suffix == ".mo" and "clinic_app" in p.parts]
    leaked += [p for p in root.rglob("*") if p.name in {"tests", ".venv"}
               and p.parent in (root, root / "clinic_app")]
    if missing or leaked:
        for name in missing:
            print(f"bundle: MISSING {name}", file=sys.stderr)
        for path in leaked:
            print(f"bundle: MUST NOT SHIP {path}", file=sys.stderr)
        raise SystemExit(1)
    step(f"contents: {len(lessons)} lesson files, {len(instruments)} instruments, "
         f"{len(migrations)} migrations, {len(wanted)} named files")


def check_linked_libraries() -> None:
    """Linux: every Qt, Python or bundled library that a bundled binary links must be in
    the bundle (the spec leaves some Qt parts out on purpose; this proves none is used)."""
    readelf = shutil.which("readelf")
    if readelf is None:
        step("readelf not found: linked libraries not checked")
        return
    root = BUNDLE / "_internal"
    present = {p.name for p in root.rglob("*.so*")}
    missing: set[str] = set()
    for path in root.rglob("*.so*"):
        if path.is_symlink() or not path.is_file():
            continue
        out = subprocess.run([readelf, "-d", str(path)], capture_output=True, text=True).stdout
        for needed in re.findall(r"\(NEEDED\).*\[(.+?)\]", out):
            if needed.startswith(("libQt6", "libpyside6", "libshiboken6", "libpython", "libicu")) \
                    and needed not in present:
                missing.add(f"{needed} (needed by {path.relative_to(root)})")
    if missing:
        for line in sorted(missing):
            print(f"bundle: MISSING library {line}", file=sys.stderr)
        raise SystemExit(1)
    step("linked libraries: every Qt and Python library a bundled binary needs is inside")


def finish_linux(app_version: str, icon: Path) -> Path:
    for name in ("clinic-app.desktop", "clinic-app.svg", "INSTALL"):
        shutil.copy2(HERE / name, BUNDLE / name)
    shutil.copy2(icon, BUNDLE / "clinic-app.png")
    for name in ("LICENSE", "LICENSE-CONTENT"):
        shutil.copy2(ROOT / name, BUNDLE / name)
    (BUNDLE / "VERSION").write_text(app_version + "\n", encoding="utf-8")
    tarball = DIST / f"{NAME}-{app_version}-linux-{platform.machine()}.tar.gz"
    tarball.unlink(missing_ok=True)
    if shutil.which("tar"):
        subprocess.run(["tar", "-C", str(DIST), "-czf", str(tarball), NAME], check=True)
    else:
        with tarfile.open(tarball, "w:gz") as archive:
            archive.add(BUNDLE, arcname=NAME)
    return tarball


def size_mib(path: Path) -> float:
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 2**20


def main() -> int:
    started = time.perf_counter()
    app_version = version()
    BUILD.mkdir(parents=True, exist_ok=True)
    step(f"clinic-app {app_version} on {sys.platform} ({platform.machine()})")
    build_wheel_stage()
    step(f"wheel unpacked into {STAGE.relative_to(ROOT)} ({time.perf_counter() - started:.0f} s)")
    check_catalogs()
    icon = render_icon()
    run_pyinstaller(icon, app_version)
    step(f"PyInstaller done ({time.perf_counter() - started:.0f} s)")
    check_contents()
    if sys.platform.startswith("linux"):
        check_linked_libraries()
        tarball = finish_linux(app_version, icon)
        step(f"{tarball.relative_to(ROOT)}: {tarball.stat().st_size / 2**20:.0f} MiB")
    step(f"{BUNDLE.relative_to(ROOT)}: {size_mib(BUNDLE):.0f} MiB on disk; "
         f"built in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
