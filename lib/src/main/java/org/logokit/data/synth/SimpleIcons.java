package org.logokit.data.synth;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads brand icons from the simple-icons webjar on the classpath
 * ({@code org.webjars.npm:simple-icons}, icons CC0; the trademarks stay with their owners).
 *
 * <p>Each icon is a single-path 24×24 SVG in {@code icons/<slug>.svg}; the brand colour is the
 * {@code hex} field of {@code data/simple-icons.json}.
 */
public final class SimpleIcons {
    /** Version of the webjar this class reads (the lib's dependency). */
    public static final String VERSION = "16.2.0";
    private static final String BASE = "META-INF/resources/webjars/simple-icons/" + VERSION + "/";
    private static final Pattern PATH_DATA = Pattern.compile("<path[^>]*\\sd=\"([^\"]+)\"");

    /** The FlickrLogos-32 brands simple-icons covers, class name to icon slug. */
    public static final Map<String, String> FLICKRLOGOS_SLUGS = Map.ofEntries(
            Map.entry("adidas", "adidas"), Map.entry("aldi", "aldisud"),
            Map.entry("apple", "apple"), Map.entry("bmw", "bmw"),
            Map.entry("carlsberg", "carlsberggroup"), Map.entry("cocacola", "cocacola"),
            Map.entry("dhl", "dhl"), Map.entry("fedex", "fedex"), Map.entry("ferrari", "ferrari"),
            Map.entry("ford", "ford"), Map.entry("google", "google"), Map.entry("HP", "hp"),
            Map.entry("nvidia", "nvidia"), Map.entry("shell", "shell"),
            Map.entry("starbucks", "starbucks"), Map.entry("ups", "ups"));

    private static volatile Map<String, Color> colours;

    private SimpleIcons() {}

    /**
     * Loads one icon as a logo design in the brand's colour.
     *
     * @param className the FlickrLogos-32 class the design is for
     * @param slug the simple-icons slug, e.g. {@code "hp"}
     * @throws IllegalStateException when the webjar is not on the classpath or has no such icon
     */
    public static LogoDesign design(String className, String slug) {
        String svg = read(BASE + "icons/" + slug + ".svg");
        Matcher m = PATH_DATA.matcher(svg);
        if (!m.find()) {
            throw new IllegalStateException("simple-icons icon '" + slug + "' has no <path d=...>");
        }
        Color colour = colours().get(slug);
        if (colour == null) {
            throw new IllegalStateException("simple-icons has no colour for '" + slug + "'");
        }
        return new LogoDesign(className, "simple-icons " + VERSION + ": " + slug,
                List.of(new LogoDesign.Layer(SvgPathParser.parse(m.group(1)), colour)));
    }

    /** Brand colours by slug, read once from {@code data/simple-icons.json}. */
    static Map<String, Color> colours() {
        Map<String, Color> result = colours;
        if (result == null) {
            synchronized (SimpleIcons.class) {
                if (colours == null) {
                    JsonArray all = JsonParser.parseString(read(BASE + "data/simple-icons.json"))
                            .getAsJsonArray();
                    Map<String, Color> map = new HashMap<>();
                    for (JsonElement e : all) {
                        JsonObject icon = e.getAsJsonObject();
                        if (icon.has("slug") && icon.has("hex")) {
                            map.put(icon.get("slug").getAsString(),
                                    new Color(Integer.parseInt(icon.get("hex").getAsString(), 16)));
                        }
                    }
                    colours = Map.copyOf(map);
                }
                result = colours;
            }
        }
        return result;
    }

    private static String read(String resource) {
        try (InputStream in = SimpleIcons.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Cannot find " + resource + " on the classpath: "
                        + "the simple-icons webjar (org.webjars.npm:simple-icons:" + VERSION
                        + ") must be a dependency (it is one of logokit-lib's).");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
