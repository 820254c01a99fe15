# One image recipe for every FedBus service: docker-compose passes the project and its assembly name.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT
WORKDIR /src
COPY . .
RUN dotnet publish "$PROJECT" -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
ARG ASSEMBLY
ENV FEDBUS_ASSEMBLY=${ASSEMBLY} \
    ASPNETCORE_URLS=http://0.0.0.0:8080 \
    MALLOC_MMAP_THRESHOLD_=33554432 \
    MALLOC_TRIM_THRESHOLD_=1073741824
WORKDIR /app
COPY --from=build /app .
EXPOSE 8080
ENTRYPOINT ["sh", "-c", "exec dotnet \"$FEDBUS_ASSEMBLY.dll\""]
