#!/usr/bin/env bash
# Ingestion throughput of our C-STORE SCP against DCMTK storescp, same files, same client (storescu), same run.
# Usage: bench/dicom-network/run.sh [instances=500] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")"
for tool in storescu storescp; do
  command -v "$tool" >/dev/null || { echo "DCMTK '$tool' missing: apt-get install -y dcmtk" >&2; exit 1; }
done
dotnet run -c Release --project FedBus.Bench.DicomNetwork.csproj -- "$@"
