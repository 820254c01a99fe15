#!/usr/bin/env bash
# FedBus's one entry point.
#   ./build.sh demo [options]   run the embedded demo (the AppHost's demo verb; --help for its options)
#   ./build.sh test    install and start what the tests need (RabbitMQ, DCMTK, Orthanc, GDCM, jongodb), run every test,
#                      then audit what the run logged for patient identity (tests/FedBus.LogAudit.Tests)
#   ./build.sh experiment [options]   measure the learning on the brain MRI benchmark (docs/experiments.md; --help lists the options)
#   ./build.sh bench <name>   run a benchmark (see docs/benchmarks.md)
#   ./build.sh publish  build and publish every service and the gateway (Release) into artifacts/publish/<project>, as the images do
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

JONGODB_VERSION=0.1.6
# chromium: the browser tests/FedBus.Desk.Tests drives through Playwright (ExecutablePath /usr/bin/chromium; Playwright never downloads one).
TEST_PACKAGES=(rabbitmq-server dcmtk libdcmtk17 orthanc orthanc-dicomweb orthanc-gdcm libgdcm-cil docker-compose python3 python3-pil curl chromium)
RABBIT_STARTED_BY_US=0

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\nbuild.sh: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root (or sudo) to run: $*"; fi
}

ensure_apt_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && { echo "Debian packages present: $*"; return; }
  say "Installing Debian packages: ${missing[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

ensure_npm() {
  command -v npm >/dev/null || ensure_apt_packages nodejs npm
}

ensure_jongodb() {
  local bin=".tools/jongodb/node_modules/@jongodb/memory-server-bin-linux-x64-gnu/bin/jongodb"
  if [ -x "$bin" ]; then echo "jongodb present: $bin"; return; fi
  ensure_npm
  say "Installing jongodb $JONGODB_VERSION (MongoDB wire-compatible test server) from npm"
  mkdir -p .tools/jongodb
  npm install --prefix .tools/jongodb --no-audit --no-fund --loglevel=error "@jongodb/memory-server-bin-linux-x64-gnu@$JONGODB_VERSION"
  [ -x "$bin" ] || die "npm did not install $bin"
}

rabbit_pid_file() { echo "/var/lib/rabbitmq/mnesia/rabbit@$(hostname -s).pid"; }

