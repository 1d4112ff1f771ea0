#!/usr/bin/env bash
# Regenerates Sources/Model/ONNX/onnx-subset.pb.swift from Sources/Model/ONNX/onnx-subset.proto.
#
# The generated file is committed; neither CI nor the tests run this script. Run it after editing the .proto:
#
#     scripts/generate-onnx-swift.sh
#
# Needs `protoc` (Debian/Ubuntu: `apt-get install protobuf-compiler`) and protoc-gen-swift at the same
# swift-protobuf version as Package.swift's dependency (1.39.0). Set PROTOC_GEN_SWIFT to an existing plugin
# binary, or let the script build one from SWIFT_PROTOBUF_REPO (a clone URL or local mirror of
# apple/swift-protobuf) in a scratch folder outside the repository.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${SWIFT_PROTOBUF_VERSION:-1.39.0}"
repo="${SWIFT_PROTOBUF_REPO:-https://github.com/apple/swift-protobuf.git}"
work="${SWIFT_PROTOBUF_WORK:-${TMPDIR:-/tmp}/feedproof-swift-protobuf-$version}"

command -v protoc >/dev/null || { echo "protoc not found (apt-get install protobuf-compiler)" >&2; exit 2; }

plugin="${PROTOC_GEN_SWIFT:-}"
if [[ -z "$plugin" ]]; then
    if [[ ! -d "$work/.git" ]]; then
        git clone --quiet "$repo" "$work"
    fi
    git -C "$work" checkout --quiet "$version"
    (cd "$work" && swift build -c release --product protoc-gen-swift)
    plugin="$(cd "$work" && swift build -c release --show-bin-path)/protoc-gen-swift"
fi

protoc \
    --plugin=protoc-gen-swift="$plugin" \
    --proto_path="$root/Sources/Model/ONNX" \
    --swift_out="$root/Sources/Model/ONNX" \
    --swift_opt=Visibility=Internal \
    "$root/Sources/Model/ONNX/onnx-subset.proto"

echo "wrote Sources/Model/ONNX/onnx-subset.pb.swift with $(protoc --version) and protoc-gen-swift $version"
