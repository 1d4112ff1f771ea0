#!/usr/bin/env python3
"""Train the demo ranker in float and export it as ONNX (feeds/demo/README.md describes the whole pipeline).

Input: training and held-out JSON Lines written by `FeedGenerator.writeTrainingData` (one candidate per line:
{"dense":[8 ints],"ids":[author,topic],"labels":[click,like,share,reply],"post_id":…,"request_id":"…"}).

Model (the FloatRanker architecture of Sources/Model/Float/FloatRanker.swift):
  x = concat(dense (raw integers), author_embedding[author_id], topic_embedding[topic_id])
  trunk: Gemm + Relu per layer; heads: Gemm → 4 logits; score = Σ_h w_h·σ(logit_h), w = (1, 2, 4, 3).
Training standardizes the dense features; the standardization is folded into the first trunk layer before export,
because the Swift side feeds the raw integers. Per-head logistic loss, hand-written backprop, Adam, fixed seeds.

Usage:
  python3 scripts/train_demo_ranker.py --train TRAIN.jsonl --heldout HELDOUT.jsonl \
      --trunk 64,32 --epochs 6 --out feeds/demo/ranker.onnx
Needs numpy and onnx (`pip install onnx`).
"""

import argparse
import json
import sys
import time

import numpy as np

HEADS = ["click", "like", "share", "reply"]
HEAD_WEIGHTS = np.array([1.0, 2.0, 4.0, 3.0], dtype=np.float32)
DENSE = 8
AUTHOR_ROWS = 1001  # FeatureSchema.demoAuthorTableSize
TOPIC_ROWS = 65  # FeatureSchema.demoTopicTableSize
ID_INPUTS = [("author_id", "author_embedding", AUTHOR_ROWS), ("topic_id", "topic_embedding", TOPIC_ROWS)]


def load(path):
    dense, ids, labels, requests = [], [], [], []
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            dense.append(row["dense"])
            ids.append(row["ids"])
            labels.append(row["labels"])
            requests.append(row["request_id"])
    return (np.array(dense, dtype=np.float32), np.array(ids, dtype=np.int64),
            np.array(labels, dtype=np.float32), requests)


def auc(scores, labels):
    """Mann–Whitney AUC with average ranks for ties."""
    pos = labels > 0.5
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(scores, kind="mergesort")
    sorted_scores = scores[order]
    ranks = np.empty(len(scores), dtype=np.float64)
    _, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    avg = first + (counts - 1) / 2.0 + 1
    ranks[order] = np.repeat(avg, counts)
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


class Ranker:
    def __init__(self, trunk, embed_dim, seed):
        rng = np.random.default_rng(seed)
        self.p = {
            "author_embedding": (0.05 * rng.standard_normal((AUTHOR_ROWS, embed_dim))).astype(np.float32),
            "topic_embedding": (0.05 * rng.standard_normal((TOPIC_ROWS, embed_dim))).astype(np.float32),
        }
        widths = [DENSE + 2 * embed_dim] + trunk
        self.layers = len(trunk)
        for i in range(self.layers):
            fan_in = widths[i]
            self.p[f"trunk.{i}.weight"] = (rng.standard_normal((widths[i + 1], fan_in)) *
                                           np.sqrt(2.0 / fan_in)).astype(np.float32)
            self.p[f"trunk.{i}.bias"] = np.zeros(widths[i + 1], dtype=np.float32)
        self.p["heads.weight"] = (rng.standard_normal((len(HEADS), widths[-1])) *
                                  np.sqrt(1.0 / widths[-1])).astype(np.float32)
        self.p["heads.bias"] = np.full(len(HEADS), -2.0, dtype=np.float32)
        self.mu = np.zeros(DENSE, dtype=np.float32)
        self.sd = np.ones(DENSE, dtype=np.float32)

    def forward(self, dense, ids, keep=False):
        x = np.concatenate([(dense - self.mu) / self.sd,
                            self.p["author_embedding"][ids[:, 0]],
                            self.p["topic_embedding"][ids[:, 1]]], axis=1)
        acts = [x]
        for i in range(self.layers):
            x = np.maximum(x @ self.p[f"trunk.{i}.weight"].T + self.p[f"trunk.{i}.bias"], 0)
            acts.append(x)
        logits = x @ self.p["heads.weight"].T + self.p["heads.bias"]
        return (logits, acts) if keep else logits

    def loss_and_grads(self, dense, ids, y, l2):
        logits, acts = self.forward(dense, ids, keep=True)
        n = len(y)
        # Per-head logistic loss, summed over heads, averaged over examples.
        loss = float(np.mean(np.sum(np.logaddexp(0, logits) - y * logits, axis=1)))
        g = (1 / (1 + np.exp(-logits)) - y) / n
        grads = {"heads.weight": g.T @ acts[-1], "heads.bias": g.sum(0)}
        d = g @ self.p["heads.weight"]
        for i in reversed(range(self.layers)):
            d = d * (acts[i + 1] > 0)
            grads[f"trunk.{i}.weight"] = d.T @ acts[i]
            grads[f"trunk.{i}.bias"] = d.sum(0)
            d = d @ self.p[f"trunk.{i}.weight"]
        e = self.p["author_embedding"].shape[1]
        for k, (_, table, rows) in enumerate(ID_INPUTS):
            part = d[:, DENSE + k * e: DENSE + (k + 1) * e]
            gt = np.zeros((rows, e), dtype=np.float32)
            np.add.at(gt, ids[:, k], part)
            grads[table] = gt
        for name in grads:
            if name.endswith("weight") or name.endswith("embedding"):
                grads[name] = grads[name] + l2 * self.p[name]
        return loss, grads

    def folded(self):
        """Parameters with the dense standardization folded into the first trunk layer (inputs: raw integers)."""
        p = {k: v.copy() for k, v in self.p.items()}
        w = p["trunk.0.weight"]
        p["trunk.0.bias"] = (p["trunk.0.bias"] - w[:, :DENSE] @ (self.mu / self.sd)).astype(np.float32)
        w[:, :DENSE] = w[:, :DENSE] / self.sd
        return p


