#!/usr/bin/env bash
# Builds the three service images with Jib (no Docker daemon) using deploy/images.properties.
# Extra arguments go to Maven, e.g. push to a registry:
#   deploy/build-images.sh -Dquarkus.container-image.registry=registry.example.com -Dquarkus.container-image.push=true
# Without push, Jib hands the image to a local Docker/Podman engine (quarkus.jib.docker-executable-name).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
settings=()
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] && continue
  settings+=("-D$line")
done < "$root/deploy/images.properties"
cd "$root"
exec ./mvnw package -DskipTests -pl sampler-service,verifier-service,learner-service -am \
  -Dquarkus.container-image.build=true "${settings[@]}" "$@"
