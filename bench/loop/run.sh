#!/usr/bin/env bash
# The radiologist loop's latency and throughput (see docs/benchmarks.md): study stored (blobs written, StudyReceived
# published) → task open in the worklist, p50/p95 at a steady rate, embedded (ingestion, inference, annotation-request
# and QC composed in one process on the in-memory bus) and over RabbitMQ (inference, annotation-request and QC each
# its own process); the model's own compute per study and the bare model's best images/s measured in the same run.
# Usage: bench/loop/run.sh [--studies 200] [--rate 2] [--burst 128] [--modes embedded,inference,rabbitmq] [--quick]
set -euo pipefail
cd "$(dirname "$0")"
dotnet build -c Release -nologo -v q FedBus.Loop.Bench/FedBus.Loop.Bench.csproj
dotnet FedBus.Loop.Bench/bin/Release/net10.0/FedBus.Loop.Bench.dll "$@"