management_answers() { curl -sf -m 5 -u guest:guest http://127.0.0.1:15672/api/overview >/dev/null 2>&1; }

start_rabbitmq() {
  if as_root rabbitmqctl -q status >/dev/null 2>&1; then
    echo "RabbitMQ is already running; using it (and leaving it running)."
    management_answers || as_root rabbitmq-plugins enable rabbitmq_management rabbitmq_shovel rabbitmq_shovel_management
    return
  fi
  say "Starting RabbitMQ on loopback"
  local conf_dir; conf_dir="$(mktemp -d /tmp/fedbus-rabbitmq.XXXXXX)"
  cat > "$conf_dir/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:5672
management.tcp.ip = 127.0.0.1
management.tcp.port = 15672
CONF
  chmod -R a+rX "$conf_dir"
  as_root rabbitmq-plugins enable --offline rabbitmq_management rabbitmq_shovel rabbitmq_shovel_management >/dev/null
  as_root env RABBITMQ_CONFIG_FILE="$conf_dir/rabbitmq.conf" ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" rabbitmq-server -detached
  RABBIT_STARTED_BY_US=1
  trap stop_rabbitmq EXIT
  # await_startup right after -detached can fail at once; wait on the pid file instead.
  as_root rabbitmqctl wait --timeout 110 "$(rabbit_pid_file)"
  for _ in $(seq 1 60); do management_answers && break; sleep 1; done
  management_answers || die "RabbitMQ started but its management API does not answer on 127.0.0.1:15672"
  echo "RabbitMQ is up (AMQP 127.0.0.1:5672, management 127.0.0.1:15672)."
}

stop_rabbitmq() {
  [ "$RABBIT_STARTED_BY_US" -eq 1 ] || return 0
  say "Stopping the RabbitMQ this script started"
  as_root rabbitmqctl shutdown >/dev/null 2>&1 || true
  as_root epmd -kill >/dev/null 2>&1 || true
  RABBIT_STARTED_BY_US=0
}

# The projects docker-compose.yml builds images from (its build args name them): one list, in one place.
compose_projects() { grep -o 'PROJECT: [^ ,}]*' docker-compose.yml | cut -d' ' -f2; }

# Publishes each image's project from the existing Release build into artifacts/publish/<project name>, where
# tests/FedBus.Deployment.Tests runs it the way the container does. One MSBuild run (deploy/PublishServices.proj):
# seven `dotnet publish --no-build` in a row took ~10x longer, mostly start-up.
publish_services() {
  local started=$SECONDS projects
  projects="$(compose_projects | sed "s|^|$ROOT/|" | paste -sd';' | sed 's/;/%3B/g')"
  rm -rf artifacts/publish
  dotnet msbuild deploy/PublishServices.proj -nologo -v q -clp:ErrorsOnly -m "-p:Projects=$projects"
  touch artifacts/publish/.published   # the test compares the sources' times with this one
  echo "Published $(compose_projects | wc -l) projects into artifacts/publish/ in $((SECONDS - started)) s."
}

cmd_publish() {
  command -v dotnet >/dev/null || die "the .NET SDK is not on PATH"
  ensure_npm   # the gateway's build bundles the desk (gateway/desk) with npm when its bundle is not up to date
  say "Building every service and the gateway (Release)"
  local project
  for project in $(compose_projects); do dotnet build "$project" -c Release -nologo -v q -clp:ErrorsOnly; done
  say "Publishing them into artifacts/publish/"
  publish_services
}

cmd_test() {
  command -v dotnet >/dev/null || die "the .NET SDK is not on PATH"
  ensure_apt_packages "${TEST_PACKAGES[@]}"
  ensure_npm   # the gateway's build bundles the desk (gateway/desk) with npm when its bundle is not up to date
  ensure_jongodb
  say "Checking docker-compose.yml (statically: no Docker engine is needed)"
  docker-compose -f docker-compose.yml config -q
  echo "docker-compose.yml is valid."
  start_rabbitmq
  say "Building"
  dotnet build FedBus.sln -c Release -nologo -v q -clp:ErrorsOnly
  say "Publishing the services from that build (for the published-output test)"
  publish_services
  dotnet build tests/FedBus.LogAudit.Tests -c Release -nologo -v q -clp:ErrorsOnly
  # Every host and child process of the run writes what it logs (Information and above) here; the audit below reads it.
  export FedBus__Logging__CaptureDirectory="$ROOT/artifacts/logs"
  rm -rf "$FedBus__Logging__CaptureDirectory"
  say "Running every test"
  local status=0
  dotnet test FedBus.sln -c Release --no-build -nologo --blame-hang-timeout 15m \
    --logger "console;verbosity=normal" --results-directory artifacts/test-results --logger trx || status=$?
  say "Auditing what the run logged for patient identity ($FedBus__Logging__CaptureDirectory)"
  dotnet test tests/FedBus.LogAudit.Tests -c Release --no-build -nologo \
    --logger "console;verbosity=normal" --results-directory artifacts/test-results --logger trx || status=$?
  say "Summary"
  for trx in artifacts/test-results/*.trx; do
    [ -f "$trx" ] || continue
    python3 - "$trx" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {'t': 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010'}
root = ET.parse(sys.argv[1]).getroot()
c = root.find('t:ResultSummary/t:Counters', ns).attrib
name = root.find('t:TestDefinitions/t:UnitTest', ns)
storage = name.attrib.get('storage', '?').split('/')[-1] if name is not None else '?'
print(f"  {storage:45s} passed {c['passed']:>4}  failed {c['failed']:>3}  total {c['total']:>4}")
# The failures again, at the end, where a log cut to its tail still shows them.
for r in root.iterfind('t:Results/t:UnitTestResult', ns):
    if r.attrib.get('outcome') != 'Failed':
        continue
    print(f"    FAILED {r.attrib.get('testName')} ({r.attrib.get('duration')})")
    info = r.find('t:Output/t:ErrorInfo', ns)
    for tag in ('Message', 'StackTrace'):
        text = info.findtext(f't:{tag}', '', ns) if info is not None else ''
        for line in text.strip().splitlines()[:12]:
            print(f"      {line}")
PY
  done
  rm -f artifacts/test-results/*.trx
  [ "$status" -eq 0 ] && echo "All tests passed." || echo "Some tests FAILED (see above)."
  return "$status"
}

# The AppHost's `demo` verb (the whole federation in one process), built in Release; options pass through.
cmd_demo() {
  command -v dotnet >/dev/null || die "the .NET SDK is not on PATH"
  dotnet build services/FedBus.AppHost -c Release -nologo -v q -clp:ErrorsOnly
  dotnet services/FedBus.AppHost/bin/Release/net10.0/FedBus.AppHost.dll demo "$@"
}

# The AppHost's `experiment` verb, built in Release; options pass through (`./build.sh experiment --help`).
cmd_experiment() {
  command -v dotnet >/dev/null || die "the .NET SDK is not on PATH"
  dotnet build services/FedBus.AppHost -c Release -nologo -v q -clp:ErrorsOnly
  dotnet services/FedBus.AppHost/bin/Release/net10.0/FedBus.AppHost.dll experiment "$@"
}

case "${1:-}" in
  test) cmd_test ;;
  experiment) shift; cmd_experiment "$@" ;;
  demo) shift; cmd_demo "$@" ;;
  publish) cmd_publish ;;
  bench) shift; [ -x "bench/${1:-}/run.sh" ] || die "usage: ./build.sh bench <$(ls bench 2>/dev/null | tr '\n' '|')>"; n="$1"; shift; "bench/$n/run.sh" "$@" ;;
  *) echo "usage: ./build.sh demo [options] | test | publish | experiment [options] | bench <name>"; exit 2 ;;
esac
