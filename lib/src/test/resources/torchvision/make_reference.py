"""Writes reference.json: anchors, SSD300 default boxes, label-smoothed cross-entropy, the four
IoU measures, the Faster R-CNN box coder, the IoU matcher and sigmoid focal loss, computed by
torchvision / PyTorch themselves, for TorchvisionReferenceTest and TorchvisionBoxOpsReferenceTest.

Run with any torch + torchvision (here torch 2.13.0+cpu with torchvision 0.28.0):
    python make_reference.py
Only pure-Python modules are imported (anchor_utils, ops.boxes, ops.focal_loss, detection._utils),
without torchvision/__init__.py and with the two helpers they need from it stubbed, so a
torchvision wheel whose C++ operators do not load on this torch still works. Large outputs are sampled at
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
for name, path in [("torchvision.ops", base + "/ops")]:
    module = types.ModuleType(name)
    module.__path__ = [path]
    sys.modules[name] = module
# the only helpers the pure-Python modules take from outside them: an API-usage logger and an
# assertion that the C++ operators are loaded (none of the functions used here calls them)
utils = types.ModuleType("torchvision.utils")
utils._log_api_usage_once = lambda obj: None
sys.modules["torchvision.utils"] = utils
extension = types.ModuleType("torchvision.extension")
extension._assert_has_ops = lambda: None
sys.modules["torchvision.extension"] = extension
box_ops = importlib.import_module("torchvision.ops.boxes")
focal_loss = importlib.import_module("torchvision.ops.focal_loss")
ops = sys.modules["torchvision.ops"]
for loss_module, loss_name in [("giou_loss", "generalized_box_iou_loss"), ("diou_loss", "distance_box_iou_loss"),
                               ("ciou_loss", "complete_box_iou_loss")]:
    setattr(ops, loss_name, getattr(importlib.import_module("torchvision.ops." + loss_module), loss_name))
ops.FrozenBatchNorm2d = type("FrozenBatchNorm2d", (), {})  # imported by detection._utils, unused here
det_utils = importlib.import_module("torchvision.models.detection._utils")
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
# IoU measures: overlapping, nested, identical, touching and disjoint pairs of positive-size boxes
# (zero-area boxes are where the kit decides differently: torchvision gives NaN, see IoU's Javadoc)
generator = torch.Generator().manual_seed(4)
corners = torch.rand(7, 2, generator=generator) * 40
sizes = torch.rand(7, 2, generator=generator) * 40 + 2
boxes_a = torch.cat([corners, corners + sizes], 1)
boxes_a = torch.cat([boxes_a, torch.tensor([[10.0, 10.0, 20.0, 20.0], [0.0, 0.0, 2.0, 2.0]])])
corners = torch.rand(6, 2, generator=generator) * 40
sizes = torch.rand(6, 2, generator=generator) * 40 + 2
boxes_b = torch.cat([corners, corners + sizes], 1)
boxes_b = torch.cat([boxes_b, torch.tensor([[10.0, 10.0, 20.0, 20.0], [20.0, 10.0, 30.0, 25.0],
                                            [0.0, 1.0, 2.0, 3.0], [50.0, 50.0, 51.0, 60.0]])])
out["box_iou"] = {
    "a": boxes_a.tolist(), "b": boxes_b.tolist(),
    "iou": box_ops.box_iou(boxes_a, boxes_b).tolist(),
    "giou": box_ops.generalized_box_iou(boxes_a, boxes_b).tolist(),
    "diou": box_ops.distance_box_iou(boxes_a, boxes_b).tolist(),
    "ciou": box_ops.complete_box_iou(boxes_a, boxes_b).tolist(),
}

# Faster R-CNN box coder: encode(matched gt, proposals) and decode(deltas, proposals), both weight
# sets; the last deltas are large enough to hit the log(1000 / 16) clamp
proposals = boxes_b[:8]
matched_gt = boxes_a[:8]
coder = {}
for name, weights in [("rpn", (1.0, 1.0, 1.0, 1.0)), ("rcnnHead", (10.0, 10.0, 5.0, 5.0))]:
    box_coder = det_utils.BoxCoder(weights)
    deltas = torch.cat([torch.randn(6, 4, generator=generator),
                        torch.tensor([[0.5, -0.5, 30.0, 25.0], [0.0, 0.0, -3.0, 40.0]])])
    coder[name] = {
        "weights": list(weights),
        "encoded": box_coder.encode_single(matched_gt, proposals).tolist(),
        "deltas": deltas.tolist(),
        "decoded": box_coder.decode_single(deltas, proposals).tolist(),
    }
out["box_coder"] = {"matched_gt": matched_gt.tolist(), "proposals": proposals.tolist(), **coder}

# torchvision's Matcher on an IoU matrix of random ground truth against a grid of anchors: the RPN's
# (0.7, 0.3, low-quality matches), RetinaNet's (0.5, 0.4, low-quality matches) and the R-CNN head's
# (0.5, 0.5, none); every gt box overlaps some anchor (where none does, the kit claims nothing)
gt = torch.tensor([[12.0, 8.0, 50.0, 40.0], [30.0, 35.0, 62.0, 60.0], [3.0, 50.0, 14.0, 63.0],
                   [40.5, 2.5, 47.0, 21.0], [20.0, 20.0, 44.0, 44.0]])
anchors = anchor_utils.AnchorGenerator(((16, 32),), ((0.5, 1.0, 2.0),))
anchor_boxes = grid(anchors, (64, 64), [(4, 4)])
quality = box_ops.box_iou(gt, anchor_boxes)
matches = {}
for name, (high, low, low_quality) in [("rpn", (0.7, 0.3, True)), ("retinaNet", (0.5, 0.4, True)),
                                       ("rcnnHead", (0.5, 0.5, False))]:
    matches[name] = {"high": high, "low": low, "lowQuality": low_quality,
                     "matches": det_utils.Matcher(high, low, allow_low_quality_matches=low_quality)(quality).tolist()}
out["matcher"] = {"gt": gt.tolist(), "anchors": anchor_boxes.tolist(), **matches}

# sigmoid focal loss (RetinaNet's alpha 0.25, gamma 2; also without alpha and with gamma 0 and 1.5)
logits = torch.randn(6, 5, generator=generator) * 3
targets = (torch.rand(6, 5, generator=generator) < 0.3).float()
focal = {"logits": logits.tolist(), "targets": targets.tolist()}
for alpha, gamma in [(0.25, 2.0), (-1.0, 2.0), (0.25, 0.0), (0.75, 1.5)]:
    key = "alpha_%s_gamma_%s" % (alpha, gamma)
    focal[key] = {
        "alpha": alpha, "gamma": gamma,
        "none": focal_loss.sigmoid_focal_loss(logits, targets, alpha, gamma, "none").tolist(),
        "mean": focal_loss.sigmoid_focal_loss(logits, targets, alpha, gamma, "mean").item(),
        "sum": focal_loss.sigmoid_focal_loss(logits, targets, alpha, gamma, "sum").item(),
    }
out["sigmoid_focal_loss"] = focal
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json"), "w") as f:
    json.dump(out, f, indent=0)
print("wrote reference.json:", {k: (v["count"] if isinstance(v, dict) and "count" in v else "") for k, v in out.items()})
