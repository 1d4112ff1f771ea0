#!/usr/bin/env bash
# Regenerates the golden proven bundles of the demo model (feeds/golden/) and the published commitment and
# transparency log they verify against (commitments/demo/, commitments/log.fptl, commitments/log-key.pub).
#
# The private opening and the log's private key go to a temporary folder that is deleted at the end: nobody
# can prove new rankings under this ModelID or append to this log afterwards, which is what a frozen golden
# set needs. Run it only when the formats change on purpose (the test suite verifies the committed files, so
# old bundles that stop verifying fail the build).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product feedproof
feedproof=.build/release/feedproof
private=$(mktemp -d)
trap 'rm -rf "$private"' EXIT

rm -rf commitments/demo commitments/log.fptl commitments/log-key.pub feeds/golden/*.fprb feeds/golden/requests
mkdir -p feeds/golden/requests
"$feedproof" model commit feeds/demo/ranker.fpmodel --name demo --opening-out "$private/demo.fpmo"
model_id=$(python3 -c "import json; print(json.load(open('commitments/demo/model.json'))['modelID'])")
"$feedproof" log init --log commitments/log.fptl --public-key commitments/log-key.pub --private-key "$private/log-key"
"$feedproof" log append "$model_id" --log commitments/log.fptl --private-key "$private/log-key"

# Three demo requests cut to 24 candidates, top 5 shown (small, so the suite verifies them in seconds).
python3 - <<'PY'
import json
lines = open("feeds/demo/requests.jsonl").read().splitlines()
for line in lines[:3]:
    request = json.loads(line)
    request["candidates"] = request["candidates"][:24]
    request["k"] = 5
    with open(f"feeds/golden/requests/{request['request_id']}.json", "w") as out:
        json.dump(request, out, sort_keys=True)
        out.write("\n")
PY
for request in feeds/golden/requests/*.json; do
    name=$(basename "$request" .json)
    "$feedproof" prove --opening "$private/demo.fpmo" --request "$request" --out "feeds/golden/$name.fprb"
    "$feedproof" verify "feeds/golden/$name.fprb"
done
