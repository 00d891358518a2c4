#!/usr/bin/env python3
"""Read and write NetGen checkpoints: safetensors files of float32 tensors, with the standard library alone.

    python3 tools/netgen_checkpoint.py show FILE              names, shapes and metadata
    python3 tools/netgen_checkpoint.py scale IN OUT FACTOR    every tensor times FACTOR, same metadata

As a module: read(path) -> (tensors, metadata), where tensors maps a name to (shape, list of floats), and
write(path, tensors, metadata). The format is described in docs/checkpoints.md.

NetGen records the SHA-256 of the data section under "netgen.data_sha256": read() verifies it when present, and
write() recomputes it when the metadata carries it (the data may have changed), so an edited file stays loadable.
"""
import argparse
import hashlib
import json
import math
import os
import secrets
import struct
import sys

MAX_HEADER_BYTES = 100_000_000
DATA_SHA256 = "netgen.data_sha256"
TEMPORARY_SUFFIX = ".tmp-"
MAX_NAME_BYTES = 255  # NAME_MAX; the temporary file's name must fit too


def _count(shape):
    return math.prod(shape) if shape else 1


def _unique_keys(pairs):
    keys = [k for k, _ in pairs]
    for k in keys:
        if keys.count(k) > 1:
            raise ValueError(f"the header names {k!r} twice")
    return dict(pairs)


def read(path):
    """Returns (tensors, metadata): tensors maps name -> (shape list, list of floats), in data order."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise ValueError(f"{path}: {len(blob)} bytes, shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", blob[:8])
    if n > MAX_HEADER_BYTES or 8 + n > len(blob):
        raise ValueError(f"{path}: header length {n} does not fit the {len(blob)}-byte file")
    header = json.loads(blob[8:8 + n].decode("utf-8"), object_pairs_hook=_unique_keys)
    metadata = header.pop("__metadata__", {})
    data = memoryview(blob)[8 + n:]
    entries = sorted(header.items(), key=lambda item: tuple(item[1]["data_offsets"]))
    tensors, expected = {}, 0
    for name, info in entries:
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name!r} has dtype {info['dtype']}; only F32 is supported")
        shape, (begin, end) = list(info["shape"]), info["data_offsets"]
        count = _count(shape)
        if begin != expected or end - begin != 4 * count or end > len(data):
            raise ValueError(f"{path}: tensor {name!r} has bad data_offsets {begin}..{end} for shape {shape}")
        tensors[name] = (shape, list(struct.unpack(f"<{count}f", data[begin:end])))
        expected = end
    if expected != len(data):
        raise ValueError(f"{path}: the data section is {len(data)} bytes but the tensors claim {expected}")
    recorded = metadata.get(DATA_SHA256)
    if recorded is not None and hashlib.sha256(data).hexdigest() != recorded:
        raise ValueError(f"{path}: the data's SHA-256 is {hashlib.sha256(data).hexdigest()} but {DATA_SHA256} records {recorded}; the file is corrupt")
    return tensors, metadata


def temporary_prefix(name):
    """The temporary file's name up to its 12 random hex digits, as NetGen's AtomicFile.TemporaryPrefix makes it."""
    tail = len(TEMPORARY_SUFFIX) + 12
    if len(name.encode("utf-8")) + tail <= MAX_NAME_BYTES:
        return name + TEMPORARY_SUFFIX
    budget, kept, size = MAX_NAME_BYTES - tail - 1 - 8, "", 0
    for ch in name:  # whole characters only
        width = len(ch.encode("utf-8"))
        if size + width > budget:
            break
        kept, size = kept + ch, size + width
    fnv = 2166136261
    for b in name.encode("utf-8"):
        fnv = ((fnv ^ b) * 16777619) & 0xFFFFFFFF
    return f"{kept}~{fnv:08x}{TEMPORARY_SUFFIX}"


def write(path, tensors, metadata=None):
    """Writes tensors (name -> (shape, sequence of floats)) and metadata (str -> str), atomically."""
    header, chunks, offset = {}, [], 0
    metadata = {str(k): str(v) for k, v in (metadata or {}).items()}
    if metadata:
        header["__metadata__"] = metadata
    for name, (shape, values) in tensors.items():
        count = _count(shape)
        if len(values) != count:
            raise ValueError(f"tensor {name!r}: shape {list(shape)} holds {count} values, not {len(values)}")
        chunk = struct.pack(f"<{count}f", *values)
        header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [offset, offset + len(chunk)]}
        chunks.append(chunk)
        offset += len(chunk)
    if DATA_SHA256 in metadata:
        digest = hashlib.sha256()
        for chunk in chunks:
            digest.update(chunk)
        metadata[DATA_SHA256] = digest.hexdigest()
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # the data section starts 8-byte aligned
    folder, name = os.path.split(os.path.abspath(path))
    temporary = os.path.join(folder, temporary_prefix(name) + secrets.token_hex(6))
    try:
        with open(temporary, "wb") as f:
            f.write(struct.pack("<Q", len(text)))
            f.write(text)
            for chunk in chunks:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def show(path):
    tensors, metadata = read(path)
    for name, (shape, values) in tensors.items():
        print(f"{name} F32 [{', '.join(str(d) for d in shape)}]")
    for key, value in metadata.items():
        print(f"metadata {key} = {value}")


def scale(source, target, factor):
    tensors, metadata = read(source)
    scaled = {name: (shape, [v * factor for v in values]) for name, (shape, values) in tensors.items()}
    write(target, scaled, metadata)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Inspect and edit NetGen (safetensors F32) checkpoints.")
    commands = parser.add_subparsers(dest="command", required=True)
    show_parser = commands.add_parser("show", help="print tensor names, shapes and metadata")
    show_parser.add_argument("file")
    scale_parser = commands.add_parser("scale", help="multiply every tensor by FACTOR")
    scale_parser.add_argument("input")
    scale_parser.add_argument("output")
    scale_parser.add_argument("factor", type=float)
    args = parser.parse_args(argv)
    try:
        if args.command == "show":
            show(args.file)
        else:
            scale(args.input, args.output, args.factor)
    except (OSError, ValueError, KeyError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
