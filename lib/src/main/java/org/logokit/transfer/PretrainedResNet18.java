package org.logokit.transfer;

import ai.djl.Application;
import ai.djl.engine.Engine;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.nn.Parameter;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.logokit.model.Architectures;
import org.logokit.model.ModelArtifact;
import org.logokit.model.ModelSpec;
import org.logokit.model.NamedSequentialBlock;
import org.logokit.model.ParameterCount;
import org.logokit.model.ResNet;

/**
 * Loads ImageNet weights for the real ResNet-18 from DJL's model zoo and copies them into the
 * kit's {@link ResNet#resnet18(int)} (a fresh head for your classes).
 *
 * <p>The zoo model is engine-specific: {@code ai.djl.mxnet:resnet} (Gluon's resnet18_v1) on MXNet,
 * {@code ai.djl.pytorch:resnet} (torchvision's resnet18) on PyTorch. Both are downloaded on first
 * use, so this needs the internet once; with {@code ai.djl.offline=true} or no network it fails
 * with {@link PretrainedUnavailableException}, whose message points to the offline substitute
 * ({@link SourceBrandPretraining}). Weights are copied in creation order (stem, then each block's
 * body and shortcut), checking every shape; Gluon's parameter names are sorted into that order
 * first.
 */
public final class PretrainedResNet18 {

    private static final Pattern GLUON_NAME =
            Pattern.compile(".*?(?:_stage(\\d))?_(conv|batchnorm|dense)(\\d+)_(weight|gamma|beta|running_mean|running_var|bias)");

    private PretrainedResNet18() {}

    /** Thrown when the pretrained weights cannot be had (offline, no such model for the engine). */
    public static final class PretrainedUnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        PretrainedUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Returns a ResNet-18 for {@code classes} whose stem and stages hold ImageNet weights and whose
     * head is new.
     *
     * @param name artefact name, e.g. "ft"
     * @param classes class names of your task
     * @param imageSize input side (224 is what the weights were trained at)
     * @throws PretrainedUnavailableException when the zoo model cannot be loaded; the message says
     *     why and what to do instead
     */
    public static ModelArtifact load(String name, List<String> classes, int imageSize)
            throws PretrainedUnavailableException {
        String engine = Engine.getDefaultEngineName();
        String artifactId = "MXNet".equals(engine) ? "ai.djl.mxnet:resnet" : "ai.djl.pytorch:resnet";
        Criteria.Builder<Image, Classifications> criteria = Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optApplication(Application.CV.IMAGE_CLASSIFICATION)
                .optEngine(engine)
                .optArtifactId(artifactId)
                .optFilter("layers", "18");
        if ("MXNet".equals(engine)) {
            criteria.optFilter("flavor", "v1");
        } else {
            criteria.optFilter("dataset", "imagenet");
        }
        try (ZooModel<Image, Classifications> zoo = criteria.build().loadModel()) {
            ModelArtifact target = ModelArtifact.create(
                    ModelSpec.of(name, Architectures.RESNET18, classes, imageSize));
            try {
                copyBackbone(zoo.getBlock().getParameters(), target.block(), "MXNet".equals(engine));
            } catch (RuntimeException e) {
                target.close();
                throw new PretrainedUnavailableException("The zoo's " + artifactId + " does not match the kit's "
                        + "ResNet-18: " + e.getMessage(), e);
            }
            return target;
        } catch (PretrainedUnavailableException e) {
            throw e;
        } catch (Exception e) {
            String offline = Boolean.getBoolean("ai.djl.offline") || "true".equalsIgnoreCase(System.getenv("DJL_OFFLINE"))
                    ? " DJL is in offline mode (ai.djl.offline / DJL_OFFLINE)." : "";
            throw new PretrainedUnavailableException("Cannot load ImageNet ResNet-18 weights from DJL's model zoo ("
                    + artifactId + " on " + engine + "): " + e.getMessage() + "." + offline
                    + " The zoo downloads the weights on first use, which needs the internet. Offline, "
                    + "pretrain on source brands instead: SourceBrandPretraining.", e);
        }
    }

    /**
     * Copies zoo parameters (all but the final dense layer) into the stem and stages of a kit
     * ResNet-18.
     *
     * @param gluonNames true to sort Gluon-style names into creation order first
     */
    static void copyBackbone(Iterable<Pair<String, Parameter>> zooParameters, NamedSequentialBlock target,
            boolean gluonNames) {
        List<Pair<String, Parameter>> source = new ArrayList<>();
        for (Pair<String, Parameter> p : zooParameters) {
            if (!p.getKey().contains("num_batches_tracked")) {
                source.add(p);
            }
        }
        if (gluonNames) {
            source.sort(Comparator.comparing(p -> gluonOrder(p.getKey())));
        }
        source = source.subList(0, source.size() - 2); // drop the ImageNet classifier (weight, bias)
        List<Parameter> all = new ArrayList<>();
        List<Parameter> learnable = new ArrayList<>();
        for (String block : TransferLearning.backboneBlocks(target)) {
            for (Pair<String, Parameter> p : target.child(block).getParameters()) {
                all.add(p.getValue());
                if (ParameterCount.isLearnable(p.getValue())) {
                    learnable.add(p.getValue());
                }
            }
        }
        // TorchScript models may list only learnable parameters, without BN running statistics
        List<Parameter> into = source.size() == all.size() ? all : learnable;
        if (source.size() != into.size()) {
            throw new IllegalArgumentException("the zoo backbone has " + source.size()
                    + " parameters, the kit's has " + all.size() + " (" + learnable.size() + " learnable)");
        }
        for (int i = 0; i < into.size(); i++) {
            TransferLearning.copy(source.get(i).getValue(), into.get(i), source.get(i).getKey());
        }
    }

    /** Sort key that puts Gluon's resnetv10_stageS_kindN_suffix names in creation order. */
    static String gluonOrder(String name) {
        Matcher m = GLUON_NAME.matcher(name);
        if (!m.matches()) {
            return "9" + name;
        }
        int stage = m.group(1) == null ? ("dense".equals(m.group(2)) ? 9 : 0) : Integer.parseInt(m.group(1));
        int index = Integer.parseInt(m.group(3));
        int kind = "conv".equals(m.group(2)) ? 0 : 1;
        int suffix = List.of("weight", "gamma", "beta", "running_mean", "running_var", "bias").indexOf(m.group(4));
        return String.format(java.util.Locale.ROOT, "%d-%03d-%d-%d", stage, index, kind, suffix);
    }
}
