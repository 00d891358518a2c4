#!/usr/bin/env python3
"""The PyTorch side of benchmarks/compare: run by NetGen.Compare as a child process, never by hand (but it can be).

    bench_torch.py probe                      prints the configuration as JSON (exit 3 without torch)
    bench_torch.py check JOB OUT              correctness: logits and one SGD step from NetGen's checkpoints,
                                              and the ONNX files for ONNX Runtime
    bench_torch.py serve JOB                  timing server: answers 'prepare' and 'run' requests on stdin, so that
                                              the runner interleaves PyTorch's samples with NetGen's and ORT's

JOB is a JSON file the runner writes (checkpoint, input and label paths, shapes, timing settings); OUT receives
JSON. Thread settings come from the environment the runner sets (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS,
OPENBLAS_CORETYPE) and torch.set_num_threads. Checkpoints are read with tools/netgen_checkpoint.py (standard library).
"""
import ctypes
import gc
import json
import os
import platform
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.join(HERE, "..", "..", "tools"))

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as e:  # the runner turns exit code 3 into "install torch with --install"
    print(f"bench_torch.py: PyTorch is not importable ({e})", file=sys.stderr)
    sys.exit(3)

import netgen_checkpoint  # noqa: E402  (tools/netgen_checkpoint.py, copied beside this script by the build)


# The workloads, with NetGen's tensor names (fc1, conv1...) as module names so that state dicts line up.
class Mlp(nn.Module):
    """784 -> 128 (ReLU) -> 10."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))


class MlpS(nn.Module):
    """64 -> 128 (ReLU) -> 64 (ReLU) -> 10."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(64, 128)
        self.fc2 = nn.Linear(128, 64)
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class Cnn(nn.Module):
    """1x28x28 -> conv 3x3 8 (ReLU) -> max pool 2 -> conv 3x3 16 (ReLU) -> max pool 2 -> flatten 400 -> 10."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3)
        self.conv2 = nn.Conv2d(8, 16, 3)
        self.fc1 = nn.Linear(400, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc1(torch.flatten(x, 1))


MODELS = {"mlp": Mlp, "mlps": MlpS, "cnn": Cnn}


def blas_library():
    """The BLAS shared object this process has mapped, and OpenBLAS's core name and config when it is OpenBLAS."""
    torch.mm(torch.ones(8, 8), torch.ones(8, 8))  # make sure the BLAS is loaded
    paths = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            parts = line.split()
            if len(parts) >= 6 and ("blas" in parts[5].lower() or "mkl" in parts[5].lower()):
                paths.add(os.path.realpath(parts[5]))
    info = {"mapped": sorted(paths)}
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            info["openblas_core"] = lib.openblas_get_corename().decode()
            info["openblas_config"] = lib.openblas_get_config().decode()
            info["openblas_threads"] = lib.openblas_get_num_threads()
            break
        except (OSError, AttributeError):
            continue
    return info


def configuration():
    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "torch_interop_threads": torch.get_num_interop_threads(),
        "mkldnn": torch.backends.mkldnn.is_available(),
        "cpu_capability": torch.backends.cpu.get_cpu_capability() if hasattr(torch.backends, "cpu") else "",
        "blas": blas_library(),
        "env": {k: os.environ.get(k, "") for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_CORETYPE")},
        "config_show": torch.__config__.show(),
    }


def read_floats(path, shape):
    count = 1
    for d in shape:
        count *= d
    with open(path, "rb") as f:
        data = bytearray(f.read())
    if len(data) != 4 * count:
        raise ValueError(f"{path}: {len(data)} bytes, expected {4 * count} for shape {shape}")
    return torch.frombuffer(data, dtype=torch.float32).reshape(shape).clone()


def load_model(name, checkpoint):
    model = MODELS[name]()
    tensors, metadata = netgen_checkpoint.read(checkpoint)
    state = {}
    for key, (shape, values) in tensors.items():
        state[key] = torch.tensor(values, dtype=torch.float32).reshape(shape)
    model.load_state_dict(state, strict=True)  # every name and shape must match
    return model, metadata


def save_model(model, path, metadata):
    tensors = {k: (list(v.shape), v.detach().reshape(-1).tolist()) for k, v in model.state_dict().items()}
    netgen_checkpoint.write(path, tensors, metadata)


