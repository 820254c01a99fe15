# syntax=docker/dockerfile:1
# One recipe, one image per service: docker-compose passes the project (PROJECT) and its assembly (ASSEMBLY).
# Per service rather than one image with an entrypoint argument: each service is scaled, rolled out and rolled back on
# its own, and carries only its own publish output (libtorch is ~1 GB in inference and training, nothing in the
# gateway). The runtime stage below is identical for all of them, so Docker stores it once.
#
# Runtime OS: Debian 12. Microsoft publishes no Debian image for .NET 10 (Ubuntu is its only glibc image from .NET 10 on),
# so the ASP.NET Core runtime is copied from its image onto debian:bookworm-slim. Debian because GDCM's C# bindings
# are a Debian package (libgdcm-cil) and TorchSharp's libstdc++ fix-up (build/TorchSharpNative.targets) is measured on
# Debian 12's libstdc++; 12 because tests/FedBus.Deployment.Tests runs the published output on exactly that release.
ARG DOTNET_VERSION=10.0
ARG DEBIAN_RELEASE=bookworm

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS dotnet

# Restore reads only these files (with the MSBuild files projects import, e.g. the gateway's Desk.targets); copying
# them alone (with their folders) keeps the restore layer cached until a project file, the central package versions or
# the MSBuild imports change.
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS project-files
WORKDIR /src
COPY . .
RUN mkdir /project-files \
 && find . \( -name '*.sln' -o -name '*.csproj' -o -name 'Directory.Build.props' -o -name 'Directory.Build.targets' \
      -o -name 'Directory.Packages.props' -o -name global.json -o -name nuget.config -o -path './build/*' \
      -o -path './gateway/FedBus.Gateway/*.targets' \) \
      -type f -exec cp --parents {} /project-files \;

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG PROJECT
WORKDIR /src
# The gateway's build bundles the radiologist's desk (gateway/desk, gateway/FedBus.Gateway/Desk.targets) with npm from
# its lock file; no other image needs Node.js.
RUN case "$PROJECT" in gateway/*) apt-get update && apt-get install -y --no-install-recommends nodejs npm \
      && rm -rf /var/lib/apt/lists/* ;; esac
COPY --from=project-files /project-files ./
RUN dotnet restore "$PROJECT"
COPY . .
# Publishing also marks libLibTorchSharp.so's GLIBCXX_3.4.32 need weak (build/TorchSharpNative.targets).
RUN dotnet publish "$PROJECT" -c Release --no-restore -o /app

FROM debian:${DEBIAN_RELEASE}-slim AS runtime
# .NET's own needs (as Microsoft's runtime-deps images list them, less ICU: InvariantGlobalization is on), curl for the
# health check, GDCM's native codecs (libgdcm3.0), and from libgdcm-cil only gdcm-sharp.dll and its glue library:
# the package itself would pull in Mono (~100 MB) that CoreCLR never loads. TorchSharp's libtorch needs only
# libstdc++6/libgcc-s1 (it ships its own libgomp).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl libc6 libgcc-s1 libgdcm3.0 libssl3 libstdc++6 tzdata zlib1g \
 && cd /tmp \
 && apt-get download libgdcm-cil \
 && dpkg-deb --fsys-tarfile libgdcm-cil_*.deb \
      | tar -x -C / ./usr/lib/cli/gdcm-sharp-3.0/gdcm-sharp.dll ./usr/lib/cli/gdcm-sharp-3.0/libgdcmsharpglue.so \
 && ldd /usr/lib/cli/gdcm-sharp-3.0/libgdcmsharpglue.so | { ! grep 'not found'; } \
 && rm -f /tmp/*.deb \
 && rm -rf /var/lib/apt/lists/*
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
 && groupadd --system --gid 1654 app \
 && useradd --system --uid 1654 --gid app --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin app \
 && mkdir -p /data/blobs \
 && chown -R app:app /data

FROM runtime
ARG ASSEMBLY
# ASPNETCORE_URLS is the only place the port is set (no appsettings pins Urls). The malloc settings keep glibc from
# re-faulting TorchSharp's activations on every step (docs/learning.md). A named volume mounted on /data/blobs starts
# out owned by the app user, as the folder is here.
ENV FEDBUS_ASSEMBLY=${ASSEMBLY} \
    ASPNETCORE_URLS=http://+:8080 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    FedBus__DataDirectory=/data \
    MALLOC_MMAP_THRESHOLD_=33554432 \
    MALLOC_TRIM_THRESHOLD_=1073741824
WORKDIR /app
# Owned by root and read-only to the service: it writes only under /data (and the GDCM worker under /tmp).
COPY --from=build /app .
USER app
EXPOSE 8080
# exec: the service is PID 1 and gets SIGTERM; arguments after the image name reach it (e.g. --FedBus:SiteId=site-b).
ENTRYPOINT ["/bin/sh", "-c", "exec dotnet \"/app/$FEDBUS_ASSEMBLY.dll\" \"$@\"", "fedbus"]
