"""Writes reference.json: a random detection scene and what pycocotools' COCOeval (bbox) makes of
it, for PycocotoolsReferenceTest.

Run with pycocotools installed (here pycocotools 2.0.11):  python make_reference.py
The scene has category ids with gaps (3, 7, 42, 90; 90 has no ground truth), objects of every COCO
area range, near-duplicates, wrong labels, false alarms and tied scores across images.
"""
import contextlib
import io
import json
import os

import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

rng = np.random.default_rng(2024)
categories = [3, 7, 42, 90]
with_truth = [3, 7, 42]
images, annotations, detections = [], [], []
for image_id in range(1, 61):
    images.append({"id": image_id, "width": 640, "height": 480})
    objects = []
    for _ in range(rng.integers(0, 5)):
        side = float(rng.choice([rng.uniform(6, 30), rng.uniform(35, 90), rng.uniform(100, 220)]))
        w = round(side * float(rng.uniform(0.5, 2.0)), 1)
        h = round(side, 1)
        x = round(float(rng.uniform(0, 640 - w)), 1)
        y = round(float(rng.uniform(0, 480 - h)), 1)
        c = int(rng.choice(with_truth))
        objects.append((x, y, w, h, c))
        annotations.append({"id": len(annotations) + 1, "image_id": image_id, "category_id": c,
                            "bbox": [x, y, w, h], "area": w * h, "iscrowd": 0})
    for (x, y, w, h, c) in objects:
        for _ in range(rng.integers(0, 4)):
            jx, jy = rng.normal(0, 0.12 * w), rng.normal(0, 0.12 * h)
            sw, sh = float(np.exp(rng.normal(0, 0.15))), float(np.exp(rng.normal(0, 0.15)))
            label = c if rng.uniform() > 0.15 else int(rng.choice(categories))
            detections.append({"image_id": image_id, "category_id": label,
                               "bbox": [round(x + jx, 2), round(y + jy, 2), round(w * sw, 2), round(h * sh, 2)],
                               "score": round(float(rng.uniform(0.2, 1.0)), 2)})
    for _ in range(rng.integers(0, 4)):
        w, h = float(rng.uniform(5, 150)), float(rng.uniform(5, 150))
        detections.append({"image_id": image_id, "category_id": int(rng.choice(categories)),
                           "bbox": [round(float(rng.uniform(0, 640 - w)), 2), round(float(rng.uniform(0, 480 - h)), 2),
                                    round(w, 2), round(h, 2)],
                           "score": round(float(rng.uniform(0.0, 0.7)), 2)})
# one image with more than 100 detections of one class, so that maxDets = 100 cuts
for k in range(120):
    detections.append({"image_id": 60, "category_id": 3, "bbox": [float(k * 5 % 600), 10.0, 20.0, 20.0],
                       "score": round(0.01 + k / 200, 3)})

ground_truth = {"images": images, "annotations": annotations,
                "categories": [{"id": c, "name": str(c)} for c in categories]}
with contextlib.redirect_stdout(io.StringIO()):
    coco = COCO()
    coco.dataset = ground_truth
    coco.createIndex()
    results = coco.loadRes(detections)
    evaluation = COCOeval(coco, results, "bbox")
    evaluation.evaluate()
    evaluation.accumulate()
    evaluation.summarize()
precision = evaluation.eval["precision"]  # [T, R, K, A, M]
recall = evaluation.eval["recall"]  # [T, K, A, M]
per_class = {}
for k, c in enumerate(evaluation.params.catIds):
    p = precision[:, :, k, 0, 2]
    per_class[str(c)] = {
        "ap": float(np.mean(p[p > -1])) if np.any(p > -1) else -1.0,
        "ap50": float(np.mean(precision[0, :, k, 0, 2])) if precision[0, 0, k, 0, 2] > -1 else -1.0,
        "recall100": [float(v) for v in recall[:, k, 0, 2]],
    }
out = {"pycocotools": __import__("importlib.metadata").metadata.version("pycocotools"),
       "ground_truth": ground_truth, "detections": detections,
       "stats": [float(v) for v in evaluation.stats], "per_class": per_class}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json"), "w") as f:
    json.dump(out, f)
print("stats", [round(v, 4) for v in evaluation.stats], "images", len(images), "objects", len(annotations),
      "detections", len(detections))
