#!/usr/bin/env python3
"""FeedProof versus ezkl on the same small ranking model, the same 64 candidates, in one run (issue 10).

Run it through run.sh (which makes the virtual environment and builds feedproof):

    bash Benchmarks/compare/run.sh

or directly, inside a virtual environment that has ezkl, onnx and numpy:

    python Benchmarks/compare/compare.py --feedproof .build/release/feedproof

Every measured step runs as its own process (a python child for each ezkl call, the feedproof binary for each
FeedProof command) under /usr/bin/time -v, so each step's wall time and peak resident memory are its own.
Outputs: Benchmarks/compare/results.md and results.json; work files (keys, SRS, proofs) in Benchmarks/compare/out/.
See README.md next to this file for what is compared and what is not.
"""

import argparse
import asyncio
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REQUESTS = os.path.join(ROOT, "feeds", "demo", "requests.jsonl")

N = 64          # candidates
K = 10          # shown
WIDTHS = [8, 64, 32, 1]  # the MLP: 8 dense inputs (FeatureSchema.demo), trunk 64 and 32, one sigmoid head
SEED = 20251125
EZKL_SCALES = [7]  # calibrate_settings tries only this input/param scale (keeps calibration to seconds)


# ---------------------------------------------------------------------------------------------------------------
# The model and the candidates


def demo_features(post):
    """FeatureSchema.demo (Sources/Model/Features/FeatureSchema.swift) in Python: the 8 dense features."""
    def log_bucket(x, maximum):
        return min((x + 1).bit_length() - 1, maximum)
    return [
        log_bucket(post["likes"], 20),
        log_bucket(post["shares"], 16),
        log_bucket(post["replies"], 16),
        log_bucket(post["age_minutes"], 13),
        min(post["age_minutes"] // 180, 24),
        1 if post["has_media"] else 0,
        1 if post["follows_author"] else 0,
        min(max(post["author_interactions"], 0), 30),
    ]


def make_request():
    """The first 64 candidates of demo request demo-0001 (feeds/demo/requests.jsonl), k = 10."""
    with open(REQUESTS) as f:
        request = json.loads(f.readline())
    request["candidates"] = request["candidates"][:N]
    request["k"] = K
    return request


def make_model(path):
    """A 8-64-32-1 MLP with seeded uniform weights (the S workload's initialisation: limit sqrt(6/fan_in), the
    head's ×0.12, biases ±0.1), a Sigmoid head and the weighted sum MatMul(σ, [[1]]) FeedProof's importer expects.
    Returns the float parameters for a numpy reference."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(SEED)
    nodes, initializers, layers = [], [], []
    source = "dense"
    for index, (fan_in, fan_out) in enumerate(zip(WIDTHS, WIDTHS[1:])):
        relu = index < len(WIDTHS) - 2
        limit = (6 / fan_in) ** 0.5 * (1 if relu else 0.12)
        weight = rng.uniform(-limit, limit, (fan_out, fan_in)).astype(np.float32)  # [out, in]: Gemm transB=1
        bias = rng.uniform(-0.1, 0.1, (fan_out,)).astype(np.float32)
        name = f"fc{index}" if relu else "head"
        initializers += [numpy_helper.from_array(weight, f"{name}.weight"), numpy_helper.from_array(bias, f"{name}.bias")]
        nodes.append(helper.make_node("Gemm", [source, f"{name}.weight", f"{name}.bias"], [f"{name}.linear"],
                                      name=name, transB=1))
        source = f"{name}.linear"
        if relu:
            nodes.append(helper.make_node("Relu", [source], [f"{name}.out"], name=f"{name}.relu"))
            source = f"{name}.out"
        layers.append((weight, bias, relu))
    nodes.append(helper.make_node("Sigmoid", [source], ["probs"], name="head.sigmoid"))
    initializers.append(numpy_helper.from_array(np.array([[1.0]], dtype=np.float32), "head_weights"))
    nodes.append(helper.make_node("MatMul", ["probs", "head_weights"], ["score"], name="weighted_sum"))
    graph = helper.make_graph(
        nodes, "feedproof-compare-s8", [helper.make_tensor_value_info("dense", TensorProto.FLOAT, [N, WIDTHS[0]])],
        [helper.make_tensor_value_info("score", TensorProto.FLOAT, [N, 1])], initializers)
    model = helper.make_model(graph, producer_name="feedproof-compare",
                              opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    with open(path, "wb") as f:
        f.write(model.SerializeToString())
    return layers


def float_scores(layers, features):
    import numpy as np
    x = np.asarray(features, dtype=np.float64)
    for weight, bias, relu in layers:
        x = x @ weight.T.astype(np.float64) + bias
        if relu:
            x = np.maximum(x, 0)
    return (1 / (1 + np.exp(-x)))[:, 0].tolist()


def top_k(scores, post_ids, k):
    """FeedProof's ranking rule: descending score, ties by ascending post id."""
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], post_ids[i]))
    return [post_ids[i] for i in order[:k]]


