package org.logokit.detect;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.util.List;
import java.util.Objects;
import org.logokit.data.ImageTensors;

/**
 * What a detector is, enough to rebuild it before its weights are loaded: the kind of model
 * ({@code "faster-rcnn"}, {@code "ssd"}, ...), its classes, the input it expects and its own
 * settings (anchor sizes, backbone width, thresholds...) as JSON. Saved as {@code detector.json}
 * beside the parameters ({@link DetectorArtifact}).
 *
 * @param kind the model family, a key of {@code org.logokit.detect.catalog.Detectors}
 * @param name a short name for files and logs (letters, digits, '-')
 * @param classes brand names by class id (id 0 is the first brand; there is no background entry)
 * @param imageSize side of the square input image in pixels
 * @param mean per-channel mean used to normalise 0..1 pixels (length 3)
 * @param std per-channel standard deviation (length 3)
 * @param settings the detector's own configuration (its {@code Config} record as JSON)
 */
public record DetectorSpec(String kind, String name, List<String> classes, int imageSize,
        float[] mean, float[] std, JsonObject settings) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting()
            .serializeSpecialFloatingPointValues().create();

    /** Checks the fields. */
    public DetectorSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("A detector name is letters, digits, '-' and '_'"
                    + " (it names files); got '" + name + "'");
        }
        if (classes == null || classes.isEmpty()) {
            throw new IllegalArgumentException("A detector needs at least one class");
        }
        classes = List.copyOf(classes);
        if (imageSize < 16) {
            throw new IllegalArgumentException("imageSize must be at least 16 pixels, got " + imageSize);
        }
        mean = mean == null ? ImageTensors.IMAGENET_MEAN.clone() : mean.clone();
        std = std == null ? ImageTensors.IMAGENET_STD.clone() : std.clone();
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need one value per RGB channel");
        }
        // through text and back: a float such as 1/3f is a Float in a freshly built tree but a
        // decimal string once read from detector.json, and JsonPrimitive.equals would call the two
        // different (0.3333333432674408 vs 0.33333334), so a saved detector never matched its spec
        settings = settings == null ? new JsonObject()
                : com.google.gson.JsonParser.parseString(GSON.toJson(settings)).getAsJsonObject();
    }

    /**
     * A spec with ImageNet normalisation and the detector's configuration record as settings.
     *
     * @param config a record or plain object, stored with Gson
     */
    public static DetectorSpec of(String kind, String name, List<String> classes, int imageSize,
            Object config) {
        return new DetectorSpec(kind, name, classes, imageSize, null, null, toSettings(config));
    }

    /** Number of classes (brands), without background. */
    public int numClasses() {
        return classes.size();
    }

    /** The settings read back into the detector's configuration type. */
    public <T> T settings(Class<T> type) {
        try {
            T value = GSON.fromJson(settings, type);
            if (value == null) {
                throw new IllegalArgumentException("no settings");
            }
            return value;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("The settings of detector '" + name + "' do not fit "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** A copy with another name. */
    public DetectorSpec withName(String newName) {
        return new DetectorSpec(kind, newName, classes, imageSize, mean, std, settings);
    }

    /** A copy with other classes (e.g. a new brand added). */
    public DetectorSpec withClasses(List<String> newClasses) {
        return new DetectorSpec(kind, name, newClasses, imageSize, mean, std, settings);
    }

    /** A copy with other settings. */
    public DetectorSpec withSettings(Object config) {
        return new DetectorSpec(kind, name, classes, imageSize, mean, std, toSettings(config));
    }

    /** Pretty-printed JSON of the whole spec. */
    public String toJson() {
        return GSON.toJson(this);
    }

    /**
     * Parses {@link #toJson()} output.
     *
     * @throws IllegalArgumentException when the text is not a detector spec
     */
    public static DetectorSpec fromJson(String json) {
        try {
            DetectorSpec parsed = GSON.fromJson(json, DetectorSpec.class);
            if (parsed == null) {
                throw new IllegalArgumentException("empty detector spec");
            }
            return new DetectorSpec(parsed.kind, parsed.name, parsed.classes, parsed.imageSize,
                    parsed.mean, parsed.std, parsed.settings);
        } catch (JsonParseException | NullPointerException e) {
            throw new IllegalArgumentException("not a detector spec: " + e.getMessage(), e);
        }
    }

    private static JsonObject toSettings(Object config) {
        if (config == null) {
            return new JsonObject();
        }
        JsonElement tree = GSON.toJsonTree(config);
        if (!tree.isJsonObject()) {
            throw new IllegalArgumentException("Detector settings must be an object, got " + tree);
        }
        return tree.getAsJsonObject();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DetectorSpec s && kind.equals(s.kind) && name.equals(s.name)
                && classes.equals(s.classes) && imageSize == s.imageSize
                && java.util.Arrays.equals(mean, s.mean) && java.util.Arrays.equals(std, s.std)
                && settings.equals(s.settings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name, classes, imageSize, settings);
    }
}
