package org.logokit.data.synth;

import java.util.List;

/** The README.md placed inside a generated tree: what it is, how it was made, licences. */
final class DatasetReadme {
    private DatasetReadme() {}

    /**
     * Builds the README text. It holds no time or machine-specific path, so it is identical for
     * identical inputs (it is listed in the manifest).
     */
    static String text(SynthSize size, long seed, int images, int logos, String backgrounds,
            List<String> photoNames, List<String> photoHashes) {
        StringBuilder s = new StringBuilder();
        s.append("# SynthLogos-32 (").append(size.id()).append(", seed ").append(seed)
                .append(")\n\n");
        s.append("**This is synthetic data, not FlickrLogos-32.** It is an offline stand-in made by "
                + "the logokit course kit so that every notebook runs without the real data set, "
                + "which is available only on request from its authors. The folder uses exactly "
                + "FlickrLogos-32 v2's on-disk format, so the same reader works on both.\n\n");
        s.append("## Contents\n\n");
        s.append("- ").append(images).append(" images, ").append(logos)
                .append(" labelled logos, 33 classes (32 brands + `no-logo`).\n");
        s.append("- Per brand: ").append(size.trainPerBrand()).append(" train, ")
                .append(size.valPerBrand()).append(" val, ").append(size.testPerBrand())
                .append(" test images; ").append(size.noLogoPerEvalSplit())
                .append(" no-logo images in each of val and test. Longest image side ")
                .append(size.longestSide()).append(" pixels.\n");
        s.append("- `classes/jpg/<class>/<id>.jpg`; `classes/masks/<class in lower case>/` holds "
                + "`<id>.jpg.bboxes.txt` (header `x y width height`, then one `x y w h` line per "
                + "logo, integer pixels, top-left origin), one binary mask `<id>.jpg.mask.<k>.png` "
                + "per logo and `<id>.jpg.mask.merged.png`. As in the real set the image folder is "
                + "`HP` but the mask folder `hp`, and `no-logo` has no masks.\n");
        s.append("- Lists `all`, `trainset`, `valset`, `testset`, `trainvalset` (and `-logosonly` /"
                + " `-nologos` parts of those holding both kinds), each as `.txt` (`class,file`), "
                + "`.relpaths.txt` (`classes/jpg/class/file`) and `.spaces.txt` (`class file`).\n");
        s.append("- Boxes are the tight bounds of each logo's mask: the logo's transformed shape "
                + "minus any patch drawn over it, clipped to the image.\n\n");
        s.append("## How it was made\n\n");
        s.append("Generator `org.logokit.data.synth.SynthLogosGenerator` version ")
                .append(SynthLogosGenerator.VERSION).append(", size `").append(size.id())
                .append("`, seed ").append(seed).append(". Each image is drawn from a random "
                + "generator seeded by (seed, image id), so the files are byte-identical for the "
                + "same seed whatever the number of threads. Each image: a background, unlabelled "
                + "distractor shapes and made-up words, then 1-5 logos of its brand (mostly 1-2) "
                + "with random scale, rotation, shear, perspective, colour jitter, blur, opacity "
                + "and partial occlusion, then lighting, noise, blur and a random JPEG quality.\n\n");
        s.append("Backgrounds: ").append(backgrounds).append(".\n\n");
        s.append("## Sources and licences\n\n");
        s.append("- 16 brands are drawn from their real vector shapes and brand colours from "
                + "simple-icons ").append(SimpleIcons.VERSION).append(" (webjar "
                + "`org.webjars.npm:simple-icons`), whose icons are CC0. The trademarks stay "
                + "with their owners; they appear here only to teach logo detection.\n");
        s.append("- The other 16 brands (becks, chimay, corona, erdinger, esso, fosters, guiness, "
                + "heineken, milka, paulaner, pepsi, rittersport, singha, stellaartois, texaco, "
                + "tsingtao) are clearly synthetic word-marks (the name in a JRE font on a simple "
                + "emblem), not their logos. Glyph shapes come from the machine's fonts, so "
                + "another machine may give slightly different pixels.\n");
        if (photoNames.isEmpty()) {
            s.append("- No photographs were used.\n");
        } else {
            s.append("- Background photographs from scikit-image's sample data (Debian package "
                    + "`python3-skimage`): astronaut and hubble_deep_field (NASA) and rocket "
                    + "(SpaceX) are in the public domain; chelsea, coffee and retina are CC0; the "
                    + "brick, grass and gravel textures are CC0. Files used (SHA-256):\n");
            for (int i = 0; i < photoNames.size(); i++) {
                s.append("  - `").append(photoNames.get(i)).append("` ")
                        .append(photoHashes.get(i)).append('\n');
            }
        }
        s.append("\n## Regenerate\n\n");
        s.append("```\ndata-scripts/generate-synthlogos --size ").append(size.id())
                .append(" --seed ").append(seed).append("\n```\n\n");
        s.append("or from Java: `SynthLogosGenerator.builder().size(SynthSize.")
                .append(size.name()).append(").seed(").append(seed)
                .append(").output(dir).build().generate()`. Run `data-scripts/fetch-backgrounds` "
                + "first to use the photographs. `MANIFEST.sha256` lists every file's SHA-256 "
                + "(check with `sha256sum -c MANIFEST.sha256`); `synthlogos.json` records this "
                + "run (including its speed) and is the only file that differs between runs.\n");
        return s.toString();
    }
}