def check(job, out):
    """Logits for the runner's fixed inputs, and the parameters after one SGD step on them; the ONNX exports."""
    torch.set_num_threads(1)
    result = {"config": configuration(), "nets": {}}
    for net in job["nets"]:
        name, batch, shape = net["name"], net["batch"], net["input_shape"]
        model, metadata = load_model(name, net["checkpoint"])
        x = read_floats(net["input"], [batch] + shape)
        y = read_floats(net["labels"], [batch]).long()
        model.eval()
        with torch.no_grad():
            logits = model(x)
        model.train()
        optimizer = torch.optim.SGD(model.parameters(), lr=job["lr"])
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        save_model(model, net["after_step"], metadata)
        entry = {"logits": logits.reshape(-1).tolist(), "loss": float(loss)}
        if net.get("onnx"):
            exported, _ = load_model(name, net["checkpoint"])
            exported.eval()
            torch.onnx.export(
                exported, x[:1], net["onnx"], input_names=["input"], output_names=["logits"],
                dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13, do_constant_folding=True)
            entry["onnx"] = net["onnx"]
        result["nets"][name] = entry
        print(f"  torch check {name}: loss {float(loss):.6f}", file=sys.stderr)
    with open(out, "w") as f:
        json.dump(result, f)


def build_body(item, job):
    """body(n) runs n iterations of the item: training steps cycling through a pool of random batches, or inference."""
    name, batch, shape, kind = item["net"], item["batch"], item["input_shape"], item["kind"]
    pool = job.get("batches_in_pool", 8)
    model, _ = load_model(name, item["checkpoint"])
    xs = [torch.randn([batch] + shape) for _ in range(pool)]
    ys = [torch.randint(0, 10, (batch,)) for _ in range(pool)]
    if kind == "train":
        model.train()
        optimizer = torch.optim.SGD(model.parameters(), lr=job["lr"])

        def body(n):
            for i in range(n):
                k = i % pool
                optimizer.zero_grad(set_to_none=True)
                loss = F.cross_entropy(model(xs[k]), ys[k])
                loss.backward()
                optimizer.step()
        return body
    model.eval()
    x = xs[0]  # one input, as ONNX Runtime and NetGen get

    def infer(n):
        with torch.inference_mode():
            for _ in range(n):
                model(x)
    return infer


def calibrate(body, warmup_seconds, min_calls, sample_seconds):
    """Warms body up, then returns the iteration count of one sample of about sample_seconds."""
    start, calls = time.perf_counter(), 0
    while calls < min_calls or time.perf_counter() - start < warmup_seconds:
        body(1)
        calls += 1
    n = 1
    while True:  # grow n until a run takes a tenth of the target
        t = time.perf_counter()
        body(n)
        elapsed = time.perf_counter() - t
        if elapsed >= sample_seconds / 10 or n >= 1 << 30:
            break
        n *= 2
    return max(1, int(n * sample_seconds / max(elapsed, 1e-9)))


def serve(job):
    """Answers the runner's requests, one JSON line each, so that PyTorch's samples interleave with NetGen's:
    'prepare ID WARMUP_S MIN_CALLS SAMPLE_S' -> {"iterations": n}; 'run ID N' -> {"seconds": s}; 'quit'."""
    torch.set_num_threads(job.get("threads", 1))
    torch.manual_seed(1)
    bodies = {item["id"]: build_body(item, job) for item in job["timings"]}

    def reply(obj):
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()

    reply({"ready": True, "config": configuration()})
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        if words[0] == "prepare":
            n = calibrate(bodies[words[1]], float(words[2]), int(words[3]), float(words[4]))
            reply({"iterations": n})
        elif words[0] == "run":
            body, n = bodies[words[1]], int(words[2])
            gc.collect()
            gc.disable()
            try:
                t = time.perf_counter()
                body(n)
                elapsed = time.perf_counter() - t
            finally:
                gc.enable()
            reply({"seconds": elapsed})
        else:
            reply({"error": f"unknown request {line.strip()!r}"})


def main(argv):
    if len(argv) >= 1 and argv[0] == "probe":
        json.dump(configuration(), sys.stdout)
        return 0
    if len(argv) == 2 and argv[0] == "serve":
        with open(argv[1]) as f:
            serve(json.load(f))
        return 0
    if len(argv) != 3 or argv[0] != "check":
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        check(json.load(f), argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
