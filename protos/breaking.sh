#!/usr/bin/env bash
# buf breaking (the rules of buf.yaml) on the contracts' history: every commit since the contract
# was frozen that changed protos/support is checked against its previous commit, HEAD against
# HEAD~1 included, so no breaking change within v1 lands, not even one a later commit hides. The
# freeze is the commit that added this script: a commit is checked when its parent has it. buf has
# no schema registry here (google/api cannot be fetched), so it compares protobuf images that
# protoc builds (protos/image.sh) of each commit's protos/ (git archive).
# Usage: protos/breaking.sh            check the history (CI runs this)
#        protos/breaking.sh --prove    show that a breaking change (a field removed) is refused
set -euo pipefail
cd "$(dirname "$0")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
buf() { npx --yes @bufbuild/buf@1.75.0 "$@"; }

# The image of protos/ at a commit.
image_at() {
  mkdir -p "$work/$1"
  git -C .. archive "$1" protos | tar -x -C "$work/$1"
  ./image.sh "$work/$1.binpb" "$work/$1/protos" >/dev/null
  echo "$work/$1.binpb"
}

# buf breaking: the contracts of $2 (image) against those of $1 (image).
breaking() {
  buf breaking "$2" --against "$1" --path support --config buf.yaml
}

if [ "${1:-}" = "--prove" ]; then
  # A copy of the working tree's contracts without the first `string title` field (CaseDetails'):
  # a removed field, which buf must refuse.
  mkdir -p "$work/after" && cp -r support buf.yaml "$work/after/"
  sed -i '0,/^  string title = .*/{//d}' "$work/after/support/cases/v1/cases.proto"
  if cmp -s support/cases/v1/cases.proto "$work/after/support/cases/v1/cases.proto"; then
    echo "--prove: no field was removed" >&2
    exit 1
  fi
  ./image.sh "$work/before.binpb" . >/dev/null
  ./image.sh "$work/after.binpb" "$work/after" >/dev/null
  if output="$(breaking "$work/before.binpb" "$work/after.binpb" 2>&1)"; then
    echo "--prove: buf breaking accepted a removed field; the check does not work" >&2
    exit 1
  fi
  echo "$output"
  echo "--prove: refused, as it must be (a removed field breaks v1)"
  exit 0
fi

checked=0
for commit in $(git rev-list --first-parent HEAD -- support); do
  parent="$(git rev-parse "$commit~1" 2>/dev/null)" || continue
  git cat-file -e "$parent:protos/breaking.sh" 2>/dev/null || continue
  echo "buf breaking: $(git log -1 --format='%h %s' "$commit" | cut -c1-100) against $(git rev-parse --short "$parent")"
  breaking "$(image_at "$parent")" "$(image_at "$commit")"
  checked=$((checked + 1))
done
# The working tree (uncommitted changes) against HEAD, when it differs.
if ! git diff --quiet HEAD -- support && git cat-file -e HEAD:protos/breaking.sh 2>/dev/null; then
  echo "buf breaking: the working tree against HEAD"
  ./image.sh "$work/tree.binpb" . >/dev/null
  breaking "$(image_at HEAD)" "$work/tree.binpb"
  checked=$((checked + 1))
fi
echo "buf breaking: $checked change(s) of the contracts since the freeze checked, none breaking"
