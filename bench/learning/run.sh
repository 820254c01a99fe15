#!/usr/bin/env bash
# TorchSharp U-Net train step and MC-dropout vs PyTorch (Debian's python3-torch) on the same architecture, same run.
# Usage: bench/learning/run.sh [-- --tasks | --spin | --rounds N]
set -euo pipefail
cd "$(dirname "$0")"
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  echo "Installing the reference: Debian's python3-torch (PyTorch 1.13.1, ~600 MB)"
  if [ "$(id -u)" -eq 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-torch
  else sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-torch; fi
fi
dotnet run -c Release --project FedBus.Learning.Bench/FedBus.Learning.Bench.csproj -- "$@"
