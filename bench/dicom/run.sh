#!/usr/bin/env bash
# DICOM file layer against DCMTK, same files, same run: header parse / full read throughput vs dcmdump, and peak
# memory reading a 500 MB multi-frame file.  Usage: bench/dicom/run.sh [files=1000]
set -euo pipefail
cd "$(dirname "$0")"
command -v dcmdump >/dev/null || { echo "'dcmdump' missing: apt-get install -y dcmtk" >&2; exit 1; }
project=FedBus.Dicom.Benchmarks/FedBus.Dicom.Benchmarks.csproj
dotnet build -c Release -nologo -v q "$project"
dotnet run -c Release --no-build --project "$project" -- vs-dcmtk "${1:-1000}"
big="$(mktemp -d /tmp/fedbus-bench-memory.XXXXXX)/multiframe.dcm"
trap 'rm -rf "$(dirname "$big")"' EXIT
dotnet run -c Release --no-build --project "$project" -- memory create "$big"
dotnet run -c Release --no-build --project "$project" -- memory lazy "$big"
dotnet run -c Release --no-build --project "$project" -- memory eager "$big"
