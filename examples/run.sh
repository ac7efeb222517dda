#!/usr/bin/env bash
# Shows rectify working: builds the examples (Release) and runs each one.
# On a fresh Debian 12 machine it first installs cmake and g++ with apt-get.
# plot's curves go to build/examples/activations.csv; where Python 3 has
# matplotlib (Debian: python3-matplotlib) they are drawn again into
# docs/activations.png, the picture README.md shows.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh cmake make g++

cmake --preset examples --fresh >/dev/null
cmake --build --preset examples >/dev/null
for example in quickstart tutorial api mlp; do
  echo "\$ build/examples/examples/$example"
  "build/examples/examples/$example"
  echo
done

echo "\$ build/examples/examples/plot > build/examples/activations.csv"
build/examples/examples/plot > build/examples/activations.csv
echo "$(($(wc -l < build/examples/activations.csv) - 1)) points of relu, leaky_relu and their derivatives"
python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c "import matplotlib" 2>/dev/null; then
    python="$candidate"
    break
  fi
done
if [ -n "$python" ]; then
  echo "\$ python3 examples/plot_activations.py build/examples/activations.csv docs/activations.png"
  "$python" examples/plot_activations.py build/examples/activations.csv docs/activations.png
  echo "drew docs/activations.png"
else
  echo "not drawing docs/activations.png: no Python 3 with matplotlib (apt-get install python3-matplotlib)"
fi
