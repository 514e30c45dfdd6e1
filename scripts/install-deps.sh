#!/usr/bin/env bash
# Installs everything firn needs to build and test on Debian 12, then the pinned
# Node packages of the interop harness (package-lock.json). Idempotent: packages
# already installed are left as they are. Runs as root, or through sudo.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive

PACKAGES=(
  build-essential g++ cmake ninja-build pkg-config git
  libzstd-dev libsnappy-dev zlib1g-dev liblz4-dev libbrotli-dev
  libfmt-dev libsimdjson-dev librdkafka-dev libsqlite3-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-16 libclang-rt-16-dev
  python3 python3-avro python3-confluent-kafka time
  chromium
)
# The machine image ships Node 20 with npm; Debian's nodejs is older, so only
# fall back to it when there is no node at all.
if ! command -v node >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
elif ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(npm)
fi

echo "+ apt-get update"
"${SUDO[@]}" apt-get update -q
echo "+ apt-get install -y --no-install-recommends ${PACKAGES[*]}"
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"

echo "+ node $(node --version), npm $(npm --version 2>/dev/null)"
echo "+ npm ci (package-lock.json)"
npm ci --no-audit --no-fund
