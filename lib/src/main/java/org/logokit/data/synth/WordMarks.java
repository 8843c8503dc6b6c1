package org.logokit.data.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Clearly synthetic word-marks for the FlickrLogos-32 brands that simple-icons does not cover: the
 * brand's name in a logical JRE font on a simple emblem, one fixed design per class.
 *
 * <p>These are NOT the brands' logos, only stand-ins that are consistent within a class, so that a
 * detector has something class-specific to learn. Glyph shapes come from the JRE's logical fonts
 * ({@code SansSerif}, {@code Serif}, {@code Monospaced}), which map to the machine's installed fonts:
 * the same machine gives identical images, another machine may differ slightly.
 */
public final class WordMarks {
    /** Emblem behind the name. */
    enum Emblem { TEXT_ONLY, BANNER, OVAL, CIRCLE, SHIELD, RIBBON, DIAMOND, HEXAGON }

    /** One word-mark: text, font, emblem and colours (ring may be null). */
    record Spec(String text, String family, int style, Emblem emblem, int fill, int ink,
            Integer ring) {}

    /** The fixed design of each brand without a simple-icons icon. */
    static final Map<String, Spec> SPECS = Map.ofEntries(
            Map.entry("becks", new Spec("BECK'S", Font.SANS_SERIF, Font.BOLD, Emblem.BANNER,
                    0x0B6E3A, 0xFFFFFF, 0xC0C0C0)),
            Map.entry("chimay", new Spec("Chimay", Font.SERIF, Font.BOLD | Font.ITALIC,
                    Emblem.SHIELD, 0x7A1E2B, 0xE8C15A, null)),
            Map.entry("corona", new Spec("CORONA", Font.SERIF, Font.BOLD, Emblem.OVAL, 0xF4D35E,
                    0x1B2F6B, 0x1B2F6B)),
            Map.entry("erdinger", new Spec("ERDINGER", Font.SERIF, Font.BOLD, Emblem.RIBBON,
                    0xFFFFFF, 0x004B93, 0xC9A227)),
            Map.entry("esso", new Spec("Esso", Font.SANS_SERIF, Font.BOLD | Font.ITALIC,
                    Emblem.OVAL, 0xFFFFFF, 0xE2231A, 0x1A3B8B)),
            Map.entry("fosters", new Spec("FOSTER'S", Font.SANS_SERIF, Font.BOLD | Font.ITALIC,
                    Emblem.TEXT_ONLY, 0, 0x0033A0, null)),
            Map.entry("guiness", new Spec("GUINESS", Font.SERIF, Font.BOLD, Emblem.BANNER,
                    0x111111, 0xEFE6C8, null)),
            Map.entry("heineken", new Spec("Heineken", Font.SANS_SERIF, Font.BOLD, Emblem.OVAL,
                    0x00843D, 0xFFFFFF, 0xE4002B)),
            Map.entry("milka", new Spec("milka", Font.SERIF, Font.BOLD | Font.ITALIC,
                    Emblem.TEXT_ONLY, 0, 0x7D69AC, null)),
            Map.entry("paulaner", new Spec("PAULANER", Font.SERIF, Font.BOLD, Emblem.CIRCLE,
                    0x1C2A5A, 0xFFFFFF, 0xC9A227)),
            Map.entry("pepsi", new Spec("pepsi", Font.SANS_SERIF, Font.BOLD, Emblem.CIRCLE,
                    0x004B93, 0xFFFFFF, 0xC9002B)),
            Map.entry("rittersport", new Spec("RITTER SPORT", Font.SANS_SERIF, Font.BOLD,
                    Emblem.BANNER, 0x0055A5, 0xFFFFFF, 0xD52B1E)),
            Map.entry("singha", new Spec("SINGHA", Font.SERIF, Font.BOLD, Emblem.SHIELD, 0xC8A041,
                    0xB0151B, null)),
            Map.entry("stellaartois", new Spec("STELLA ARTOIS", Font.SERIF,
                    Font.BOLD | Font.ITALIC, Emblem.RIBBON, 0xC8102E, 0xFFFFFF, 0xD4AF37)),
            Map.entry("texaco", new Spec("TEXACO", Font.SANS_SERIF, Font.BOLD, Emblem.HEXAGON,
                    0xFFFFFF, 0xE2231A, 0x111111)),
            Map.entry("tsingtao", new Spec("TSINGTAO", Font.MONOSPACED, Font.BOLD, Emblem.DIAMOND,
                    0x006341, 0xFFFFFF, null)));

    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    private WordMarks() {}