# ---------------------------------------------------------------------------------------------------------------
# One ezkl call, in its own process (`compare.py ezkl-step STEP WORKDIR`)


def ezkl_step(step, work):
    import ezkl

    def p(name):
        return os.path.join(work, name)

    result = {"step": step}
    start = time.perf_counter()
    if step == "gen_settings":
        args = ezkl.PyRunArgs()
        args.input_visibility = "public"
        args.output_visibility = "public"
        args.param_visibility = "hashed"
        ok = ezkl.gen_settings(p("model.onnx"), p("settings.json"), py_run_args=args)
    elif step == "calibrate_settings":
        ok = ezkl.calibrate_settings(p("input.json"), p("model.onnx"), p("settings.json"), "resources",
                                     scales=EZKL_SCALES)
    elif step == "compile_circuit":
        ok = ezkl.compile_circuit(p("model.onnx"), p("model.compiled"), p("settings.json"))
    elif step == "get_srs":
        async def download():
            return await ezkl.get_srs(p("settings.json"), srs_path=p("kzg.srs"))
        try:
            ok = asyncio.run(download())
        except Exception as error:  # no network here, most likely
            ok = False
            result["error"] = str(error)
    elif step == "gen_srs":
        with open(p("settings.json")) as f:
            logrows = json.load(f)["run_args"]["logrows"]
        ezkl.gen_srs(p("kzg.srs"), logrows)
        ok = True
        result["logrows"] = logrows
    elif step == "setup":
        ok = ezkl.setup(p("model.compiled"), p("vk.key"), p("pk.key"), srs_path=p("kzg.srs"))
    elif step == "gen_witness":
        ezkl.gen_witness(p("input.json"), p("model.compiled"), p("witness.json"), vk_path=p("vk.key"),
                         srs_path=p("kzg.srs"))
        ok = True
    elif step == "prove":
        proof = ezkl.prove(p("witness.json"), p("model.compiled"), p("pk.key"), p("proof.json"), srs_path=p("kzg.srs"))
        ok = bool(proof)
    elif step == "verify":
        ok = ezkl.verify(p("proof.json"), p("settings.json"), p("vk.key"), srs_path=p("kzg.srs"))
    elif step == "import":
        ok = True
    else:
        raise SystemExit(f"unknown ezkl step {step}")
    result["seconds_in_call"] = time.perf_counter() - start
    result["ok"] = ok is True or ok is None and step in ("gen_srs",)
    result["returned"] = repr(ok)
    print("EZKL_STEP_RESULT " + json.dumps(result), flush=True)
    return 0


# ---------------------------------------------------------------------------------------------------------------
# Measuring a child process


class StepFailed(Exception):
    pass


def measure(label, argv, log_dir, allow_failure=False):
    """Runs argv once; returns wall seconds, peak RSS (bytes), exit code and output."""
    time_binary = "/usr/bin/time"
    use_time = os.access(time_binary, os.X_OK)
    log = os.path.join(log_dir, re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") + ".log")
    command = ([time_binary, "-v", "-o", log + ".time"] if use_time else []) + argv
    print(f"  · {label} …", end="", flush=True)
    start = time.perf_counter()
    if use_time:
        completed = subprocess.run(command, capture_output=True, text=True)
        wall = time.perf_counter() - start
        peak = None
        with open(log + ".time") as f:
            for line in f:
                if "Maximum resident set size" in line:
                    peak = int(line.rsplit(":", 1)[1]) * 1024
        method = "/usr/bin/time -v"
    else:
        # One child per wrapper process, so RUSAGE_CHILDREN's ru_maxrss is this step's alone.
        wrapper = ("import resource, subprocess, sys, json; r = subprocess.run(sys.argv[1:]).returncode; "
                   "print(json.dumps([r, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]), file=sys.stderr)")
        completed = subprocess.run([sys.executable, "-c", wrapper] + argv, capture_output=True, text=True)
        wall = time.perf_counter() - start
        last = completed.stderr.strip().splitlines()[-1]
        code, kilobytes = json.loads(last)
        completed = subprocess.CompletedProcess(argv, code, completed.stdout, completed.stderr)
        peak = kilobytes * 1024
        method = "getrusage(RUSAGE_CHILDREN)"
    with open(log, "w") as f:
        f.write(f"$ {' '.join(argv)}\n--- stdout\n{completed.stdout}\n--- stderr\n{completed.stderr}\n")
    print(f" {wall:.2f} s, peak {mib(peak)}, exit {completed.returncode}", flush=True)
    if completed.returncode != 0 and not allow_failure:
        tail = "\n".join((completed.stdout + completed.stderr).strip().splitlines()[-25:])
        raise StepFailed(f"{label} failed (exit {completed.returncode}); log {log}\n{tail}")
    return {"label": label, "wall_seconds": wall, "peak_rss_bytes": peak, "exit_code": completed.returncode,
            "stdout": completed.stdout, "stderr": completed.stderr, "log": os.path.relpath(log, ROOT),
            "memory_method": method}


def ezkl_result(step):
    for line in step["stdout"].splitlines():
        if line.startswith("EZKL_STEP_RESULT "):
            return json.loads(line[len("EZKL_STEP_RESULT "):])
    raise StepFailed(f"{step['label']}: no result line; log {step['log']}")


def mib(value):
    return "n/a" if value is None else f"{value / 2**20:.0f} MiB"


def file_size(path):
    return os.path.getsize(path) if os.path.exists(path) else 0


def tree_size(path):
    total = 0
    for folder, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(folder, name)) for name in files)
    return total


