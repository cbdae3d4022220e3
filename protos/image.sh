#!/usr/bin/env bash
# Builds a protobuf image (FileDescriptorSet with imports and comments) of the contracts, prints its
# path. Usage: protos/image.sh [output-file [protos-dir]] — protos-dir defaults to this directory
# (the working tree); protos/breaking.sh passes a copy of an earlier commit's protos/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$(mktemp --suffix=.binpb)}"
root="$(cd "${2:-$here}" && pwd)"
dotnet restore "$here/../src/SupportPlatform.Contracts" >/dev/null
packages="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
version() { sed -n "s/.*Include=\"$1\" Version=\"\([^\"]*\)\".*/\1/p" "$here/../Directory.Packages.props"; }
tools="${packages}grpc.tools/$(version Grpc.Tools)"
common="${packages}google.api.commonprotos/$(version Google.Api.CommonProtos)/content/protos"
cd "$root"
"$tools/tools/linux_x64/protoc" -I . -I "$common" -I "$tools/build/native/include" \
  --include_imports --include_source_info --descriptor_set_out="$out" $(find support -name '*.proto' | sort)
echo "$out"