def folded_forward(p, layers, dense, ids):
    x = np.concatenate([dense, p["author_embedding"][ids[:, 0]], p["topic_embedding"][ids[:, 1]]], axis=1)
    for i in range(layers):
        x = np.maximum(x @ p[f"trunk.{i}.weight"].T + p[f"trunk.{i}.bias"], 0)
    logits = x @ p["heads.weight"].T + p["heads.bias"]
    return (1 / (1 + np.exp(-logits))) @ HEAD_WEIGHTS.reshape(-1, 1)


def evaluate(model, dense, ids, y, label):
    logits = np.concatenate([model.forward(dense[i:i + 8192], ids[i:i + 8192]) for i in range(0, len(y), 8192)])
    loss = np.sum(np.logaddexp(0, logits) - y * logits, axis=0) / len(y)
    aucs = [auc(logits[:, h], y[:, h]) for h in range(len(HEADS))]
    print(f"  {label}: loss {loss.sum():.4f} | " +
          " ".join(f"{h} loss {loss[i]:.4f} AUC {aucs[i]:.4f}" for i, h in enumerate(HEADS)), flush=True)
    return float(loss.sum()), aucs


def export_onnx(p, layers, path):
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    inits = [numpy_helper.from_array(p[t].astype(np.float32), t) for _, t, _ in ID_INPUTS]
    nodes, concat_inputs = [], ["dense"]
    for name, table, _ in ID_INPUTS:
        out = table + "_rows"
        nodes.append(helper.make_node("Gather", [table, name], [out], name=f"{name}_gather", axis=0))
        concat_inputs.append(out)
    nodes.append(helper.make_node("Concat", concat_inputs, ["trunk_input"], name="concat", axis=1))
    x = "trunk_input"
    for i in range(layers):
        w, b = f"trunk.{i}.weight", f"trunk.{i}.bias"
        inits += [numpy_helper.from_array(p[w].astype(np.float32), w),
                  numpy_helper.from_array(p[b].astype(np.float32), b)]
        nodes.append(helper.make_node("Gemm", [x, w, b], [f"trunk_{i}_linear"], name=f"trunk_{i}_gemm", transB=1))
        nodes.append(helper.make_node("Relu", [f"trunk_{i}_linear"], [f"trunk_{i}_out"], name=f"trunk_{i}_relu"))
        x = f"trunk_{i}_out"
    inits += [numpy_helper.from_array(p["heads.weight"].astype(np.float32), "heads.weight"),
              numpy_helper.from_array(p["heads.bias"].astype(np.float32), "heads.bias"),
              numpy_helper.from_array(HEAD_WEIGHTS.reshape(-1, 1).astype(np.float32), "head_weights")]
    nodes.append(helper.make_node("Gemm", [x, "heads.weight", "heads.bias"], ["head_logits"],
                                  name="heads_gemm", transB=1))
    nodes.append(helper.make_node("Sigmoid", ["head_logits"], ["head_probabilities"], name="heads_sigmoid"))
    nodes.append(helper.make_node("MatMul", ["head_probabilities", "head_weights"], ["score"], name="score_matmul"))
    inputs = [helper.make_tensor_value_info("dense", TensorProto.FLOAT, ["N", DENSE])]
    inputs += [helper.make_tensor_value_info(name, TensorProto.INT64, ["N"]) for name, _, _ in ID_INPUTS]
    outputs = [helper.make_tensor_value_info("score", TensorProto.FLOAT, ["N", 1])]
    graph = helper.make_graph(nodes, "feedproof_demo_ranker", inputs, outputs, initializer=inits)
    model = helper.make_model(graph, producer_name="feedproof-train-demo-ranker",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)
    return model


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", required=True)
    ap.add_argument("--heldout", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--trunk", default="64,32", help="trunk widths, comma-separated")
    ap.add_argument("--embed", type=int, default=16)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--batch", type=int, default=1024)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--l2", type=float, default=1e-4)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--reference", help="features JSONL to score with the exported model (first 16 rows)")
    ap.add_argument("--reference-out", help="where to write those reference scores (JSON)")
    args = ap.parse_args()

    t0 = time.time()
    dense, ids, y, _ = load(args.train)
    h_dense, h_ids, h_y, _ = load(args.heldout)
    print(f"loaded {len(y)} training and {len(h_y)} held-out examples in {time.time() - t0:.1f}s; "
          f"label rates " + " ".join(f"{h} {r:.3f}" for h, r in zip(HEADS, y.mean(0))), flush=True)

    trunk = [int(w) for w in args.trunk.split(",")]
    model = Ranker(trunk, args.embed, args.seed)
    model.mu = dense.mean(0).astype(np.float32)
    model.sd = np.maximum(dense.std(0), 1e-3).astype(np.float32)
    params = sum(v.size for v in model.p.values()) + len(HEADS)
    print(f"model: dense {DENSE} + 2×{args.embed} embedding → trunk {trunk} → {len(HEADS)} heads; "
          f"{params} parameters", flush=True)

    m = {k: np.zeros_like(v) for k, v in model.p.items()}
    v = {k: np.zeros_like(v) for k, v in model.p.items()}
    b1, b2, eps, step = 0.9, 0.999, 1e-8, 0
    rng = np.random.default_rng(args.seed + 1)
    for epoch in range(args.epochs):
        order = rng.permutation(len(y))
        lr = args.lr * (0.5 ** max(0, epoch - args.epochs // 2))  # halve per epoch in the second half
        total, batches = 0.0, 0
        for s in range(0, len(order), args.batch):
            idx = order[s:s + args.batch]
            loss, grads = model.loss_and_grads(dense[idx], ids[idx], y[idx], args.l2)
            step += 1
            for k, g in grads.items():
                m[k] = b1 * m[k] + (1 - b1) * g
                v[k] = b2 * v[k] + (1 - b2) * g * g
                mh = m[k] / (1 - b1 ** step)
                vh = v[k] / (1 - b2 ** step)
                model.p[k] -= (lr * mh / (np.sqrt(vh) + eps)).astype(np.float32)
            total += loss
            batches += 1
        print(f"epoch {epoch + 1}/{args.epochs} ({time.time() - t0:.0f}s): mean train batch loss "
              f"{total / batches:.4f}", flush=True)
    evaluate(model, dense[:200_000], ids[:200_000], y[:200_000], "train (first 200k)")
    evaluate(model, h_dense, h_ids, h_y, "held-out")

    folded = model.folded()
    onnx_model = export_onnx(folded, model.layers, args.out)
    # The exported graph must compute exactly what was trained (folding is exact up to float rounding).
    sample_dense, sample_ids = h_dense[:2048], h_ids[:2048]
    reference = folded_forward(folded, model.layers, sample_dense, sample_ids)
    logits = model.forward(sample_dense, sample_ids)
    unfolded = (1 / (1 + np.exp(-logits))) @ HEAD_WEIGHTS.reshape(-1, 1)
    from onnx.reference import ReferenceEvaluator
    got = ReferenceEvaluator(onnx_model).run(None, {"dense": sample_dense, "author_id": sample_ids[:, 0],
                                                    "topic_id": sample_ids[:, 1]})[0]
    print(f"exported {args.out}: {params} parameters; max |onnx − numpy| {np.abs(got - reference).max():.2e}, "
          f"max |folded − unfolded| {np.abs(reference - unfolded).max():.2e}; total {time.time() - t0:.0f}s")

    if args.reference and args.reference_out:
        r_dense, r_ids, _, r_requests = load(args.reference)
        r_dense, r_ids = r_dense[:16], r_ids[:16]
        scores = folded_forward(folded, model.layers, r_dense, r_ids)[:, 0]
        with open(args.reference_out, "w") as f:
            # One row per line: features of the first candidates of the first demo request and the float score the
            # exported graph gives them (a cross-check for the ONNX importer and the float ranker).
            f.write('{"model":"%s","request_id":"%s","rows":[\n' % (args.out.split("/")[-1], r_requests[0]))
            f.write(",\n".join(json.dumps({"dense": [int(x) for x in d], "ids": [int(x) for x in i],
                                            "score": float(s)}, separators=(",", ":"))
                                for d, i, s in zip(r_dense, r_ids, scores)))
            f.write("\n]}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
