package org.logokit.transfer;

import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;
import org.logokit.model.ModelArtifact;
import org.logokit.model.NamedSequentialBlock;
import org.logokit.model.ResNet;
import org.logokit.train.ClassifierTrainer;
import org.logokit.train.EpochRecord;
import org.logokit.train.TrainingHistory;

/**
 * The fine-tuning recipe for a pretrained backbone with a new head:
 *
 * <ol>
 *   <li>Phase 1, head only: every block but {@code head} is frozen; SGD at
 *       {@code headLearningRate}. The random head learns to read the backbone's features without
 *       its large early gradients wrecking them.
 *   <li>Phase 2, everything: all blocks unfrozen; SGD at {@code fineTuneLearningRate} for the
 *       head and {@code backboneMultiplier} times that for the backbone
 *       ({@link ScaledUpdateOptimizer}), small enough not to forget what pretraining learned.
 * </ol>
 *
 * <p>Epochs of phase 2 are numbered after those of phase 1 in the returned history. Each phase
 * checkpoints into its own sub-folder ({@code head/}, {@code all/}) when a folder is given; the
 * best phase-2 epoch is the model to keep.
 */
public final class TwoPhaseFineTuning {

    private final ModelArtifact artifact;
    private int headEpochs = 1;
    private float headLearningRate = 0.01f;
    private int fineTuneEpochs = 1;
    private float fineTuneLearningRate = 0.001f;
    private float backboneMultiplier = 0.1f;
    private float weightDecay = 0.001f;
    private Loss loss = Loss.softmaxCrossEntropyLoss();
    private Path checkpointDir;
    private PrintStream log = System.out;
    private boolean progressBar = true;
    private boolean resume = true;

    /** Prepares fine-tuning of a model whose backbone is pretrained and whose head is new. */
    public TwoPhaseFineTuning(ModelArtifact artifact) {
        this.artifact = Objects.requireNonNull(artifact);
    }

    /** Epochs and learning rate of phase 1 (head only). */
    public TwoPhaseFineTuning headPhase(int epochs, float learningRate) {
        headEpochs = requireNonNegative(epochs);
        headLearningRate = learningRate;
        return this;
    }

    /** Epochs and head learning rate of phase 2 (all blocks), and the backbone's multiplier. */
    public TwoPhaseFineTuning fineTunePhase(int epochs, float learningRate, float backboneMultiplier) {
        fineTuneEpochs = requireNonNegative(epochs);
        fineTuneLearningRate = learningRate;
        this.backboneMultiplier = backboneMultiplier;
        return this;
    }

    /** Weight decay of both phases (default 0.001). */
    public TwoPhaseFineTuning weightDecay(float value) {
        weightDecay = value;
        return this;
    }

    /** Loss of both phases (default softmax cross-entropy). */
    public TwoPhaseFineTuning loss(Loss value) {
        loss = Objects.requireNonNull(value);
        return this;
    }

    /** Folder for checkpoints (sub-folders {@code head/} and {@code all/}). */
    public TwoPhaseFineTuning checkpointDir(Path value) {
        checkpointDir = value;
        return this;
    }

    /**
     * Whether to continue from the checkpoints an earlier, interrupted run left in the checkpoint
     * folder (default true). Pass false to train afresh, e.g. after changing epochs or learning
     * rates: resuming would otherwise reuse the earlier run's weights.
     */
    public TwoPhaseFineTuning resume(boolean value) {
        resume = value;
        return this;
    }

    /** Where logs go, and whether to show progress bars. */
    public TwoPhaseFineTuning log(PrintStream out, boolean showProgress) {
        log = Objects.requireNonNull(out);
        progressBar = showProgress;
        return this;
    }

    /** Runs both phases and returns one history. */
    public TrainingHistory fit(Dataset train, Dataset validation, Dataset test) throws IOException {
        NamedSequentialBlock network = artifact.block();
        TrainingHistory all = new TrainingHistory();
        try {
            if (headEpochs > 0) {
                log.println("Phase 1: head only (" + String.join(", ", TransferLearning.backboneBlocks(network))
                        + " frozen), learning rate " + headLearningRate);
                BlockFreezer.freezeAllExcept(network, ResNet.HEAD);
                TrainingHistory head = trainer(ClassifierTrainer.sgd(headLearningRate, weightDecay),
                        headEpochs, "head").fit(train, validation, test);
                head.epochs().forEach(all::add);
            }
            if (fineTuneEpochs > 0) {
                BlockFreezer.unfreezeAll(network);
                log.println("Phase 2: all blocks, learning rate " + fineTuneLearningRate + " (backbone x"
                        + backboneMultiplier + ")");
                ScaledUpdateOptimizer optimizer = ScaledUpdateOptimizer.forBlocks(
                        ClassifierTrainer.sgd(fineTuneLearningRate, weightDecay), network, backboneMultiplier,
                        TransferLearning.backboneBlocks(network));
                TrainingHistory fine = trainer(optimizer, fineTuneEpochs, "all").fit(train, validation, test);
                int offset = all.size();
                for (EpochRecord r : fine.epochs()) {
                    all.add(new EpochRecord(r.epoch() + offset, r.trainLoss(), r.trainAccuracy(),
                            r.valAccuracy(), r.testAccuracy(), r.seconds(), r.checkpointed()));
                }
            }
        } finally {
            BlockFreezer.unfreezeAll(network);
        }
        return all;
    }

    private ClassifierTrainer trainer(ai.djl.training.optimizer.Optimizer optimizer, int epochs, String phase) {
        return ClassifierTrainer.builder(artifact.model(), artifact.spec())
                .optimizer(optimizer)
                .loss(loss)
                .epochs(epochs)
                .checkpointDir(checkpointDir == null ? null : checkpointDir.resolve(phase))
                .log(log)
                .progressBar(progressBar)
                .resume(resume)
                .build();
    }

    private static int requireNonNegative(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        }
        return epochs;
    }
}