def load_average():
    try:
        return os.getloadavg()
    except OSError:
        return None


# ---------------------------------------------------------------------------------------------------------------
# The comparison


def run(args):
    import numpy as np  # noqa: F401  (fail early if the environment is incomplete)
    import ezkl

    out = os.path.abspath(args.out)
    if os.path.exists(out):
        shutil.rmtree(out)
    ezkl_dir, fp_dir, log_dir = (os.path.join(out, name) for name in ("ezkl", "feedproof", "logs"))
    for folder in (ezkl_dir, fp_dir, os.path.join(fp_dir, "private"), log_dir):
        os.makedirs(folder)
    feedproof = os.path.abspath(args.feedproof)
    if not os.access(feedproof, os.X_OK):
        raise StepFailed(f"feedproof binary not found at {feedproof}")

    started = datetime.datetime.now(datetime.timezone.utc)
    run_start = time.perf_counter()
    load_before = load_average()
    print(f"FeedProof vs ezkl {ezkl.__version__} — {N} candidates, k = {K}, MLP {'-'.join(map(str, WIDTHS))}")
    print(f"work folder {os.path.relpath(out, ROOT)}; load average before {load_before}")

    # The shared inputs: one ONNX file, one request, one feature matrix.
    model_path = os.path.join(out, "model.onnx")
    layers = make_model(model_path)
    request = make_request()
    features = [demo_features(c) for c in request["candidates"]]
    post_ids = [c["post_id"] for c in request["candidates"]]
    request_path = os.path.join(out, "request.json")
    with open(request_path, "w") as f:
        json.dump(request, f, sort_keys=True)
    with open(os.path.join(out, "request.jsonl"), "w") as f:
        f.write(json.dumps(request, sort_keys=True) + "\n")
    shutil.copy(model_path, os.path.join(ezkl_dir, "model.onnx"))
    with open(os.path.join(ezkl_dir, "input.json"), "w") as f:
        json.dump({"input_data": [[float(v) for row in features for v in row]]}, f)
    with open(os.path.join(out, "features.json"), "w") as f:
        json.dump({"post_ids": post_ids, "dense": features}, f)

    steps = {"ezkl": [], "feedproof": []}
    python = sys.executable
    me = os.path.abspath(__file__)

    def ez(step, allow_failure=False):
        measured = measure(f"ezkl {step}", [python, me, "ezkl-step", step, ezkl_dir], log_dir, allow_failure)
        try:
            measured["result"] = ezkl_result(measured)
        except StepFailed:
            if measured["exit_code"] == 0:
                raise
            measured["result"] = None
        steps["ezkl"].append(measured)
        return measured

    def fp(label, *argv):
        measured = measure(f"feedproof {label}", [feedproof, *argv], log_dir)
        steps["feedproof"].append(measured)
        return measured

    # --- ezkl ---------------------------------------------------------------------------------------------------
    print("ezkl (param_visibility=hashed, input_visibility=public, output_visibility=public):")
    baseline = measure("python -c 'import ezkl' (interpreter baseline, not counted)",
                       [python, me, "ezkl-step", "import", ezkl_dir], log_dir)
    ez("gen_settings")
    ez("calibrate_settings")
    ez("compile_circuit")
    with open(os.path.join(ezkl_dir, "settings.json")) as f:
        settings = json.load(f)
    srs_attempt = ez("get_srs", allow_failure=True)
    downloaded = (srs_attempt["exit_code"] == 0 and srs_attempt["result"] is not None and srs_attempt["result"]["ok"]
                  and os.path.exists(os.path.join(ezkl_dir, "kzg.srs")))
    if downloaded:
        srs_step = srs_attempt
        srs_source = "downloaded with ezkl.get_srs (the public KZG ceremony SRS)"
    else:
        srs_attempt["counted"] = False
        reason = (srs_attempt["result"] or {}).get("error") or "no error message"
        if srs_attempt["exit_code"] != 0:
            reason += f"; the process then exited with {srs_attempt['exit_code']}"
            if srs_attempt["exit_code"] > 128:
                reason += f" (signal {srs_attempt['exit_code'] - 128})"
        print(f"    get_srs failed ({reason}); generating the SRS locally with ezkl.gen_srs")
        print("    WARNING: a locally generated SRS is INSECURE (its trapdoor is known to this machine);"
              " it is used here for timing only")
        srs_step = ez("gen_srs")
        srs_source = ("generated locally with ezkl.gen_srs because get_srs could not download "
                      f"({reason}): INSECURE, for timing only")
    ez("setup")
    ez("gen_witness")
    ez("prove")
    verify = ez("verify")
    if not (verify["result"] and verify["result"]["ok"] is True and verify["result"]["returned"] == "True"):
        raise StepFailed(f"ezkl verify did not return True: {verify['result']}")
    print("    ezkl verify returned True")
    with open(os.path.join(ezkl_dir, "proof.json")) as f:
        ezkl_proof = json.load(f)
    ezkl_scores = [float(v) for v in ezkl_proof["pretty_public_inputs"]["rescaled_outputs"][0]]
    ezkl_inputs = [float(v) for v in ezkl_proof["pretty_public_inputs"]["rescaled_inputs"][0]]

    # --- FeedProof ----------------------------------------------------------------------------------------------
    print("FeedProof:")
    fpmodel = os.path.join(fp_dir, "model.fpmodel")
    commitments = os.path.join(fp_dir, "commitments")
    opening = os.path.join(fp_dir, "private", "s8.fpmo")
    log_key = os.path.join(fp_dir, "private", "log-key")
    fp("model import", "model", "import", model_path, "--calibration", os.path.join(out, "request.jsonl"),
       "--out", fpmodel, "--held-out", "0")
    commit = fp("model commit", "model", "commit", fpmodel, "--name", "s8", "--commitments", commitments,
                "--opening-out", opening)
    model_id = re.search(r"ModelID:\s+([0-9a-f]+)", commit["stdout"]).group(1)
    fp("log init", "log", "init", "--log", os.path.join(commitments, "log.fptl"), "--public-key",
       os.path.join(commitments, "log-key.pub"), "--private-key", log_key)
    fp("log append", "log", "append", model_id, "--log", os.path.join(commitments, "log.fptl"), "--private-key",
       log_key)
    bundle = os.path.join(fp_dir, "ranking.fprb")
    prove = fp("prove", "prove", "--opening", opening, "--request", request_path, "--out", bundle)
    fp_verify = fp("verify", "verify", bundle, "--commitments", commitments, "--json")
    verdict = json.loads(fp_verify["stdout"])
    if fp_verify["exit_code"] != 0 or not verdict.get("checks") or not all(c["passed"] for c in verdict["checks"]):
        raise StepFailed(f"feedproof verify did not accept the bundle: {fp_verify['stdout'][:2000]}")
    print(f"    feedproof verify exited 0 ({verdict['reason']})")
    inspected = subprocess.run([feedproof, "inspect", bundle, "--json", "--commitments", commitments],
                               capture_output=True, text=True, check=True)
    info = json.loads(inspected.stdout)
    statement = info["statement"]
    fp_features = [c["features"]["dense"] for c in statement["candidates"]]
    fp_post_ids = [c["post_id"] for c in statement["candidates"]]
    fp_shown = statement["shown"]
    proof_match = re.search(r"proof:\s+(\d+) bytes in ([0-9.e-]+) seconds", prove["stdout"])
    fp_prove_reported = float(proof_match.group(2)) if proof_match else None

    # --- Same inputs? -------------------------------------------------------------------------------------------
    if fp_post_ids != post_ids or fp_features != features:
        raise StepFailed("FeedProof's statement features differ from the features given to ezkl")
    if [round(v) for v in ezkl_inputs] != [v for row in features for v in row]:
        raise StepFailed("ezkl's public inputs differ from the exported features")
    float_top = top_k(float_scores(layers, features), post_ids, K)
    ezkl_top = top_k(ezkl_scores, post_ids, K)
    distinct_ezkl_scores = len(set(ezkl_scores))

    # --- Sizes --------------------------------------------------------------------------------------------------
    def ez_file(name):
        return file_size(os.path.join(ezkl_dir, name))

    instance_count = sum(len(column) for column in ezkl_proof["instances"])
    sizes = {
        "ezkl": {
            "proof_bytes": len(ezkl_proof["proof"]),
            "public_instances": instance_count,
            "proof_and_instances_bytes": len(ezkl_proof["proof"]) + 32 * instance_count,
            "proof_file_bytes": ez_file("proof.json"),
            "pk_bytes": ez_file("pk.key"), "vk_bytes": ez_file("vk.key"), "srs_bytes": ez_file("kzg.srs"),
            "compiled_circuit_bytes": ez_file("model.compiled"), "settings_bytes": ez_file("settings.json"),
        },
        "feedproof": {
            "proof_bytes": info["proof_bytes"], "bundle_bytes": file_size(bundle),
            "statement_bytes": info["statement_bytes"],
            "public_commitment_dir_bytes": tree_size(commitments),
            "commitment_fpmc_bytes": file_size(os.path.join(commitments, "s8", "commitment.fpmc")),
            "opening_bytes": file_size(opening), "fpmodel_bytes": file_size(fpmodel),
        },
    }
    sizes["ezkl"]["key_bytes"] = sizes["ezkl"]["pk_bytes"] + sizes["ezkl"]["vk_bytes"] + sizes["ezkl"]["srs_bytes"]
    sizes["feedproof"]["key_bytes"] = sizes["feedproof"]["public_commitment_dir_bytes"] + sizes["feedproof"][
        "opening_bytes"]

    def total(system, labels):
        chosen = [s for s in steps[system] if s["label"].split(" ", 1)[1] in labels and s.get("counted", True)]
        return {"wall_seconds": sum(s["wall_seconds"] for s in chosen),
                "peak_rss_bytes": max(s["peak_rss_bytes"] or 0 for s in chosen),
                "steps": [s["label"] for s in chosen]}

    srs_label = srs_step["label"].split(" ", 1)[1]
    summary = {
        "ezkl": {
            "setup": total("ezkl", {"gen_settings", "calibrate_settings", "compile_circuit", srs_label, "setup"}),
            "setup_without_srs": total("ezkl", {"gen_settings", "calibrate_settings", "compile_circuit", "setup"}),
            "prove": total("ezkl", {"gen_witness", "prove"}),
            "verify": total("ezkl", {"verify"}),
        },
        "feedproof": {
            "setup": total("feedproof", {"model import", "model commit", "log init", "log append"}),
            "setup_without_srs": total("feedproof", {"model import", "model commit", "log init", "log append"}),
            "prove": total("feedproof", {"prove"}),
            "verify": total("feedproof", {"verify"}),
        },
    }
    load_after = load_average()
    cores = os.cpu_count()
    # Only the load before the run says anything about other jobs (the run itself keeps every core busy).
    conditions = args.conditions or (
        "probably under load (load average above 0.5 when the run started)"
        if load_before and load_before[0] > 0.5 else "probably idle (load average below 0.5 when the run started)")
    report = {
        "date_utc": started.strftime("%Y-%m-%d %H:%M UTC"),
        "conditions": conditions,
        "load_average_before": load_before, "load_average_after": load_after,
        "machine": {"cores": cores, "cpu": cpu_name(), "memory_bytes": memory_bytes(), "os": platform.platform(),
                    "python": platform.python_version(), "ezkl": ezkl.__version__},
        "workload": {"mlp": WIDTHS, "candidates": N, "k": K, "seed": SEED, "request": "demo-0001 (first 64)",
                     "model_onnx_sha256": hashlib.sha256(open(model_path, "rb").read()).hexdigest()},
        "total_run_seconds": time.perf_counter() - run_start,
        "ezkl_settings": {k: settings["run_args"].get(k) for k in
                          ("logrows", "input_scale", "param_scale", "num_inner_cols", "input_visibility",
                           "output_visibility", "param_visibility", "lookup_range")},
        "ezkl_num_rows": settings.get("num_rows"),
        "ezkl_srs": srs_source,
        "python_baseline": {"wall_seconds": baseline["wall_seconds"], "peak_rss_bytes": baseline["peak_rss_bytes"]},
        "steps": {system: [{k: v for k, v in s.items() if k not in ("stdout", "stderr")} for s in items]
                  for system, items in steps.items()},
        "summary": summary,
        "sizes": sizes,
        "feedproof_reported": {"prove_seconds": fp_prove_reported,
                               "verify_proof_milliseconds": verdict.get("milliseconds")},
        "ezkl_in_call_seconds": {s["label"]: s["result"]["seconds_in_call"] for s in steps["ezkl"] if s["result"]},
        "rankings": {"float_onnx_top10": float_top, "feedproof_shown": fp_shown, "ezkl_top10_from_outputs": ezkl_top,
                     "ezkl_distinct_output_values": distinct_ezkl_scores,
                     "overlap_feedproof_float": len(set(fp_shown) & set(float_top)),
                     "overlap_ezkl_float": len(set(ezkl_top) & set(float_top)),
                     "overlap_feedproof_ezkl": len(set(fp_shown) & set(ezkl_top))},
        "verified": {"ezkl": verify["result"]["returned"], "feedproof_exit_code": fp_verify["exit_code"]},
    }
    with open(os.path.join(args.results, "results.json"), "w") as f:
        json.dump(report, f, indent=1)
        f.write("\n")
    markdown = render(report)
    print()
    print(markdown)
    with open(os.path.join(args.results, "results.md"), "w") as f:
        f.write(markdown)
    print(f"wrote {os.path.relpath(os.path.join(args.results, 'results.md'), ROOT)} and results.json")
    if not args.keep_keys:
        for name in ("pk.key", "kzg.srs"):
            path = os.path.join(ezkl_dir, name)
            if os.path.exists(path):
                os.remove(path)
        print("removed the ezkl proving key and SRS (sizes recorded; KEEP_KEYS=1 keeps them)")
    return 0


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_bytes():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


