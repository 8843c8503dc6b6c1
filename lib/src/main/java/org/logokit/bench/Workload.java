package org.logokit.bench;

import java.util.Locale;

/**
 * The workloads of the side-by-side benchmark ({@link SideBySide}): what each one runs, what the
 * Python reference is, and the bar the Java engines must meet (from the kit's speed issue).
 *
 * <p>Bars are "speed versus Python" = Python time / engine time (1.0 = as fast, above = faster):
 * an operation "within 1.5x of the Python reference" needs a speed of at least 1 / 1.5 = 0.67.
 */
enum Workload {
    // Warm-up steps are the same for every runner (Java engines and Python): the rows measure the
    // steady state of an op that a training loop calls thousands of times, not a JVM's first calls
    // (its JIT compiles DJL's Java side over the first tens of calls, measured per step).
    RESNET18_TRAIN("resnet18-train", "ResNet-18 train step, batch 16, 224x224, SGD",
            "torch.nn ResNet-18 (torchvision layout), torch.optim.SGD", 16, 2, 6, 1.0, 0.95),
    // 120 warm-up steps for every runner: a JVM runs DJL's Java side interpreted, its JIT compiler
    // threads sharing the two cores with the engine's, for the first 60-90 forward passes here
    // (measured per step, PyTorch engine: 30-40 ms falling to 18-20 ms); the row measures the
    // steady state, which is what a detector run over a folder of photos sees
    RESNET18_INFER_B1("resnet18-infer-b1", "ResNet-18 inference, batch 1, 224x224",
            "same network, eval + inference_mode", 1, 120, 40, 0.9, 0.9),
    RESNET18_INFER_B16("resnet18-infer-b16", "ResNet-18 inference, batch 16, 224x224",
            "same network, eval + inference_mode", 16, 2, 8, Double.NaN, Double.NaN),
    NMS_10K("nms-10k", "Nms.nms, 10k boxes, IoU 0.5",
            "same block-wise greedy NMS in torch ops", 0, 10, 11, 1 / 1.5, 1 / 3.0),
    IOU_1K("iou-1k", "IoU.pairwise IOU, 1k x 1k", "torchvision box_iou formula", 0, 20, 15, 1 / 1.5, 1 / 3.0),
    GIOU_1K("giou-1k", "IoU.pairwise GIOU, 1k x 1k", "torchvision generalized_box_iou formula", 0, 20, 15,
            Double.NaN, Double.NaN),
    ROIALIGN_FWD("roialign-fwd", "RoIAlign 7x7, sampling 2, (1,256,50,50), 512 RoIs",
            "same separable-bilinear RoIAlign in torch ops", 0, 10, 11, Double.NaN, Double.NaN),
    ROIALIGN_FWDBWD("roialign-fwdbwd", "RoIAlign forward + backward, same sizes",
            "same, backward by autograd", 0, 10, 11, 1 / 1.5, 1 / 3.0),
    FOCAL_100K("focal-100k", "SigmoidFocalLoss, 100k anchors x 32 classes, sum",
            "torchvision sigmoid_focal_loss formula", 0, 20, 15, 1 / 1.5, 1 / 3.0),
    FOCAL_100K_FWDBWD("focal-100k-fwdbwd", "SigmoidFocalLoss forward + backward, same sizes",
            "same, backward by autograd", 0, 20, 11, Double.NaN, Double.NaN),
    FASTER_RCNN_TRAIN("faster-rcnn-train", "Faster R-CNN (chapter 07 settings) train step, batch 4, 256x256",
            null, 4, 2, 3, Double.NaN, Double.NaN),
    FASTER_RCNN_INFER("faster-rcnn-infer-b1", "Faster R-CNN (chapter 07) inference + post-processing, batch 1",
            null, 1, 30, 15, Double.NaN, Double.NaN),
    YOLO_TRAIN("yolov2-train", "YOLOv2 (chapter 08 settings) train step, batch 16, 256x256", null, 16, 2, 3,
            Double.NaN, Double.NaN),
    YOLO_INFER("yolov2-infer-b1", "YOLOv2 (chapter 08) inference + post-processing, batch 1", null, 1, 30, 15,
            Double.NaN, Double.NaN),
    SSD_TRAIN("ssd-train", "SSD (chapter 09 settings) train step, batch 16, 256x256", null, 16, 2, 3,
            Double.NaN, Double.NaN),
    SSD_INFER("ssd-infer-b1", "SSD (chapter 09) inference + post-processing, batch 1", null, 1, 30, 15,
            Double.NaN, Double.NaN),
    RETINANET_TRAIN("retinanet-train", "RetinaNet (chapter 11 settings) train step, batch 4, 256x256", null, 4, 2, 3,
            Double.NaN, Double.NaN),
    RETINANET_INFER("retinanet-infer-b1", "RetinaNet (chapter 11) inference + post-processing, batch 1", null, 1, 30, 15,
            Double.NaN, Double.NaN);

    /**
     * Why the detector rows have no Python column: a Python twin of each detector would be a second
     * implementation to keep equal, and torchvision's detection models need its C++ ops, which
     * cannot be installed for the CPU torch here.
     */
    static final String NO_PYTHON_TWIN = "none (Java engines only: torchvision's detectors need its C++ ops)";

    private final String id;
    private final String title;
    private final String reference;
    private final int images;
    private final int warmup;
    private final int repeats;
    private final double pytorchBar;
    private final double mxnetBar;

    Workload(String id, String title, String reference, int images, int warmup, int repeats,
            double pytorchBar, double mxnetBar) {
        this.id = id;
        this.title = title;
        this.reference = reference;
        this.images = images;
        this.warmup = warmup;
        this.repeats = repeats;
        this.pytorchBar = pytorchBar;
        this.mxnetBar = mxnetBar;
    }

    /** The name used on command lines and by the Python runner (e.g. {@code nms-10k}). */
    String id() {
        return id;
    }

    String title() {
        return title;
    }

    /** What the Python side runs for this row, or {@link #NO_PYTHON_TWIN}. */
    String reference() {
        return reference == null ? NO_PYTHON_TWIN : reference;
    }

    /** Whether Python runs this row too (the detector rows are Java-only). */
    boolean hasPythonTwin() {
        return reference != null;
    }

    /** Images per step (throughput rows), 0 for operator rows (reported in milliseconds). */
    int images() {
        return images;
    }

    int warmup() {
        return warmup;
    }

    int repeats() {
        return repeats;
    }

    /** The lowest acceptable speed versus Python for an engine, NaN when the issue sets none. */
    double bar(String engine) {
        return engine.equalsIgnoreCase("MXNet") ? mxnetBar : pytorchBar;
    }

    static Workload byName(String name) {
        for (Workload w : values()) {
            if (w.id.equals(name.toLowerCase(Locale.ROOT))) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + name + "'; known: " + names());
    }

    static String names() {
        StringBuilder text = new StringBuilder();
        for (Workload w : values()) {
            text.append(text.length() == 0 ? "" : ", ").append(w.id);
        }
        return text.toString();
    }
}
