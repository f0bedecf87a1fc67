#!/usr/bin/env bash
# Install headless Chromium, in which the tests open Snakemake's HTML report
# (tests/workflow/browser.py drives it with its own --dump-dom and
# --screenshot: no Python driver needed). Debian 12 packages, without
# recommends. Idempotent: packages already present are left as they are.
# Run as root (or with sudo).
#
#   chromium          the browser (/usr/bin/chromium)
#   chromium-driver   its WebDriver, of the same version, for anyone who
#                     drives it by hand (e.g. Selenium); the tests do not
#
# The lock timeout lets this wait for another apt run instead of failing.
set -euo pipefail

PACKAGES=(chromium chromium-driver)
APT=(apt-get -o DPkg::Lock::Timeout=1200)

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if ((${#missing[@]})); then
    echo "install-browser: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${APT[@]}" update
    "${APT[@]}" install -y --no-install-recommends "${missing[@]}"
else
    echo "install-browser: all packages already installed"
fi

echo "install-browser: installed versions:"
dpkg-query -W -f='  ${Package} ${Version}\n' "${PACKAGES[@]}"
