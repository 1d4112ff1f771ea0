#!/usr/bin/env python3
"""Writes the ONNX import test fixtures in Tests/Fixtures/onnx/ (read by Tests/ModelTests/ONNXImportTests.swift).

    python3 -m venv /tmp/onnx-venv && /tmp/onnx-venv/bin/pip install onnx numpy
    /tmp/onnx-venv/bin/python scripts/make_onnx_fixtures.py

The outputs are committed; the tests need no Python. Everything is deterministic (fixed seeds, fixed producer
fields), so rerunning the script reproduces the files byte for byte with the same onnx and numpy versions.

Valid models, each with a JSON sidecar `<name>.json` holding every parameter in FloatRanker's layout (weights
row-major, one row per output neuron) and a few feature vectors with the float score computed here with numpy
(and checked against onnx's reference evaluator where the ids are in range):

- ranker.onnx: dense [batch, 4] + int64 author_id and topic_id; Gather per table (one table stored as raw_data,
  one as float_data); Concat; trunk Gemm(transB=1)+Relu and MatMul+Add+Relu; heads Gemm(transB=0)+Sigmoid (3
  heads); weighted sum MatMul(probs, w[3, 1]).
- ranker-alt.onnx: the other accepted spellings: int32 ids listed around the dense input (so the id features are
  numbered by graph order, not by Concat order), initializers also listed as graph inputs (IR 3 style), a [1, M]
  bias, Add(bias, x) with the bias first, heads as MatMul+Add, the weighted sum as Gemm(transB=1) without bias.
- ranker-dense-only.onnx: no embeddings and no Concat.

Invalid variants of ranker.onnx, one defect each; the sidecar `invalid.json` names the error each must give.
"""

import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from onnx.reference import ReferenceEvaluator

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "onnx")
OPSET = 17
IR_VERSION = 8


def f32(shape, rng, scale=0.5):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def raw_tensor(name, array):
    """A float32 initializer stored as little-endian raw_data (numpy_helper's default)."""
    return numpy_helper.from_array(np.asarray(array, dtype=np.float32), name)


def listed_tensor(name, array, data_type=TensorProto.FLOAT):
    """An initializer stored in float_data (or double_data for DOUBLE)."""
    array = np.asarray(array)
    return helper.make_tensor(name, data_type, list(array.shape), array.flatten().tolist())


def floats(array):
    """float32 values as exact JSON numbers (repr of the float64 that equals each float32)."""
    return [float(x) for x in np.asarray(array, dtype=np.float32).flatten()]


def save(model, name):
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(model.SerializeToString())
    return path


def write_json(name, value):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(value, f, indent=1)
        f.write("\n")


def score(params, dense, ids):
    """FloatRanker.score in numpy (float32 parameters, float64 arithmetic); unknown ids read row 0."""
    x = [np.asarray(dense, dtype=np.float64)]
    for e in params["embeddings"]:
        table = np.asarray(e["table"], dtype=np.float64).reshape(e["rows"], e["dimension"])
        i = ids[e["id_feature"]]
        x.append(table[i if 0 <= i < e["rows"] else 0])
    x = np.concatenate(x)
    for layer in params["trunk"]:
        w = np.asarray(layer["weights"], dtype=np.float64).reshape(layer["outputs"], layer["inputs"])
        x = np.maximum(w @ x + np.asarray(layer["bias"]), 0)
    h = params["heads"]
    w = np.asarray(h["weights"], dtype=np.float64).reshape(h["outputs"], h["inputs"])
    logits = w @ x + np.asarray(h["bias"])
    return float(np.dot(params["head_weights"], 1 / (1 + np.exp(-logits))))


def layer_json(name, weights_out_in, bias):
    w = np.asarray(weights_out_in, dtype=np.float32)
    return {"name": name, "inputs": w.shape[1], "outputs": w.shape[0], "weights": floats(w), "bias": floats(bias)}


# ---------------------------------------------------------------------------------------------------------------
# ranker.onnx and its invalid variants


