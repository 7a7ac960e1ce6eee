#!/usr/bin/env bash
# Installs every dependency infergy needs to build, test and run.
# Idempotent: packages already present are skipped by apt, npm uses the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # build
  build-essential cmake ninja-build pkg-config git
  # libraries
  libsqlite3-dev nlohmann-json3-dev libcli11-dev libfmt-dev libgsl-dev
  libmicrohttpd-dev libutfcpp-dev libonnx-dev libprotobuf-dev protobuf-compiler
  # the shared PostgreSQL store (client library; the server for the tests' own cluster)
  libpqxx-dev postgresql-15 postgresql-client-15
  # campaigns: the campaign file (TOML), and Slurm for the tests' own single-node cluster
  libtomlplusplus-dev slurm-wlm munge
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev clang-format clang-tidy
  # fuzzing the ONNX loader (clang with libFuzzer)
  clang libclang-rt-dev
  python3-torch python3-torchvision python3-onnx python3-numpy
  # the Python binding and its tests
  pybind11-dev python3-dev python3-pytest
  # report figures, web explorer tests, load benchmark
  gnuplot-nox fonts-dejavu-core chromium wrk sqlite3 file time
)
# Node.js and npm: the machine image ships them (nodejs with its own npm);
# Debian's separate npm package conflicts with that nodejs, so add it only when absent.
command -v node >/dev/null 2>&1 || APT_PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(npm)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${#missing[@]} Debian packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "bootstrap: Debian packages already installed" >&2
fi

if [ -f web/package.json ]; then
  if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules ]; then
    echo "bootstrap: installing npm packages for web/" >&2
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
echo "bootstrap: done" >&2
