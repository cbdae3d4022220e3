#!/usr/bin/env bash
# Builds a protobuf image (FileDescriptorSet with imports and comments) of protos/support at the
# working tree, prints its path. Usage: protos/image.sh [output-file]
set -euo pipefail
cd "$(dirname "$0")"
dotnet restore ../src/SupportPlatform.Contracts >/dev/null
packages="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
version() { sed -n "s/.*Include=\"$1\" Version=\"\([^\"]*\)\".*/\1/p" ../Directory.Packages.props; }
tools="${packages}grpc.tools/$(version Grpc.Tools)"
common="${packages}google.api.commonprotos/$(version Google.Api.CommonProtos)/content/protos"
out="${1:-$(mktemp --suffix=.binpb)}"
"$tools/tools/linux_x64/protoc" -I . -I "$common" -I "$tools/build/native/include" \
  --include_imports --include_source_info --descriptor_set_out="$out" $(find support -name '*.proto' | sort)
echo "$out"