    /**
     * Builds the word-mark of a class.
     *
     * @throws IllegalArgumentException when the class has no word-mark (it has an icon instead)
     */
    public static LogoDesign design(String className) {
        Spec spec = SPECS.get(className);
        if (spec == null) {
            throw new IllegalArgumentException("No synthetic word-mark for class '" + className
                    + "'; word-marks exist for " + SPECS.keySet());
        }
        return build(className, spec);
    }

    static LogoDesign build(String className, Spec spec) {
        Shape text = textOutline(spec.text(), new Font(spec.family(), spec.style(), 100));
        Rectangle2D t = text.getBounds2D();
        double w = t.getWidth();
        double h = t.getHeight();
        List<LogoDesign.Layer> layers = new ArrayList<>();
        if (spec.emblem() == Emblem.TEXT_ONLY) {
            layers.add(new LogoDesign.Layer(text, new Color(spec.ink())));
            return new LogoDesign(className, "synthetic word-mark", layers);
        }
        Shape emblem = emblem(spec.emblem(), w, h);
        Rectangle2D e = emblem.getBounds2D();
        // Centre the text in the emblem (shields carry it a little higher).
        double targetY = spec.emblem() == Emblem.SHIELD ? e.getY() + e.getHeight() * 0.4
                : e.getCenterY();
        Shape placed = AffineTransform.getTranslateInstance(e.getCenterX() - t.getCenterX(),
                targetY - t.getCenterY()).createTransformedShape(text);
        layers.add(new LogoDesign.Layer(emblem, new Color(spec.fill())));
        if (spec.ring() != null) {
            Shape ring = new BasicStroke((float) (h * 0.12)).createStrokedShape(emblem);
            layers.add(new LogoDesign.Layer(ring, new Color(spec.ring())));
        }
        layers.add(new LogoDesign.Layer(placed, new Color(spec.ink())));
        return new LogoDesign(className, "synthetic word-mark", layers);
    }

    /** Outline of a string as one shape, baseline at y = 0. */
    static Shape textOutline(String text, Font font) {
        return font.createGlyphVector(FRC, text).getOutline();
    }

    /** The emblem around a text block of size w × h, with its top-left corner at (0, 0). */
    static Shape emblem(Emblem kind, double w, double h) {
        switch (kind) {
            case BANNER: {
                double ew = w + 0.9 * h;
                double eh = 2.0 * h;
                return new RoundRectangle2D.Double(0, 0, ew, eh, eh * 0.5, eh * 0.5);
            }
            case OVAL:
                return new Ellipse2D.Double(0, 0, w * 1.45, Math.max(h * 2.6, w * 0.55));
            case CIRCLE: {
                double dia = Math.max(w * 1.2, h * 2.5);
                return new Ellipse2D.Double(0, 0, dia, dia);
            }
            case SHIELD: {
                double ew = w * 1.3;
                double eh = Math.max(ew * 0.95, h * 3);
                Path2D.Double p = new Path2D.Double();
                p.moveTo(0, 0);
                p.lineTo(ew, 0);
                p.lineTo(ew, eh * 0.55);
                p.quadTo(ew, eh * 0.85, ew / 2, eh);
                p.quadTo(0, eh * 0.85, 0, eh * 0.55);
                p.closePath();
                return p;
            }
            case RIBBON: {
                double slant = h * 0.8;
                double ew = w + 0.8 * h + 2 * slant;
                double eh = 1.9 * h;
                Path2D.Double p = new Path2D.Double();
                p.moveTo(slant, 0);
                p.lineTo(ew, 0);
                p.lineTo(ew - slant, eh);
                p.lineTo(0, eh);
                p.closePath();
                return p;
            }
            case DIAMOND: {
                double ew = w * 1.8;
                double eh = Math.max(h * 3.2, ew * 0.45);
                Path2D.Double p = new Path2D.Double();
                p.moveTo(ew / 2, 0);
                p.lineTo(ew, eh / 2);
                p.lineTo(ew / 2, eh);
                p.lineTo(0, eh / 2);
                p.closePath();
                return p;
            }
            case HEXAGON: {
                double eh = h * 2.4;
                double ew = w + eh;
                double q = eh / 2;
                Path2D.Double p = new Path2D.Double();
                p.moveTo(q, 0);
                p.lineTo(ew - q, 0);
                p.lineTo(ew, eh / 2);
                p.lineTo(ew - q, eh);
                p.lineTo(q, eh);
                p.lineTo(0, eh / 2);
                p.closePath();
                return p;
            }
            default:
                throw new IllegalArgumentException("no emblem shape for " + kind);
        }
    }
}
