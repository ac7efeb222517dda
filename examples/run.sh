#!/usr/bin/env bash
# Shows rectify working: builds the examples (Release) and runs each one.
# On a fresh Debian 12 machine it first installs cmake and g++ with apt-get.
# The curves of plot, plot_smooth and plot_family go to
# build/examples/activations.csv, smooth.csv and family.csv; where Python 3 has
# matplotlib (Debian: python3-matplotlib) they are drawn again into
# docs/activations.png, docs/smooth.png and docs/family.png, the pictures of
# README.md and docs/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh cmake make g++

cmake --preset examples --fresh >/dev/null
cmake --build --preset examples >/dev/null
for example in quickstart tutorial api smooth half mlp; do
  echo "\$ build/examples/examples/$example"
  "build/examples/examples/$example"
  echo
done

echo "\$ build/examples/examples/plot > build/examples/activations.csv"
build/examples/examples/plot > build/examples/activations.csv
echo "$(($(wc -l < build/examples/activations.csv) - 1)) points of relu, leaky_relu and their derivatives"
echo "\$ build/examples/examples/plot_smooth > build/examples/smooth.csv"
build/examples/examples/plot_smooth > build/examples/smooth.csv
echo "$(($(wc -l < build/examples/smooth.csv) - 1)) points of each smooth function and its derivative"
echo "\$ build/examples/examples/plot_family > build/examples/family.csv"
build/examples/examples/plot_family > build/examples/family.csv
echo "$(($(wc -l < build/examples/family.csv) - 1)) points of relu6, hardtanh, hardsigmoid, hardswish, threshold and their derivatives"
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
  echo "\$ python3 examples/plot_smooth.py build/examples/smooth.csv docs/smooth.png"
  "$python" examples/plot_smooth.py build/examples/smooth.csv docs/smooth.png
  echo "drew docs/smooth.png"
  echo "\$ python3 examples/plot_smooth.py build/examples/family.csv docs/family.png family"
  "$python" examples/plot_smooth.py build/examples/family.csv docs/family.png family
  echo "drew docs/family.png"
else
  echo "not drawing docs/activations.png, docs/smooth.png and docs/family.png: no Python 3 with matplotlib" \
    "(apt-get install python3-matplotlib)"
fi
