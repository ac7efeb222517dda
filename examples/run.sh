#!/usr/bin/env bash
# Shows rectify working: builds the examples (Release) and runs each one.
# On a fresh Debian 12 machine it first installs cmake and g++ with apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh cmake make g++

cmake --preset examples --fresh >/dev/null
cmake --build --preset examples >/dev/null
for example in quickstart tutorial; do
  echo "\$ build/examples/examples/$example"
  "build/examples/examples/$example"
  echo
done