def ranker_parts():
    rng = np.random.default_rng(20251125)
    p = {
        "author_table": f32((6, 3), rng),
        "topic_table": f32((5, 2), rng),
        "w0": f32((8, 9), rng),  # [out, in]: Gemm transB=1
        "b0": f32((8,), rng, 0.1),
        "w1": f32((8, 6), rng),  # [in, out]: MatMul
        "b1": f32((6,), rng, 0.1),
        "wh": f32((6, 3), rng),  # [in, out]: Gemm transB=0
        "bh": f32((3,), rng, 0.1),
        "wsum": np.array([[0.6], [0.3], [0.1]], dtype=np.float32),
    }
    return p


def build_ranker(mutate=None):
    """ranker.onnx's graph as mutable lists; `mutate(parts)` edits them before the model is assembled."""
    p = ranker_parts()
    parts = {
        "inputs": [
            helper.make_tensor_value_info("dense", TensorProto.FLOAT, ["batch", 4]),
            helper.make_tensor_value_info("author_id", TensorProto.INT64, ["batch"]),
            helper.make_tensor_value_info("topic_id", TensorProto.INT64, ["batch"]),
        ],
        "outputs": [helper.make_tensor_value_info("score", TensorProto.FLOAT, ["batch", 1])],
        "initializers": [
            raw_tensor("author_table", p["author_table"]),
            listed_tensor("topic_table", p["topic_table"]),
            raw_tensor("trunk.0.weight", p["w0"]),
            listed_tensor("trunk.0.bias", p["b0"]),
            raw_tensor("trunk.1.weight", p["w1"]),
            raw_tensor("trunk.1.bias", p["b1"]),
            raw_tensor("heads.weight", p["wh"]),
            raw_tensor("heads.bias", p["bh"]),
            raw_tensor("head_weights", p["wsum"]),
        ],
        "nodes": [
            helper.make_node("Gather", ["author_table", "author_id"], ["author_emb"], name="gather_author", axis=0),
            helper.make_node("Gather", ["topic_table", "topic_id"], ["topic_emb"], name="gather_topic"),
            helper.make_node("Concat", ["dense", "author_emb", "topic_emb"], ["features"], name="concat", axis=1),
            helper.make_node("Gemm", ["features", "trunk.0.weight", "trunk.0.bias"], ["trunk.0.linear"],
                             name="trunk.0", transB=1),
            helper.make_node("Relu", ["trunk.0.linear"], ["trunk.0.out"], name="trunk.0.relu"),
            helper.make_node("MatMul", ["trunk.0.out", "trunk.1.weight"], ["trunk.1.matmul"], name="trunk.1"),
            helper.make_node("Add", ["trunk.1.matmul", "trunk.1.bias"], ["trunk.1.linear"], name="trunk.1.add"),
            helper.make_node("Relu", ["trunk.1.linear"], ["trunk.1.out"], name="trunk.1.relu"),
            helper.make_node("Gemm", ["trunk.1.out", "heads.weight", "heads.bias"], ["logits"], name="heads",
                             alpha=1.0, beta=1.0, transB=0),
            helper.make_node("Sigmoid", ["logits"], ["probs"], name="heads.sigmoid"),
            helper.make_node("MatMul", ["probs", "head_weights"], ["score"], name="weighted_sum"),
        ],
    }
    if mutate:
        mutate(parts)
    graph = helper.make_graph(parts["nodes"], "ranker", parts["inputs"], parts["outputs"], parts["initializers"])
    model = helper.make_model(graph, producer_name="feedproof-fixtures", opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    return model, p


def ranker_params(p):
    return {
        "dense_feature_count": 4,
        "embeddings": [
            {"name": "author_table", "id_feature": 0, "rows": 6, "dimension": 3, "table": floats(p["author_table"])},
            {"name": "topic_table", "id_feature": 1, "rows": 5, "dimension": 2, "table": floats(p["topic_table"])},
        ],
        "trunk": [layer_json("trunk.0", p["w0"], p["b0"]), layer_json("trunk.1", p["w1"].T, p["b1"])],
        "heads": layer_json("heads", p["wh"].T, p["bh"]),
        "head_weights": floats(p["wsum"]),
    }


def node_named(parts, name):
    return next(n for n in parts["nodes"] if n.name == name)


def initializer_named(parts, name):
    return next(t for t in parts["initializers"] if t.name == name)


def replace_initializer(parts, tensor):
    parts["initializers"] = [tensor if t.name == tensor.name else t for t in parts["initializers"]]


def set_attribute(node, name, value):
    kept = [a for a in node.attribute if a.name != name]
    del node.attribute[:]
    node.attribute.extend(kept + [helper.make_attribute(name, value)])


def invalid_variants():
    """name → (mutation, expected error as {case, node?, tensor?, op?})."""
    p = ranker_parts()

    def unsupported_op(parts):
        relu = node_named(parts, "trunk.1.relu")
        relu.op_type = "Tanh"

    def softmax_heads(parts):
        node_named(parts, "heads.sigmoid").op_type = "Softmax"

    def custom_domain(parts):
        node_named(parts, "trunk.0.relu").domain = "com.example"

    def missing_initializer(parts):
        parts["initializers"] = [t for t in parts["initializers"] if t.name != "trunk.1.weight"]

    def float64_weights(parts):
        replace_initializer(parts, listed_tensor("heads.weight", p["wh"].astype(np.float64), TensorProto.DOUBLE))

    def dynamic_dim(parts):
        parts["inputs"][0] = helper.make_tensor_value_info("dense", TensorProto.FLOAT, ["batch", "num_features"])

    def shape_mismatch(parts):
        replace_initializer(parts, raw_tensor("trunk.1.weight", f32((7, 6), np.random.default_rng(1))))

    def two_outputs(parts):
        parts["outputs"].append(helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["batch", 3]))

    def cycle(parts):
        gemm = node_named(parts, "trunk.0")
        gemm.input[0] = "trunk.1.out"

    def unknown_input(parts):
        concat = node_named(parts, "concat")
        concat.input[2] = "missing_emb"

    def nan_weight(parts):
        bias = p["b0"].copy()
        bias[5] = np.nan
        replace_initializer(parts, listed_tensor("trunk.0.bias", bias))

    def gemm_alpha(parts):
        set_attribute(node_named(parts, "heads"), "alpha", 0.5)

    def concat_axis(parts):
        set_attribute(node_named(parts, "concat"), "axis", 0)

    def float64_ids(parts):
        parts["inputs"][1] = helper.make_tensor_value_info("author_id", TensorProto.DOUBLE, ["batch"])

    def raw_data_size(parts):
        tensor = initializer_named(parts, "author_table")
        tensor.raw_data = tensor.raw_data[:-4]

    def external_data(parts):
        tensor = initializer_named(parts, "trunk.1.bias")
        tensor.data_location = TensorProto.EXTERNAL

    def fan_out(parts):
        parts["nodes"].append(helper.make_node("Relu", ["features"], ["unused"], name="stray_relu"))

    def score_bias(parts):
        node_named(parts, "weighted_sum").output[0] = "raw_score"
        parts["initializers"].append(raw_tensor("score_bias", np.array([0.5], dtype=np.float32)))
        parts["nodes"].append(helper.make_node("Add", ["raw_score", "score_bias"], ["score"], name="score_bias_add"))

    def no_sigmoid(parts):
        # Heads straight into the weighted sum: the layer after trunk.1 is followed by MatMul, not Sigmoid.
        node_named(parts, "weighted_sum").input[0] = "logits"
        parts["nodes"] = [n for n in parts["nodes"] if n.name != "heads.sigmoid"]

    return {
        "unsupported-op": (unsupported_op, {"case": "unsupportedOperator", "op": "Tanh", "node": "trunk.1.relu"}),
        "softmax-heads": (softmax_heads, {"case": "unsupportedOperator", "op": "Softmax", "node": "heads.sigmoid"}),
        "custom-domain": (
            custom_domain, {"case": "unsupportedOperator", "op": "com.example.Relu", "node": "trunk.0.relu"}),
        "missing-initializer": (
            missing_initializer, {"case": "missingInitializer", "tensor": "trunk.1.weight", "node": "trunk.1"}),
        "float64-weights": (
            float64_weights, {"case": "wrongDataType", "tensor": "heads.weight", "node": "heads"}),
        "dynamic-dim": (dynamic_dim, {"case": "dynamicDimension", "tensor": "dense"}),
        "shape-mismatch": (shape_mismatch, {"case": "shapeMismatch", "tensor": "trunk.1.weight", "node": "trunk.1"}),
        "two-outputs": (two_outputs, {"case": "outputCount"}),
        "cycle": (cycle, {"case": "cycle"}),
        "unknown-input": (unknown_input, {"case": "unknownTensor", "tensor": "missing_emb", "node": "concat"}),
        "nan-weight": (nan_weight, {"case": "nonFiniteWeight", "tensor": "trunk.0.bias"}),
        "gemm-alpha": (gemm_alpha, {"case": "unsupportedAttribute", "node": "heads"}),
        "concat-axis": (concat_axis, {"case": "unsupportedAttribute", "node": "concat"}),
        "float64-ids": (float64_ids, {"case": "wrongDataType", "tensor": "author_id"}),
        "raw-data-size": (raw_data_size, {"case": "elementCountMismatch", "tensor": "author_table"}),
        "external-data": (external_data, {"case": "externalData", "tensor": "trunk.1.bias"}),
        "fan-out": (fan_out, {"case": "unexpectedStructure", "node": "stray_relu"}),
        "score-bias": (score_bias, {"case": "unexpectedStructure", "node": "weighted_sum"}),
        "no-sigmoid": (no_sigmoid, {"case": "unexpectedStructure", "node": "weighted_sum"}),
    }


