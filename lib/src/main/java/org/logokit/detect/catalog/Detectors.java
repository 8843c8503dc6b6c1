package org.logokit.detect.catalog;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.logokit.detect.Detector;
import org.logokit.detect.DetectorArtifact;
import org.logokit.detect.DetectorSpec;
import org.logokit.detect.retina.RetinaNet;

/**
 * Every detector kind the kit can rebuild from a {@link DetectorSpec}, and loading saved ones.
 *
 * <pre>{@code
 * try (Model model = Detectors.load(Path.of("data/models/faster-rcnn"))) {
 *     Detector detector = DetectorArtifact.detectorOf(model);
 *     ...
 * }
 * }</pre>
 */
public final class Detectors {
    private static final Map<String, Function<DetectorSpec, Detector>> KINDS = new LinkedHashMap<>();

    static {
        // each detector family registers its kind here
        register(org.logokit.detect.rcnn.FasterRcnn.KIND, org.logokit.detect.rcnn.FasterRcnn::fromSpec);
        register(org.logokit.detect.rcnn.RpnDetector.KIND, org.logokit.detect.rcnn.RpnDetector::fromSpec);
        register(org.logokit.detect.yolo.YoloV1.KIND, org.logokit.detect.yolo.YoloV1::new);
        register(org.logokit.detect.yolo.YoloV2.KIND, org.logokit.detect.yolo.YoloV2::new);
        register(org.logokit.detect.ssd.Ssd.KIND, org.logokit.detect.ssd.Ssd::new);
        register(org.logokit.detect.fpn.FpnFasterRcnn.KIND, org.logokit.detect.fpn.FpnFasterRcnn::fromSpec);
        register(RetinaNet.KIND, RetinaNet::new);
    }

    private Detectors() {}

    /**
     * Adds a kind (the built-in ones are registered already; tests and extensions add their own).
     *
     * @param kind the {@link DetectorSpec#kind()} it builds
     * @param factory builds an uninitialised detector from a spec
     */
    public static synchronized void register(String kind, Function<DetectorSpec, Detector> factory) {
        KINDS.put(kind, factory);
    }

    /** The known kinds. */
    public static synchronized List<String> kinds() {
        return List.copyOf(KINDS.keySet());
    }

    /**
     * Builds an uninitialised detector for a spec.
     *
     * @throws IllegalArgumentException for an unknown kind; the message lists the known ones
     */
    public static synchronized Detector create(DetectorSpec spec) {
        Function<DetectorSpec, Detector> factory = KINDS.get(spec.kind());
        if (factory == null) {
            throw new IllegalArgumentException("Unknown detector kind '" + spec.kind() + "'; known: " + kinds());
        }
        return factory.apply(spec);
    }

    /**
     * A new model holding a freshly initialised detector for the spec.
     *
     * @return the model (the caller closes it)
     */
    public static Model newModel(DetectorSpec spec) {
        Detector detector = create(spec);
        Model model = Model.newInstance(spec.name());
        model.setBlock(detector);
        detector.initialize(model.getNDManager(), DataType.FLOAT32, detector.inputShape());
        return model;
    }

    /**
     * Loads a saved detector: rebuilds it from {@code detector.json}, then reads its parameters.
     *
     * @return the model (the caller closes it); its block is the {@link Detector}
     * @throws IOException when the folder is not a saved detector or does not fit its spec
     */
    public static Model load(Path dir) throws IOException {
        DetectorSpec spec = DetectorArtifact.readSpec(dir);
        Model model;
        try {
            model = newModel(spec);
        } catch (IllegalArgumentException e) {
            throw new IOException("Cannot rebuild the detector in " + dir + ": " + e.getMessage(), e);
        }
        try {
            DetectorArtifact.loadParameters(model, dir);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }
}
