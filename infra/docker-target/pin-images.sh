#!/usr/bin/env bash
# Pins every third-party image of a docker-target stack to the digest its tag points to now, from the registry
# (`docker buildx imagetools inspect`), with `pulumi config set`: the stack file then names exact bytes.
# Usage: infra/docker-target/pin-images.sh [stack]   (default: local; needs docker with buildx and pulumi, logged in)
set -euo pipefail

stack="${1:-local}"
keys=(
  dockerPostgresImage
  dockerValkeyImage
  dockerProxyImage
  dockerPrometheusImage
  dockerAlertmanagerImage
  dockerGrafanaImage
)

for key in "${keys[@]}"; do
  current="$(pulumi config get --stack "$stack" "rusty-saas:$key")"
  reference="${current%@*}"
  digest="$(docker buildx imagetools inspect "$reference" --format '{{json .Manifest.Digest}}' | tr -d '"')"
  if [[ ! "$digest" =~ ^sha256:[0-9a-f]{64}$ ]]; then
    echo "$key: the registry gave no digest for $reference (got '$digest')" >&2
    exit 1
  fi
  pulumi config set --stack "$stack" "rusty-saas:$key" "$reference@$digest"
  echo "$key: $reference@$digest"
done
