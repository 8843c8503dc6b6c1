#!/usr/bin/env python3
"""Python PyTorch (eager) side of the side-by-side benchmark (lib/bench --side-by-side).

Runs ONE workload on the inputs the Java orchestrator wrote (raw little-endian float32 files
described by inputs.json), times it and prints one line:

    RESULT {"workload": ..., "median_ms": ..., "min_ms": ..., "peak_rss_mb": ..., "check": ...}

Usage: workloads.py --workload NAME --inputs DIR [--warmup N] [--repeats N] [--threads N]

Every reference here is written for this kit (no torchvision: its C++ ops cannot be installed for
the CPU torch of the course machines). What each one computes:
  resnet18-*   torchvision's ResNet-18 layout (7x7/2 stem, four stages of two basic blocks, global
               average pool, 33-way linear), written with torch.nn; SGD lr 0.01, weight decay 0.001
  nms-10k      the same block-wise greedy NMS as org.logokit.box.Nms (stable sort by score, 512-box
               blocks, fixed point per block), in torch ops
  iou-1k       torchvision's box_iou formula; giou-1k: its generalized_box_iou formula
  roialign-*   the same separable-bilinear RoIAlign as org.logokit.roi (aligned, sampling ratio 2),
               in torch ops (einsum); backward by autograd
  focal-*      torchvision's sigmoid_focal_loss formula (alpha 0.25, gamma 2, sum)
The detector rows of the benchmark (faster-rcnn-*, yolov2-*, ssd-*, retinanet-*) have no Python
twin here: they run on the Java engines only.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def load_inputs(folder):
    with open(os.path.join(folder, "inputs.json")) as f:
        spec = json.load(f)
    arrays = {}
    for name, item in spec.items():
        data = np.fromfile(os.path.join(folder, item["file"]), dtype="<f4").reshape(item["shape"])
        arrays[name] = torch.from_numpy(data.copy())
    return arrays


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


# ------------------------------------------------------------------------------------------ models
class BasicBlock(nn.Module):
    def __init__(self, inp, out, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inp, out, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(out)
        self.conv2 = nn.Conv2d(out, out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(out)
        self.shortcut = None
        if stride != 1 or inp != out:
            self.shortcut = nn.Sequential(nn.Conv2d(inp, out, 1, stride, bias=False), nn.BatchNorm2d(out))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.shortcut is None else self.shortcut(x)))


class ResNet18(nn.Module):
    def __init__(self, classes=33, width=64):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, width, 7, 2, 3, bias=False), nn.BatchNorm2d(width),
                                  nn.ReLU(), nn.MaxPool2d(3, 2, 1))
        stages = []
        channels = width
        for stage in range(4):
            out = width * 2 ** stage
            stride = 1 if stage == 0 else 2
            stages += [BasicBlock(channels, out, stride), BasicBlock(out, out, 1)]
            channels = out
        self.stages = nn.Sequential(*stages)
        self.fc = nn.Linear(channels, classes)

    def forward(self, x):
        x = self.stages(self.stem(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


# --------------------------------------------------------------------------------------- box ops
def box_iou(a, b):
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    lt = torch.max(a[:, None, :2], b[:, :2])
    rb = torch.min(a[:, None, 2:], b[:, 2:])
    wh = (rb - lt).clamp(min=0)
    inter = wh[..., 0] * wh[..., 1]
    union = area_a[:, None] + area_b - inter
    return inter / union, union


def generalized_box_iou(a, b):
    iou, union = box_iou(a, b)
    lt = torch.min(a[:, None, :2], b[:, :2])
    rb = torch.max(a[:, None, 2:], b[:, 2:])
    wh = (rb - lt).clamp(min=0)
    area = wh[..., 0] * wh[..., 1]
    return iou - (area - union) / area


def overlap_margin(a, b, threshold):
    """(K, M) intersection - threshold * union: > 0 exactly when IoU(a[i], b[j]) > threshold."""
    lt = torch.max(a[:, None, :2], b[:, :2])
    rb = torch.min(a[:, None, 2:], b[:, 2:])
    wh = (rb - lt).clamp(min=0)
    inter = wh[..., 0] * wh[..., 1]
    area_a = (a[:, 2] - a[:, 0]).clamp(min=0) * (a[:, 3] - a[:, 1]).clamp(min=0)
    area_b = (b[:, 2] - b[:, 0]).clamp(min=0) * (b[:, 3] - b[:, 1]).clamp(min=0)
    return inter - threshold * (area_a[:, None] + area_b - inter)


def block_nms(boxes, scores, threshold, block=512):
    order = torch.argsort(scores, descending=True, stable=True)
    sorted_boxes = boxes[order]
    n = sorted_boxes.shape[0]
    kept = []
    kept_boxes = None
    upper = torch.ones(block, block).triu(1)
    for start in range(0, n, block):
        part = sorted_boxes[start:start + block]
        b = part.shape[0]
        if kept_boxes is None:
            alive = torch.ones(b, dtype=torch.bool)
        else:
            alive = overlap_margin(kept_boxes, part, threshold).amax(0) <= 0
        suppresses = (overlap_margin(part, part, threshold) > 0).float() * upper[:b, :b]
        keep = alive
        for _ in range(b + 1):
            nxt = alive & ~((keep.float() @ suppresses) > 0)
            if torch.equal(nxt, keep):
                break
            keep = nxt
        positions = keep.nonzero().flatten()
        if positions.numel() == 0:
            continue
        kept.append(positions + start)
        new = part[positions]
        kept_boxes = new if kept_boxes is None else torch.cat([kept_boxes, new])
    return order[torch.cat(kept)] if kept else torch.zeros(0, dtype=torch.long)


def axis_weights(start, end, bins, samples, size):
    """(K, bins, size) averaged bilinear weights of one axis (torchvision's sample rule)."""
    k = start.shape[0]
    bin_size = (end - start) / bins
    grid = (torch.arange(bins, dtype=start.dtype)[None, :, None]
            + (torch.arange(samples, dtype=start.dtype)[None, None, :] + 0.5) / samples)
    y = start[:, None, None] + grid * bin_size[:, None, None]          # (K, bins, samples)
    inside = (y >= -1) & (y <= size)
    y = y.clamp(min=0)
    low = y.floor()
    at_end = low >= size - 1
    low = torch.where(at_end, torch.full_like(low, size - 1), low)
    high = torch.where(at_end, low, low + 1)
    frac = torch.where(at_end, torch.zeros_like(y), y - low)
    positions = torch.arange(size, dtype=start.dtype)
    w = ((positions == low[..., None]) * (1 - frac)[..., None]
         + (positions == high[..., None]) * frac[..., None]) * inside[..., None]
    return w.sum(2) / samples


def roi_align(features, rois, out_size=7, scale=1 / 16, samples=2):
    """Separable bilinear RoIAlign of image 0 (all benchmark RoIs are on image 0), aligned=True."""
    boxes = rois[:, 1:] * scale - 0.5
    _, _, h, w = features.shape
    wy = axis_weights(boxes[:, 1], boxes[:, 3], out_size, samples, h)  # (K, P, H)
    wx = axis_weights(boxes[:, 0], boxes[:, 2], out_size, samples, w)  # (K, Q, W)
    rows = torch.einsum("kph,chw->kpcw", wy, features[0])
    return torch.einsum("kpcw,kqw->kcpq", rows, wx)


def sigmoid_focal_loss(logits, targets, alpha=0.25, gamma=2.0):
    p = torch.sigmoid(logits)
    ce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce * ((1 - p_t) ** gamma)
    alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
    return (alpha_t * loss).sum()


# ------------------------------------------------------------------------------------ workloads
def make_step(name, x):
    """Returns (step, check): step() runs the workload once; check() a number for cross-checks."""
    state = {}
    if name == "resnet18-train":
        torch.manual_seed(1)
        model = ResNet18()
        model.train()
        opt = torch.optim.SGD(model.parameters(), lr=0.01, weight_decay=0.001)
        images, labels = x["images"], x["labels"].long()

        def step():
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(images), labels)
            loss.backward()
            opt.step()
            return model.fc.weight.sum().item()
        return step, None
    if name.startswith("resnet18-infer-b"):
        torch.manual_seed(1)
        model = ResNet18()
        model.eval()
        batch = int(name.rsplit("b", 1)[1])
        images = x["images"][:batch].contiguous()

        def step():
            with torch.inference_mode():
                return model(images).sum().item()
        return step, None
    if name == "nms-10k":
        def step():
            state["out"] = block_nms(x["nms_boxes"], x["nms_scores"], 0.5)
            return state["out"].numel()
        return step, lambda: float(state["out"].numel()) + float(state["out"][:100].sum())
    if name == "iou-1k":
        def step():
            state["out"] = box_iou(x["iou_a"], x["iou_b"])[0]
            return state["out"].sum().item()
        return step, lambda: state["out"].sum().item()
    if name == "giou-1k":
        def step():
            state["out"] = generalized_box_iou(x["iou_a"], x["iou_b"])
            return state["out"].sum().item()
        return step, lambda: state["out"].sum().item()
    if name == "roialign-fwd":
        def step():
            state["out"] = roi_align(x["roi_features"], x["rois"])
            return state["out"].sum().item()
        return step, lambda: state["out"].sum().item()
    if name == "roialign-fwdbwd":
        def step():
            f = x["roi_features"].clone().requires_grad_(True)
            roi_align(f, x["rois"]).sum().backward()
            state["out"] = f.grad
            return f.grad.sum().item()
        return step, lambda: state["out"].abs().sum().item()
    if name == "focal-100k":
        def step():
            state["out"] = sigmoid_focal_loss(x["logits"], x["targets"])
            return state["out"].item()
        return step, lambda: state["out"].item()
    if name == "focal-100k-fwdbwd":
        def step():
            logits = x["logits"].clone().requires_grad_(True)
            sigmoid_focal_loss(logits, x["targets"]).backward()
            state["out"] = logits.grad
            return logits.grad.sum().item()
        return step, lambda: state["out"].abs().sum().item()
    raise SystemExit(f"workloads.py: unknown workload '{name}'")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", required=True)
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--threads", type=int, default=0, help="torch intra-op threads (0: torch's default)")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    step, check = make_step(args.workload, load_inputs(args.inputs))
    times = []
    for r in range(args.warmup + args.repeats):
        start = time.perf_counter()
        step()
        ms = (time.perf_counter() - start) * 1e3
        if r >= args.warmup:
            times.append(ms)
    result = {
        "workload": args.workload,
        "runner": "Python",
        "version": "torch " + torch.__version__,
        "threads": torch.get_num_threads(),
        "median_ms": statistics.median(times),
        "min_ms": min(times),
        "peak_rss_mb": peak_rss_mb(),
        "check": check() if check else None,
    }
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
