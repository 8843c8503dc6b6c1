"""Writes reference.json: anchors, SSD300 default boxes and label-smoothed cross-entropy computed
by torchvision / PyTorch themselves, for TorchvisionReferenceTest.

Run with any torch + torchvision (here torch 2.13.0+cpu with torchvision 0.28.0):
    python make_reference.py
Only anchor_utils (pure Python) is imported, without torchvision/__init__.py, so a torchvision
wheel whose C++ operators do not load on this torch still works. Large outputs are sampled at
fixed row indices to keep the file small.
"""
import importlib
import json
import os
import sys
import types

import torch
import torch.nn.functional as F

base = os.path.dirname(importlib.util.find_spec("torchvision").origin)
for name, path in [("torchvision", base), ("torchvision.models", base + "/models"),
                   ("torchvision.models.detection", base + "/models/detection")]:
    module = types.ModuleType(name)
    module.__path__ = [path]
    sys.modules[name] = module
anchor_utils = importlib.import_module("torchvision.models.detection.anchor_utils")
ImageList = importlib.import_module("torchvision.models.detection.image_list").ImageList


def grid(generator, image_hw, feature_sizes):
    images = ImageList(torch.zeros(1, 3, *image_hw), [image_hw])
    maps = [torch.zeros(1, 1, h, w) for h, w in feature_sizes]
    return generator(images, maps)[0]


def sample(rows, count=64):
    n = rows.shape[0]
    step = max(1, n // count)
    indices = sorted(set(list(range(0, n, step)) + [n - 1]))
    return {"count": n, "indices": indices, "rows": rows[indices].tolist()}


out = {"torch": torch.__version__, "torchvision": importlib.import_module("importlib.metadata").version("torchvision")}
out["fasterRcnn_600x1000_37x62"] = sample(grid(anchor_utils.AnchorGenerator(((128, 256, 512),), ((0.5, 1.0, 2.0),)),
                                          (600, 1000), [(37, 62)]))
out["fpn_800x1216"] = sample(grid(anchor_utils.AnchorGenerator(((32,), (64,), (128,), (256,), (512,)),
                                                               ((0.5, 1.0, 2.0),) * 5),
                                  (800, 1216), [(200, 304), (100, 152), (50, 76), (25, 38), (13, 19)]), 256)
retina_sizes = tuple((x, int(x * 2 ** (1.0 / 3)), int(x * 2 ** (2.0 / 3))) for x in [32, 64, 128, 256, 512])
out["retinanet_cell_anchors"] = [c.tolist() for c in
                                 anchor_utils.AnchorGenerator(retina_sizes, ((0.5, 1.0, 2.0),) * 5).cell_anchors]
ssd = anchor_utils.DefaultBoxGenerator([[2], [2, 3], [2, 3], [2, 3], [2], [2]],
                                       scales=[0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05],
                                       steps=[8, 16, 32, 64, 100, 300])
out["ssd300_vgg16_pixels"] = sample(grid(ssd, (300, 300), [(f, f) for f in [38, 19, 10, 5, 3, 1]]), 256)
logits = torch.tensor([[2.0, 0.0, -1.0], [0.5, 1.5, 0.2], [0.0, 0.0, 3.0], [1.0, -2.0, 0.5]])
labels = torch.tensor([0, 1, -1, 2])
weights = torch.tensor([2.0, 1.0, 0.5])
out["cross_entropy"] = {
    "logits": logits.tolist(), "labels": labels.tolist(), "weights": weights.tolist(),
    "ignore_index": -1, "label_smoothing": 0.1,
    "none": F.cross_entropy(logits, labels, weight=weights, ignore_index=-1, reduction="none",
                            label_smoothing=0.1).tolist(),
    "mean": F.cross_entropy(logits, labels, weight=weights, ignore_index=-1, label_smoothing=0.1).item(),
    "sum": F.cross_entropy(logits, labels, weight=weights, ignore_index=-1, reduction="sum",
                           label_smoothing=0.1).item(),
    "mean_unweighted_smoothing_0.25": F.cross_entropy(logits, labels, ignore_index=-1,
                                                      label_smoothing=0.25).item(),
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json"), "w") as f:
    json.dump(out, f, indent=0)
print("wrote reference.json:", {k: (v["count"] if isinstance(v, dict) and "count" in v else "") for k, v in out.items()})
