#!/usr/bin/env bash
# Triage quality on the brain MRI benchmark: AUROC of the combined TriageScore for "the model is poor on this image"
# per task, and precision at a 10 % annotation budget against random selection (see docs/benchmarks.md).
# Usage: bench/triage/run.sh [--size 64] [--tasks Classification,Segmentation,Detection] [--seed 1] [--csv DIR]
set -euo pipefail
cd "$(dirname "$0")"
dotnet run -c Release --project FedBus.Triage.Bench/FedBus.Triage.Bench.csproj -- "$@"
