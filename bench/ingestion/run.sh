#!/usr/bin/env bash
# Ingestion throughput: the same N synthetic CT files sent by DCMTK storescu (TCP_NODELAY=1, one association) to
# DCMTK storescp, Orthanc, our bare SCP and our whole ingestion service, in the same run; prints files/s, MB/s, ratios.
# Usage: bench/ingestion/run.sh [instances=500] [rounds=5]     (BENCH_ONLY="service|storescp" to pick receivers)
set -euo pipefail
cd "$(dirname "$0")"
for tool in storescu storescp Orthanc; do
  command -v "$tool" >/dev/null || { echo "'$tool' missing: apt-get install -y dcmtk orthanc" >&2; exit 1; }
done
dotnet build -c Release -nologo -v q ../../services/FedBus.Ingestion/FedBus.Ingestion.csproj
export FEDBUS_INGESTION_DLL="$(cd ../.. && pwd)/services/FedBus.Ingestion/bin/Release/net10.0/FedBus.Ingestion.dll"
dotnet run -c Release --project FedBus.Bench.Ingestion.csproj -- "$@"
