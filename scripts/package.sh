#!/usr/bin/env bash
# Builds the Debian packages suara-common, suara-hub and suara-kiosk into dist/ (or $DIST_DIR)
# from the build directory build/ (or $BUILD_DIR). SUARA_PACKAGE_RELEASE sets the Debian
# revision (default 1): a rebuild of the same version for an upgrade.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${BUILD_DIR:-build}"
dist_dir="${DIST_DIR:-dist}"
bash scripts/build.sh -DSUARA_PACKAGE_RELEASE="${SUARA_PACKAGE_RELEASE:-1}"
mkdir -p "$dist_dir"
(cd "$build_dir" && cpack -G DEB -B "$PWD/packages" >/dev/null)
mv "$build_dir"/packages/*.deb "$dist_dir"/
rm -rf "$build_dir/packages"
ls -1 "$dist_dir"/*.deb
