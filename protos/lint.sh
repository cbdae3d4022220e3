#!/usr/bin/env bash
# buf lint (STANDARD rules) on the contracts, with buf from npm (no schema registry needed: the
# protos import only google/protobuf, which buf carries).
set -euo pipefail
cd "$(dirname "$0")"
exec npx --yes @bufbuild/buf@1.75.0 lint
