#!/usr/bin/env bash
# Aggregation: FedAvg, FedMedian and Krum over K updates × P parameters (safetensors bytes, as the hub receives them)
# against a numpy implementation in Flower's style (Debian's python3-numpy) and a plain memory-bound pass over the
# same K × P floats, same run; peak RSS beyond the inputs for each.
# Usage: bench/aggregation/run.sh [--sites 10] [--params 10000000] [--rounds 5]
set -euo pipefail
cd "$(dirname "$0")"
if ! /usr/bin/python3 -c "import numpy" 2>/dev/null; then
  echo "Installing the reference: Debian's python3-numpy"
  if [ "$(id -u)" -eq 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-numpy
  else sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-numpy; fi
fi
dotnet build -c Release -nologo -v q -clp:ErrorsOnly FedBus.Aggregation.Bench/FedBus.Aggregation.Bench.csproj
exec dotnet FedBus.Aggregation.Bench/bin/Release/net10.0/FedBus.Aggregation.Bench.dll "$@"