# ---------------------------------------------------------------------------------------------------------------
# The report


def seconds(value):
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def size(value):
    if value >= 2**30:
        return f"{value / 2**30:.2f} GiB"
    if value >= 2**20:
        return f"{value / 2**20:.1f} MiB"
    if value >= 1024:
        return f"{value / 1024:.1f} KiB"
    return f"{value} B"


def times(r):
    return f"{r:.2f}×" if r < 10 else f"{r:.1f}×" if r < 100 else f"{r:,.0f}×"


def ratio_cell(ezkl_value, fp_value):
    """ezkl ÷ FeedProof, and which is smaller (every compared quantity is better when smaller)."""
    if not fp_value or not ezkl_value:
        return "n/a", "n/a"
    r = ezkl_value / fp_value
    if abs(r - 1) < 0.05:
        return times(r), "about equal"
    return times(r), ("**ezkl**" if r < 1 else "**FeedProof**")


def render(r):
    s, z = r["summary"], r["sizes"]
    e, f = s["ezkl"], s["feedproof"]
    ez_steps = {x["label"]: x for x in r["steps"]["ezkl"]}
    settings = r["ezkl_settings"]
    lines = [
        "# FeedProof vs ezkl: the same 8-64-32-1 ranker, the same 64 candidates",
        "",
        f"Measured {r['date_utc']}, **{r['conditions']}** (load average before {fmt_load(r['load_average_before'])},"
        f" after {fmt_load(r['load_average_after'])}); {r['machine']['cores']} cores ({r['machine']['cpu']}),"
        f" {size(r['machine']['memory_bytes'] or 0)} RAM, {r['machine']['os']}; ezkl {r['machine']['ezkl']}"
        f" (PyPI wheel), Python {r['machine']['python']}. Produced by `bash Benchmarks/compare/run.sh`.",
        "",
        f"ezkl: `param_visibility = hashed`, inputs and outputs public, logrows {settings['logrows']},"
        f" input/param scale {settings['input_scale']}/{settings['param_scale']}, {r['ezkl_num_rows']:,} rows."
        f" SRS: {r['ezkl_srs']}.",
        "",
        "| | ezkl | FeedProof | ezkl ÷ FeedProof | smaller |",
        "|---|---:|---:|---:|---|",
    ]

    def row(name, ezkl_value, fp_value, formatter):
        ratio, better = ratio_cell(ezkl_value, fp_value)
        lines.append(f"| {name} | {formatter(ezkl_value)} | {formatter(fp_value)} | {ratio} | {better} |")

    row("setup (ezkl: settings + calibrate + compile + SRS + setup; FeedProof: import + commit + log)",
        e["setup"]["wall_seconds"], f["setup"]["wall_seconds"], seconds)
    row("setup without the SRS step", e["setup_without_srs"]["wall_seconds"], f["setup_without_srs"]["wall_seconds"],
        seconds)
    row("prove (ezkl: gen_witness + prove; FeedProof: prove)", e["prove"]["wall_seconds"],
        f["prove"]["wall_seconds"], seconds)
    row("verify (one process: load keys/commitments, check)", e["verify"]["wall_seconds"],
        f["verify"]["wall_seconds"], seconds)
    row("proof size (raw proof bytes)", z["ezkl"]["proof_bytes"], z["feedproof"]["proof_bytes"], size)
    row(f"proof with its public data (ezkl: proof + {z['ezkl']['public_instances']} instances × 32 bytes, binary;"
        " FeedProof: the signed bundle: statement with raw metadata and features, proof, key, signature)",
        z["ezkl"]["proof_and_instances_bytes"], z["feedproof"]["bundle_bytes"], size)
    row("key material (ezkl: pk + vk + SRS; FeedProof: public commitment folder + private opening)",
        z["ezkl"]["key_bytes"], z["feedproof"]["key_bytes"], size)
    row("what a verifier must hold (ezkl: vk + SRS + settings; FeedProof: public commitment folder)",
        z["ezkl"]["vk_bytes"] + z["ezkl"]["srs_bytes"] + z["ezkl"]["settings_bytes"],
        z["feedproof"]["public_commitment_dir_bytes"], size)
    row("peak memory, setup", e["setup"]["peak_rss_bytes"], f["setup"]["peak_rss_bytes"], size)
    row("peak memory, prove", e["prove"]["peak_rss_bytes"], f["prove"]["peak_rss_bytes"], size)
    row("peak memory, verify", e["verify"]["peak_rss_bytes"], f["verify"]["peak_rss_bytes"], size)

    lines += ["", "Where each one wins, in this run:", ""]
    wins = {"ezkl": [], "FeedProof": []}
    for name, a, b in [
        ("setup time", e["setup"]["wall_seconds"], f["setup"]["wall_seconds"]),
        ("prove time", e["prove"]["wall_seconds"], f["prove"]["wall_seconds"]),
        ("verify time", e["verify"]["wall_seconds"], f["verify"]["wall_seconds"]),
        ("proof size", z["ezkl"]["proof_bytes"], z["feedproof"]["proof_bytes"]),
        ("proof with its public data", z["ezkl"]["proof_and_instances_bytes"], z["feedproof"]["bundle_bytes"]),
        ("key size", z["ezkl"]["key_bytes"], z["feedproof"]["key_bytes"]),
        ("prover memory", e["prove"]["peak_rss_bytes"], f["prove"]["peak_rss_bytes"]),
        ("verifier memory", e["verify"]["peak_rss_bytes"], f["verify"]["peak_rss_bytes"]),
    ]:
        if a and b and abs(a / b - 1) >= 0.05:
            wins["ezkl" if a < b else "FeedProof"].append(f"{name} ({times(max(a, b) / min(a, b))} less)")
    for system in ("ezkl", "FeedProof"):
        lines.append(f"- **{system} is better at:** " + ("; ".join(wins[system]) or "nothing measured here") + ".")
    lines += [
        "- Proof size is ezkl's clear win: a halo2/KZG proof is a few KiB whatever the model, while FeedProof's"
        " transparent proof (Hyrax, sumcheck, logUp; no trusted setup) is tens of KiB and grows with the model and"
        " n. ezkl's public data (every input feature and output score as a 32-byte field element) is larger than its"
        f" proof; its proof.json file, with the proof in hex and the instances twice, is {size(z['ezkl']['proof_file_bytes'])}.",
        "- Setup is once per model version in both systems (ezkl: once per circuit, i.e. per model and input shape);"
        " prove and verify are per ranking.",
        "- ezkl's verifier loads the whole SRS file; in principle it needs only a few of its points (ezkl's EVM"
        " verifier embeds them), so the verifier-side key row overstates what ezkl strictly needs. FeedProof's"
        " verify also re-checks the model commitment's π_wf on every run, which an app would do once and cache.",
        "",
        "Per step (each its own process; wall time, and peak resident memory from "
        f"{r['steps']['ezkl'][0]['memory_method']}):",
        "",
        "| step | wall | peak RSS | in the call (ezkl) / self-reported (FeedProof) |",
        "|---|---:|---:|---:|",
    ]
    for x in r["steps"]["ezkl"]:
        inside = r["ezkl_in_call_seconds"].get(x["label"])
        note = " (failed, not counted)" if x.get("counted") is False else ""
        lines.append(f"| {x['label']}{note} | {seconds(x['wall_seconds'])} | {size(x['peak_rss_bytes'] or 0)} |"
                     f" {seconds(inside) if inside is not None else ''} |")
    reported = r["feedproof_reported"]
    for x in r["steps"]["feedproof"]:
        inside = ""
        if x["label"] == "feedproof prove" and reported["prove_seconds"] is not None:
            inside = f"{seconds(reported['prove_seconds'])} (proving)"
        if x["label"] == "feedproof verify" and reported["verify_proof_milliseconds"] is not None:
            inside = f"{reported['verify_proof_milliseconds']:.0f} ms (the proof check alone)"
        lines.append(f"| {x['label']} | {seconds(x['wall_seconds'])} | {size(x['peak_rss_bytes'] or 0)} | {inside} |")
    base = r["python_baseline"]
    lines += [
        "",
        f"Each ezkl step runs in a fresh Python process: starting Python and importing ezkl alone took"
        f" {seconds(base['wall_seconds'])} and {size(base['peak_rss_bytes'] or 0)} (included in the wall column;"
        f" the last column is the ezkl call alone).",
        "",
        "Sizes: "
        + ", ".join(f"ezkl {k.replace('_bytes', '')} {size(v)}" for k, v in z["ezkl"].items()
                    if k.endswith("_bytes") and k != "key_bytes")
        + "; "
        + ", ".join(f"FeedProof {k.replace('_bytes', '')} {size(v)}" for k, v in z["feedproof"].items()
                    if k != "key_bytes")
        + ".",
        "",
        f"Both verified: ezkl `verify` returned {r['verified']['ezkl']}, `feedproof verify` exited"
        f" {r['verified']['feedproof_exit_code']} (VALID)."
        + (f" The whole comparison (after the venv and the feedproof build) took {r['total_run_seconds'] / 60:.1f}"
           " minutes." if "total_run_seconds" in r else ""),
        "",
        "## Same and different",
        "",
        "Identical in both runs: the ONNX file (an 8-64-32-1 MLP, ReLU trunk, one sigmoid head, weighted sum with"
        f" weight 1; {sum(a * b + b for a, b in zip(WIDTHS, WIDTHS[1:])) + 1:,} float parameters from seed {SEED}"
        + (f", SHA-256 {r['workload']['model_onnx_sha256'][:16]}…" if "model_onnx_sha256" in r["workload"] else "")
        + "),"
        " and the model input: the 64 × 8 integer feature matrix of the first 64 candidates of demo request"
        " demo-0001 under the demo recipes (checked: FeedProof's statement features and ezkl's rescaled public"
        " inputs both equal the exported matrix).",
        "",
        "Different, by design of each system:",
        "- **Width of the first layer.** The issue's S workload is 32-64-32-1; here it is 8-64-32-1. `feedproof"
        " model import` binds a model to the demo feature schema (8 dense features computed from raw metadata,"
        " plus optional author/topic embeddings), so a 32-input dense model cannot be imported. Filling 32 inputs"
        " with 8 dense + author (1001 × 16) and topic (65 × 8) embeddings was tried: ezkl then needs logrows 20"
        " (4× the rows), which does not fit the 20-minute budget on 2 cores.",
        "- **What is proven.** ezkl proves the 64 scores (public outputs) of the hashed model on public inputs."
        " FeedProof proves that the shown 10 posts are the committed model's top 10 in order, and never reveals a"
        " score; it also checks the features against the recipes and the signed transparency log.",
        "- **Binding the weights.** ezkl: a Poseidon hash of the parameters is a public instance. FeedProof: Hyrax"
        " commitments to every tensor plus π_wf (weights int8, biases int32), published once; ModelID = SHA-512 of"
        " them.",
        "- **Quantisation.** ezkl: fixed point at scale 2^7 for inputs and parameters, sigmoid by lookup. FeedProof:"
        " int8 weights, int32 biases, int16 activations, a 2^14-entry sigmoid table, calibrated on the same 64"
        " candidates (ezkl's calibrate_settings also sees only them, limited to scale 7 to stay fast).",
        f"- **Rankings.** Top-10 overlap with the float ONNX model's top 10: FeedProof"
        f" {r['rankings']['overlap_feedproof_float']}/10, ezkl's outputs {r['rankings']['overlap_ezkl_float']}/10"
        f" (ezkl's 64 outputs take only {r['rankings']['ezkl_distinct_output_values']} distinct values at scale 2^7,"
        " so its ties are broken by post id).",
        "- **Setup.** ezkl's setup is per circuit (proving key, verifying key, SRS); FeedProof has no trusted setup:"
        " its generators are hashed to the curve, and its setup is the model commitment and the log entry.",
        "",
    ]
    return "\n".join(lines)


