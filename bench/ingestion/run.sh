#!/usr/bin/env bash
# Ingestion: C-STORE of the same CT and MR studies by DCMTK storescu into DCMTK storescp, Orthanc and our ingestion
# service (one association, and four at once), paired per round in one run; then QIDO-RS over 100,000 indexed instances.
# Usage: bench/ingestion/run.sh [ct=500] [mr=1000] [rounds=5] | transfer [ct] [mr] [rounds] | qido [instances] [--mongo URI]
set -euo pipefail
cd "$(dirname "$0")"
if [ "${1:-}" != "qido" ]; then
  for tool in storescu storescp Orthanc; do
    command -v "$tool" >/dev/null || { echo "'$tool' missing: apt-get install -y dcmtk orthanc" >&2; exit 1; }
  done
fi
dotnet build -c Release -nologo -v q ../../services/FedBus.Ingestion/FedBus.Ingestion.csproj
export FEDBUS_INGESTION_DLL="$(cd ../.. && pwd)/services/FedBus.Ingestion/bin/Release/net10.0/FedBus.Ingestion.dll"
dotnet run -c Release --project FedBus.Bench.Ingestion.csproj -- "$@"