# ---------------------------------------------------------------------------------------------------------------
# ranker-alt.onnx


def build_alt():
    rng = np.random.default_rng(7)
    p = {
        "author_table": f32((4, 2), rng),
        "topic_table": f32((3, 3), rng),
        "w0": f32((7, 5), rng),  # [in, out]: MatMul, 2 dense + 2 + 3 = 7 inputs
        "b0": f32((1, 5), rng, 0.1),
        "wh": f32((5, 4), rng),  # [in, out]: MatMul
        "bh": f32((4,), rng, 0.1),
        "wsum": np.array([[0.4, 0.3, 0.2, 0.1]], dtype=np.float32),  # [1, H]: Gemm transB=1
    }
    initializers = [
        raw_tensor("emb.author", p["author_table"]),
        raw_tensor("emb.topic", p["topic_table"]),
        listed_tensor("fc.weight", p["w0"]),
        raw_tensor("fc.bias", p["b0"]),
        raw_tensor("out.weight", p["wh"]),
        listed_tensor("out.bias", p["bh"]),
        raw_tensor("mix", p["wsum"]),
    ]
    inputs = [
        helper.make_tensor_value_info("topic", TensorProto.INT32, ["n"]),
        helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 2]),
        helper.make_tensor_value_info("author", TensorProto.INT32, ["n"]),
    ] + [helper.make_tensor_value_info(t.name, TensorProto.FLOAT, list(t.dims)) for t in initializers]
    nodes = [
        helper.make_node("Gather", ["emb.topic", "topic"], ["t"]),
        helper.make_node("Gather", ["emb.author", "author"], ["a"]),
        helper.make_node("Concat", ["x", "a", "t"], ["h"], axis=-1),
        helper.make_node("MatMul", ["h", "fc.weight"], ["h1"], name="fc"),
        helper.make_node("Add", ["fc.bias", "h1"], ["h2"]),
        helper.make_node("Relu", ["h2"], ["h3"]),
        helper.make_node("MatMul", ["h3", "out.weight"], ["l1"], name="out"),
        helper.make_node("Add", ["l1", "out.bias"], ["l2"]),
        helper.make_node("Sigmoid", ["l2"], ["probs"]),
        helper.make_node("Gemm", ["probs", "mix"], ["y"], name="mix", transB=1),
    ]
    graph = helper.make_graph(
        nodes, "ranker-alt", inputs, [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", 1])], initializers)
    model = helper.make_model(graph, producer_name="feedproof-fixtures", opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    params = {
        "dense_feature_count": 2,
        # ids: [topic, author] by graph input order; embeddings in Concat order (author first).
        "embeddings": [
            {"name": "emb.author", "id_feature": 1, "rows": 4, "dimension": 2, "table": floats(p["author_table"])},
            {"name": "emb.topic", "id_feature": 0, "rows": 3, "dimension": 3, "table": floats(p["topic_table"])},
        ],
        "trunk": [layer_json("fc", p["w0"].T, p["b0"].flatten())],
        "heads": layer_json("out", p["wh"].T, p["bh"]),
        "head_weights": floats(p["wsum"]),
    }
    feeds = lambda dense, ids: {"x": dense, "topic": ids[:, 0].astype(np.int32), "author": ids[:, 1].astype(np.int32)}
    return model, params, feeds


def build_dense_only():
    rng = np.random.default_rng(3)
    w0, b0, wh, bh = f32((3, 4), rng), f32((4,), rng, 0.1), f32((2, 4), rng), f32((2,), rng, 0.1)
    wsum = np.array([[1.0], [-0.5]], dtype=np.float32)
    initializers = [raw_tensor("w0", w0), raw_tensor("b0", b0), raw_tensor("wh", wh), raw_tensor("bh", bh),
                    raw_tensor("wsum", wsum)]
    nodes = [
        helper.make_node("Gemm", ["dense", "w0", "b0"], ["a"], name="layer0"),
        helper.make_node("Relu", ["a"], ["b"]),
        helper.make_node("Gemm", ["b", "wh", "bh"], ["c"], name="heads", transB=1),
        helper.make_node("Sigmoid", ["c"], ["d"]),
        helper.make_node("MatMul", ["d", "wsum"], ["score"]),
    ]
    graph = helper.make_graph(
        nodes, "dense-only", [helper.make_tensor_value_info("dense", TensorProto.FLOAT, [None, 3])],
        [helper.make_tensor_value_info("score", TensorProto.FLOAT, [None, 1])], initializers)
    model = helper.make_model(graph, producer_name="feedproof-fixtures", opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    params = {
        "dense_feature_count": 3,
        "embeddings": [],
        "trunk": [layer_json("layer0", w0.T, b0)],
        "heads": layer_json("heads", wh, bh),
        "head_weights": floats(wsum),
    }
    return model, params, lambda dense, ids: {"dense": dense}


# ---------------------------------------------------------------------------------------------------------------


def cases_for(model, params, feeds, rng, id_count):
    """Feature vectors with their float scores; the in-range ones are checked against onnx's reference evaluator."""
    rows = [e["rows"] for e in sorted(params["embeddings"], key=lambda e: e["id_feature"])]
    cases = []
    for k in range(6):
        dense = [int(v) for v in rng.integers(0, 8, params["dense_feature_count"])]
        ids = [int(rng.integers(0, r)) for r in rows][:id_count]
        cases.append({"dense": dense, "ids": ids})
    if id_count:
        cases.append({"dense": [1] * params["dense_feature_count"], "ids": [99] * id_count})  # unknown ids: row 0
    for case in cases:
        case["score"] = score(params, case["dense"], case["ids"])
    in_range = [c for c in cases if all(i < 99 for i in c["ids"])]
    dense = np.array([c["dense"] for c in in_range], dtype=np.float32)
    ids = np.array([c["ids"] for c in in_range], dtype=np.int64).reshape(len(in_range), id_count)
    (out,) = ReferenceEvaluator(model).run(None, feeds(dense, ids))
    expected = np.array([c["score"] for c in in_range])
    assert out.shape == (len(in_range), 1), out.shape
    assert np.allclose(out[:, 0], expected, rtol=1e-5, atol=1e-6), (out[:, 0], expected)
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(99)

    model, p = build_ranker()
    onnx.checker.check_model(model)
    params = ranker_params(p)
    feeds = lambda dense, ids: {"dense": dense, "author_id": ids[:, 0], "topic_id": ids[:, 1]}
    params["cases"] = cases_for(model, params, feeds, rng, 2)
    save(model, "ranker.onnx")
    write_json("ranker.json", params)

    model, params, feeds = build_alt()
    onnx.checker.check_model(model)
    params["cases"] = cases_for(model, params, feeds, rng, 2)
    save(model, "ranker-alt.onnx")
    write_json("ranker-alt.json", params)

    model, params, feeds = build_dense_only()
    onnx.checker.check_model(model)
    params["cases"] = cases_for(model, params, feeds, rng, 0)
    save(model, "ranker-dense-only.onnx")
    write_json("ranker-dense-only.json", params)

    expectations = {}
    for name, (mutate, expected) in invalid_variants().items():
        model, _ = build_ranker(mutate)
        save(model, f"invalid-{name}.onnx")
        expectations[f"invalid-{name}.onnx"] = expected
    write_json("invalid.json", expectations)
    print(f"wrote {len(expectations) + 3} models to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
