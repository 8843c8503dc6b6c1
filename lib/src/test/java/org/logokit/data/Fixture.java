package org.logokit.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The hand-made FlickrLogos-v2 fixture under {@code src/test/resources/flickrlogos-fixture}:
 * 64×48 JPEGs with the logos painted pure red exactly at their boxes. Train: adidas 101 102, HP 201
 * 202 (4); val: adidas 103, HP 203 + no-logo 901-906 (8); test: adidas 104, HP 204 + no-logo
 * 907-910 (6). HP images live in classes/jpg/HP, its boxes in classes/masks/hp; trainset.txt and
 * hp/201's box file have CRLF line ends; all.txt has a header line; 103's box runs off the image.
 */
public final class Fixture {
    private Fixture() {}

    /** Copies the fixture into {@code dir} and returns the copy's FlickrLogos-v2 root. */
    public static Path copy(Path dir) {
        try {
            Path source = Path.of(Fixture.class.getResource("/flickrlogos-fixture/FlickrLogos-v2").toURI());
            Path target = dir.resolve("FlickrLogos-v2");
            try (Stream<Path> files = Files.walk(source)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Path to = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
