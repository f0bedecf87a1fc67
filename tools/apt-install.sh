#!/usr/bin/env bash
# Install Debian packages that are missing, without recommends; idempotent
# (packages already present are left as they are). Shared by install-tex.sh
# and install-browser.sh. Usage: bash tools/apt-install.sh NAME PACKAGE...
# (NAME prefixes the messages). The lock timeout lets this wait for another
# apt run instead of failing. Run as root (or with sudo).
set -euo pipefail

name=$1
shift
PACKAGES=("$@")
APT=(apt-get -o DPkg::Lock::Timeout=1200)

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if ((${#missing[@]})); then
    echo "$name: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${APT[@]}" update
    "${APT[@]}" install -y --no-install-recommends "${missing[@]}"
else
    echo "$name: all packages already installed"
fi

echo "$name: installed versions:"
dpkg-query -W -f='  ${Package} ${Version}\n' "${PACKAGES[@]}"