def fmt_load(load):
    return "n/a" if not load else "/".join(f"{v:.2f}" for v in load)


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "ezkl-step":
        return ezkl_step(sys.argv[2], sys.argv[3])
    if len(sys.argv) >= 2 and sys.argv[1] == "render":
        # Re-renders results.md from results.json (e.g. after editing the conditions label by hand).
        source = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "results.json")
        with open(source) as f:
            markdown = render(json.load(f))
        with open(os.path.join(os.path.dirname(os.path.abspath(source)), "results.md"), "w") as f:
            f.write(markdown)
        print(markdown)
        return 0
    parser = argparse.ArgumentParser(description="FeedProof vs ezkl on the same model and candidates.")
    parser.add_argument("--feedproof", required=True, help="the feedproof release binary")
    parser.add_argument("--out", default=os.path.join(HERE, "out"), help="work folder (replaced)")
    parser.add_argument("--results", default=HERE, help="folder for results.md and results.json")
    parser.add_argument("--conditions", default=os.environ.get("CONDITIONS"),
                        help="label for the run's conditions (default: judged from the load average)")
    parser.add_argument("--keep-keys", action="store_true", default=os.environ.get("KEEP_KEYS") == "1",
                        help="keep ezkl's proving key and SRS (several GiB) after the run")
    args = parser.parse_args()
    try:
        return run(args)
    except StepFailed as error:
        print(f"\nCOMPARISON FAILED: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
