#!/usr/bin/env bash
# buf lint (the STANDARD rules of buf.yaml) on the contracts, with buf from npm. buf has no schema
# registry here, and the protos import google/api (the HTTP/JSON rules), so buf reads an image
# that protoc builds: protoc from the Grpc.Tools package, google/api from Google.Api.CommonProtos
# (both restored by NuGet for the contracts project; nothing of Google's is copied into protos/).
# The rules apply to our files only (--path support).
set -euo pipefail
cd "$(dirname "$0")"
image="$(./image.sh)"
trap 'rm -f "$image"' EXIT
npx --yes @bufbuild/buf@1.75.0 lint "$image" --path support --config buf.yaml
