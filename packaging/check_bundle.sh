#!/usr/bin/env bash
# Run the built bundle as a clinic would, with no Python and no virtualenv in reach, and
# use every part that needs a data file. On Linux (the default) it unpacks the tarball
# into a temporary /opt and starts it through a symlink, as INSTALL sets it up, in a
# clean environment (env -i). Given an executable instead (the Windows and macOS jobs of
# .github/workflows/bundle.yml), it runs that one in place.
# Usage: packaging/check_bundle.sh [dist/clinic-app-VERSION-linux-ARCH.tar.gz | EXECUTABLE]
set -euo pipefail
cd "$(dirname "$0")/.."

target="${1:-$(ls dist/clinic-app-*-linux-*.tar.gz | tail -n 1)}"
version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' clinic_app/__init__.py)"
head_revision="$(sed -n 's/^HEAD_REVISION = "\(.*\)"$/\1/p' clinic_app/store/migrate.py)"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/opt" "$root/bin" "$root/home"
case "$target" in
  *.tar.gz)
    tar -C "$root/opt" -xzf "$target"
    ln -s "$root/opt/clinic-app/clinic-app" "$root/bin/clinic-app"
    exe="$root/bin/clinic-app"
    installed="$root/opt/clinic-app" ;;
  *)
    exe="$(cd "$(dirname "$target")" && pwd)/$(basename "$target")"
    installed="$(dirname "$exe")" ;;
esac
touch "$root/unpacked"
cd "$root"

password='ci bundle test passphrase'
# No Python, no .venv, no checkout: only the system's /usr/bin and /bin. Windows also
# needs its own system folders to start any program.
keep=()
for name in SYSTEMROOT WINDIR TEMP TMP USERPROFILE APPDATA LOCALAPPDATA; do
  if [ -n "${!name:-}" ]; then keep+=("$name=${!name}"); fi
done
run() {
  env -i PATH=/usr/bin:/bin HOME="$root/home" ${keep[@]+"${keep[@]}"} QT_QPA_PLATFORM=offscreen \
    CLINIC_APP_PASSWORD="$password" "$exe" "$@"
}
step() { echo "bundle check: $*"; }

out="$(run --version)"
[ "$out" = "clinic-app $version" ] || { echo "bundle --version says '$out', not $version" >&2; exit 1; }
step "--version: $out"
run --data-dir "$root/data" init --clinic "CI Clinic" --admin lead1 --site "North High"
for lang in en es hmn so; do
  run --data-dir "$root/data" --lang "$lang" --smoke
  step "--smoke --lang $lang: sign-in window shown"
done
run --data-dir "$root/empty" --lang so --smoke
step "--smoke on an empty folder: setup wizard shown"
# The X11 plugin too, in a real (virtual) window, where Xvfb and the X11 libraries that
# INSTALL asks for are on the machine (the bundle carries Qt's, not the system's).
if command -v Xvfb >/dev/null && [ -x /sbin/ldconfig ] && /sbin/ldconfig -p | grep -q libxcb-icccm.so.4 &&
    /sbin/ldconfig -p | grep -q libxcb-keysyms.so.1; then
  Xvfb :87 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  sleep 1
  env -i PATH=/usr/bin:/bin HOME="$root/home" DISPLAY=:87 QT_QPA_PLATFORM=xcb \
    "$exe" --data-dir "$root/data" --lang hmn --smoke
  kill "$xvfb_pid"
  step "--smoke under X11 (xcb plugin): sign-in window shown"
else
  step "no Xvfb or X11 libraries here: the xcb plugin is only checked to be in the bundle"
fi
run handout referral --lang hmn --format card --out "$root/card.pdf"
run handout lesson healthy-relationships --lang so --out "$root/lesson.pdf"
run handout referral --lang so --format sheet --page-size a4 --out "$root/sheet.pdf"  # Somali dates
for pdf in card.pdf lesson.pdf sheet.pdf; do
  head -c 5 "$root/$pdf" | grep -q '%PDF-' || { echo "$pdf is not a PDF" >&2; exit 1; }
done
step "handouts: referral cards (hmn) $(wc -c < card.pdf) B, lesson (so) $(wc -c < lesson.pdf) B"
run curriculum list --json > "$root/lessons.json"
grep -q healthy-relationships "$root/lessons.json"
run --data-dir "$root/data" --user lead1 instrument list > "$root/instruments.txt"
grep -q youth-brief-screen "$root/instruments.txt"
run --data-dir "$root/data" --user lead1 doctor | tee "$root/doctor.txt"
# init ran every migration script from the bundle: the store must be at the source's head.
grep -q "Schema version: $head_revision (this app: $head_revision)" "$root/doctor.txt" ||
  { echo "the bundle's store is not at migration $head_revision" >&2; exit 1; }
step "doctor: ok, schema $head_revision"
run i18n status > "$root/i18n.txt"
[ "$(grep -c 'UI strings translated' "$root/i18n.txt")" = 4 ]
step "i18n status: four catalogs"
month="$(date +%Y-%m)"
run --data-dir "$root/data" --user lead1 export-counts --from "$month" --to "$month" \
  --format xlsx --out "$root/counts.xlsx"
run --data-dir "$root/data" --user lead1 export-counts --from "$month" --to "$month" \
  --by month,site --format csv --out "$root/counts.csv"
[ -s "$root/counts.xlsx" ] && [ -s "$root/counts.csv" ]
step "export-counts: xlsx and csv written"
# The bundle never writes into itself (a clinic installs it read-only under /opt).
if find "$installed" -type f -newer "$root/unpacked" | grep .; then
  echo "the bundle wrote the files above into its own folder" >&2
  exit 1
fi
echo "bundle check: ok ($(du -sm "$installed" | cut -f1) MiB)"
