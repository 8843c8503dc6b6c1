package org.logokit.data.synth;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The README.md placed inside a generated tree: what it is, how it was made, the licence of every
 * background photograph, and the background of every image.
 */
final class DatasetReadme {
    private DatasetReadme() {}

    /**
     * Builds the README text. It holds no time or machine-specific path, so it is identical for
     * identical inputs (it is listed in the manifest).
     *
     * @param plan the images, in plan order
     * @param sources the background of each image, in plan order
     */
    static String text(SynthSize size, long seed, List<ImagePlan.Entry> plan, int logos,
            int smallLogos, String backgrounds, PhotoBackgrounds photos,
            List<BackgroundPlan.Choice> choices, String[] sources) {
        StringBuilder s = new StringBuilder();
        s.append("# SynthLogos-32 (").append(size.id()).append(", seed ").append(seed)
                .append(")\n\n");
        s.append("**This is synthetic data, not FlickrLogos-32.** It is an offline stand-in made by "
                + "the logokit course kit so that every notebook runs without the real data set, "
                + "which is available only on request from its authors. The folder uses exactly "
                + "FlickrLogos-32 v2's on-disk format, so the same reader works on both.\n\n");
        s.append("## Contents\n\n");
        s.append("- ").append(plan.size()).append(" images, ").append(logos)
                .append(" labelled logos, 33 classes (32 brands + `no-logo`).\n");
        s.append("- Small logos: ").append(smallLogos).append(" of the ").append(logos)
                .append(" boxes (").append(percent(smallLogos, logos)).append(") are under 32 × 32"
                + " pixels once the picture is scaled to a longest side of ")
                .append(GenerationRun.SMALL_REFERENCE_SIDE).append(" pixels (the detectors' input;"
                + " COCO's \"small\"). `data-scripts/dataset-stats` prints the whole box-size "
                + "histogram.\n");
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
                + "minus whatever is drawn in front of it, clipped to the image.\n\n");
        s.append("## How it was made\n\n");
        s.append("Generator `org.logokit.data.synth.SynthLogosGenerator` version ")
                .append(SynthLogosGenerator.VERSION).append(", size `").append(size.id())
                .append("`, seed ").append(seed).append(". Each image is drawn from a random "
                + "generator seeded by (seed, image id), and its picture size and background crop "
                + "are planned from the seed alone, so the files are byte-identical for the same "
                + "seed and background photographs whatever the number of threads.\n\n");
        s.append("Each image: a background (see below), unlabelled distractor shapes and made-up "
                + "words, then 1-5 logos of its brand (mostly 1-2). About ")
                .append(Math.round(SceneComposer.SMALL_SHARE * 100)).append(" % of the logos are "
                + "drawn small. Each logo has its own size, rotation, colour jitter, blur and "
                + "opacity, and sits on a surface: facing the camera, on a plane tilted 25-65 "
                + "degrees away (perspective), or wrapped round a cylinder like a label on a bottle"
                + " (foreshortened and shaded, sometimes with a highlight). Some logos are partly "
                + "hidden (at most 45 % of them) by a patch, a bar or a blob, painted or cut from "
                + "another photo. Then, over the whole picture: lighting and contrast, motion blur "
                + "or defocus, sensor noise, sometimes lost resolution and an earlier low-quality "
                + "JPEG save, and a random final JPEG quality (0.35-0.95).\n\n");
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
        if (photos.size() == 0) {
            s.append("- No photographs were used.\n");
        } else {
            int[] uses = new int[photos.size()];
            Set<List<Integer>> distinct = new HashSet<>();
            for (BackgroundPlan.Choice c : choices) {
                if (c.isPhoto()) {
                    uses[c.photo()]++;
                    distinct.add(BackgroundPlan.key(c));
                }
            }
            int photoImages = (int) choices.stream().filter(BackgroundPlan.Choice::isPhoto).count();
            s.append("- Background photographs: ").append(photos.size()).append(", from Debian "
                    + "packages (fetched by `data-scripts/fetch-backgrounds`; each photo's licence "
                    + "is also next to it in the backgrounds folder). ").append(photoImages)
                    .append(" images use ").append(distinct.size()).append(" distinct crops")
                    .append(distinct.size() == photoImages ? " (no two images share a crop)"
                            : " (a photo too small for more distinct crops was reused)")
                    .append(".\n\n");
            s.append("| photo | shows | author | licence | source | images | SHA-256 |\n");
            s.append("|---|---|---|---|---|---|---|\n");
            for (int i = 0; i < photos.size(); i++) {
                PhotoBackgrounds.Loaded p = photos.photos().get(i);
                BackgroundPhotos.Photo ph = p.photo();
                s.append("| `").append(ph.file()).append("` | ").append(cell(ph.title()))
                        .append(" | ").append(cell(ph.author())).append(" | ")
                        .append(cell(ph.licence())).append(" | ")
                        .append(ph.debianPackage().isEmpty() ? "added by hand"
                                : "Debian `" + ph.debianPackage() + "`")
                        .append(" | ").append(uses[i]).append(" | ").append(p.sha256())
                        .append(" |\n");
            }
        }
        s.append("\n## Regenerate\n\n");
        s.append("```\ndata-scripts/fetch-backgrounds\ndata-scripts/generate-synthlogos --size ")
                .append(size.id()).append(" --seed ").append(seed).append(" --overwrite\n```\n\n");
        s.append("or from Java: `SynthLogosGenerator.builder().size(SynthSize.")
                .append(size.name()).append(").seed(").append(seed)
                .append(").output(dir).build().generate()`. Without the photographs the generator "
                + "uses procedural backgrounds and says so. `MANIFEST.sha256` lists every file's "
                + "SHA-256 (check with `sha256sum -c MANIFEST.sha256`); `synthlogos.json` records "
                + "this run (including its speed) and is the only file that differs between "
                + "runs.\n\n");
        s.append("## Background of every image\n\n");
        s.append("One line per image, in generation order: the image, then its background (a photo"
                + " with the crop `x,y,widthxheight` in the photo's pixels at ")
                .append(GenerationRun.photoSide(size)).append(" pixels on its longest side, and "
                + "whether it was mirrored; or the kind of procedural background).\n\n```\n");
        for (int i = 0; i < plan.size(); i++) {
            ImagePlan.Entry e = plan.get(i);
            s.append(e.className()).append('/').append(e.fileName()).append(' ')
                    .append(sources[i]).append('\n');
        }
        s.append("```\n");
        return s.toString();
    }

    private static String percent(int part, int whole) {
        return whole == 0 ? "0 %" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
