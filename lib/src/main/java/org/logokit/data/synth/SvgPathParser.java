package org.logokit.data.synth;

import java.awt.geom.Path2D;
import java.awt.geom.Point2D;

/**
 * Turns the {@code d} attribute of an SVG {@code <path>} into a {@link Path2D}.
 *
 * <p>Supports the commands M L H V C S Q T A Z in absolute (upper case) and relative (lower case)
 * form, implicitly repeated commands ({@code M0 0 10 0} is a move then a line), numbers written
 * without separators ({@code -.5.5}, {@code 1e-3}) and arc flags packed against the next number
 * ({@code a2.864 2.864 0 00.766-1.063}: flags 0 and 0, then x = .766, y = -1.063). Arcs are
 * converted to cubic Bézier curves (at most a quarter turn each). Coordinates stay in SVG user
 * units: x to the right, y DOWN, as in Java2D. The fill rule is SVG's default, non-zero.
 */
public final class SvgPathParser {
    private final String d;
    private int pos;

    private SvgPathParser(String d) {
        this.d = d;
    }

    /**
     * Parses a path.
     *
     * @param d the path data, e.g. {@code "M0 0h10v10H0z"}
     * @return the shape in SVG user units (y down)
     * @throws IllegalArgumentException on malformed data; the message gives the position
     */
    public static Path2D.Double parse(String d) {
        if (d == null) {
            throw new IllegalArgumentException("SVG path data is null");
        }
        return new SvgPathParser(d).run();
    }

    private Path2D.Double run() {
        Path2D.Double path = new Path2D.Double(Path2D.WIND_NON_ZERO);
        double x = 0;
        double y = 0;
        double startX = 0;
        double startY = 0;
        // Control point of the previous C/S (or Q/T) command, for the smooth variants' reflection.
        double lastCtrlX = 0;
        double lastCtrlY = 0;
        char previous = ' ';
        char command = ' ';
        boolean open = false;
        skipSeparators();
        while (pos < d.length()) {
            char c = d.charAt(pos);
            if (Character.isLetter(c) && c != 'e' && c != 'E') {
                command = c;
                pos++;
            } else if (command == ' ') {
                throw error("path must start with a command letter");
            } else if (command == 'Z' || command == 'z') {
                throw error("numbers after Z");
            }
            // After M, further coordinate pairs are implicit L (after m, implicit l).
            boolean relative = Character.isLowerCase(command);
            double ox = relative ? x : 0;
            double oy = relative ? y : 0;
            switch (Character.toUpperCase(command)) {
                case 'M':
                    x = ox + number();
                    y = oy + number();
                    path.moveTo(x, y);
                    startX = x;
                    startY = y;
                    open = true;
                    command = relative ? 'l' : 'L';
                    break;
                case 'L':
                    ensureOpen(path, open, x, y);
                    x = ox + number();
                    y = oy + number();
                    path.lineTo(x, y);
                    break;
                case 'H':
                    ensureOpen(path, open, x, y);
                    x = ox + number();
                    path.lineTo(x, y);
                    break;
                case 'V':
                    ensureOpen(path, open, x, y);
                    y = oy + number();
                    path.lineTo(x, y);
                    break;
                case 'C':
                case 'S': {
                    ensureOpen(path, open, x, y);
                    double x1;
                    double y1;
                    if (Character.toUpperCase(command) == 'C') {
                        x1 = ox + number();
                        y1 = oy + number();
                    } else {
                        // S: the previous C/S's second control point mirrored, else the current point.
                        boolean smooth = "CcSs".indexOf(previous) >= 0;
                        x1 = smooth ? 2 * x - lastCtrlX : x;
                        y1 = smooth ? 2 * y - lastCtrlY : y;
                    }
                    double x2 = ox + number();
                    double y2 = oy + number();
                    x = ox + number();
                    y = oy + number();
                    path.curveTo(x1, y1, x2, y2, x, y);
                    lastCtrlX = x2;
                    lastCtrlY = y2;
                    break;
                }
                case 'Q':
                case 'T': {
                    ensureOpen(path, open, x, y);
                    double x1;
                    double y1;
                    if (Character.toUpperCase(command) == 'Q') {
                        x1 = ox + number();
                        y1 = oy + number();
                    } else {
                        // T: the previous Q/T's control point mirrored, else the current point.
                        boolean smooth = "QqTt".indexOf(previous) >= 0;
                        x1 = smooth ? 2 * x - lastCtrlX : x;
                        y1 = smooth ? 2 * y - lastCtrlY : y;
                    }
                    x = ox + number();
                    y = oy + number();
                    path.quadTo(x1, y1, x, y);
                    lastCtrlX = x1;
                    lastCtrlY = y1;
                    break;
                }
                case 'A': {
                    ensureOpen(path, open, x, y);
                    double rx = number();
                    double ry = number();
                    double rotation = number();
                    boolean largeArc = flag();
                    boolean sweep = flag();
                    double x2 = ox + number();
                    double y2 = oy + number();
                    appendArc(path, x, y, rx, ry, rotation, largeArc, sweep, x2, y2);
                    x = x2;
                    y = y2;
                    break;
                }
                case 'Z':
                    if (open) {
                        path.closePath();
                    }
                    // A new subpath after Z starts at the closed subpath's start.
                    x = startX;
                    y = startY;
                    open = false;
                    break;
                default:
                    throw error("unsupported command '" + command + "'");
            }
            previous = command;
            skipSeparators();
        }
        return path;
    }

    /** SVG allows drawing after Z without a new M: the subpath restarts at the current point. */
    private static void ensureOpen(Path2D path, boolean open, double x, double y) {
        if (!open) {
            path.moveTo(x, y);
        }
    }

    /**
     * Appends an SVG elliptical arc as cubic Béziers, following the endpoint-to-centre conversion
     * of the SVG specification (appendix F.6.5/F.6.6).
     */
    static void appendArc(Path2D path, double x1, double y1, double rx, double ry, double angleDeg,
            boolean largeArc, boolean sweep, double x2, double y2) {
        if (x1 == x2 && y1 == y2) {
            return; // Same endpoints: the arc is omitted.
        }
        rx = Math.abs(rx);
        ry = Math.abs(ry);
        if (rx == 0 || ry == 0) {
            path.lineTo(x2, y2); // Zero radius: a straight line.
            return;
        }
        double phi = Math.toRadians(angleDeg % 360);
        double cos = Math.cos(phi);
        double sin = Math.sin(phi);
        // Step 1: the midpoint difference in the ellipse's rotated frame.
        double dx = (x1 - x2) / 2;
        double dy = (y1 - y2) / 2;
        double x1p = cos * dx + sin * dy;
        double y1p = -sin * dx + cos * dy;
        // Radii too small to reach the endpoint are scaled up just enough.
        double lambda = (x1p * x1p) / (rx * rx) + (y1p * y1p) / (ry * ry);
        if (lambda > 1) {
            double s = Math.sqrt(lambda);
            rx *= s;
            ry *= s;
        }
        // Step 2: the centre in the rotated frame.
        double num = rx * rx * ry * ry - rx * rx * y1p * y1p - ry * ry * x1p * x1p;
        double den = rx * rx * y1p * y1p + ry * ry * x1p * x1p;
        double coef = Math.sqrt(Math.max(0, num / den));
        if (largeArc == sweep) {
            coef = -coef;
        }
        double cxp = coef * rx * y1p / ry;
        double cyp = -coef * ry * x1p / rx;
        // Step 3: the centre in user space.
        double cx = cos * cxp - sin * cyp + (x1 + x2) / 2;
        double cy = sin * cxp + cos * cyp + (y1 + y2) / 2;
        // Step 4: start angle and sweep on the unit circle.
        double ux = (x1p - cxp) / rx;
        double uy = (y1p - cyp) / ry;
        double vx = (-x1p - cxp) / rx;
        double vy = (-y1p - cyp) / ry;
        double theta1 = Math.atan2(uy, ux);
        double delta = Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy);
        if (!sweep && delta > 0) {
            delta -= 2 * Math.PI;
        } else if (sweep && delta < 0) {
            delta += 2 * Math.PI;
        }
        // One cubic per quarter turn or less; k is the standard control-arm length.
        int segments = (int) Math.ceil(Math.abs(delta) / (Math.PI / 2) - 1e-9);
        double step = delta / segments;
        double k = 4.0 / 3.0 * Math.tan(step / 4);
        double t = theta1;
        for (int i = 0; i < segments; i++) {
            double cosA = Math.cos(t);
            double sinA = Math.sin(t);
            double cosB = Math.cos(t + step);
            double sinB = Math.sin(t + step);
            Point2D c1 = onEllipse(cx, cy, rx, ry, cos, sin, cosA - k * sinA, sinA + k * cosA);
            Point2D c2 = onEllipse(cx, cy, rx, ry, cos, sin, cosB + k * sinB, sinB - k * cosB);
            Point2D end = i == segments - 1
                    ? new Point2D.Double(x2, y2) // Land exactly on the endpoint.
                    : onEllipse(cx, cy, rx, ry, cos, sin, cosB, sinB);
            path.curveTo(c1.getX(), c1.getY(), c2.getX(), c2.getY(), end.getX(), end.getY());
            t += step;
        }
    }

    /** Maps a point of the unit circle frame (u, v) onto the rotated ellipse. */
    private static Point2D onEllipse(double cx, double cy, double rx, double ry, double cos,
            double sin, double u, double v) {
        double px = rx * u;
        double py = ry * v;
        return new Point2D.Double(cx + cos * px - sin * py, cy + sin * px + cos * py);
    }

    private void skipSeparators() {
        while (pos < d.length()) {
            char c = d.charAt(pos);
            if (c == ',' || Character.isWhitespace(c)) {
                pos++;
            } else {
                break;
            }
        }
    }

    /** Reads an arc flag: a single 0 or 1, which may be glued to what follows. */
    private boolean flag() {
        skipSeparators();
        if (pos >= d.length()) {
            throw error("missing arc flag");
        }
        char c = d.charAt(pos);
        if (c != '0' && c != '1') {
            throw error("arc flag must be 0 or 1, found '" + c + "'");
        }
        pos++;
        return c == '1';
    }

    /** Reads one number: sign, digits, at most one dot, optional exponent. */
    private double number() {
        skipSeparators();
        int start = pos;
        if (pos < d.length() && (d.charAt(pos) == '+' || d.charAt(pos) == '-')) {
            pos++;
        }
        boolean digits = false;
        boolean dot = false;
        while (pos < d.length()) {
            char c = d.charAt(pos);
            if (c >= '0' && c <= '9') {
                digits = true;
                pos++;
            } else if (c == '.' && !dot) {
                dot = true;
                pos++;
            } else {
                break;
            }
        }
        if (!digits) {
            pos = start;
            throw error("expected a number");
        }
        if (pos < d.length() && (d.charAt(pos) == 'e' || d.charAt(pos) == 'E')) {
            int mark = pos;
            pos++;
            if (pos < d.length() && (d.charAt(pos) == '+' || d.charAt(pos) == '-')) {
                pos++;
            }
            int expStart = pos;
            while (pos < d.length() && Character.isDigit(d.charAt(pos))) {
                pos++;
            }
            if (pos == expStart) {
                pos = mark; // Not an exponent after all.
            }
        }
        return Double.parseDouble(d.substring(start, pos));
    }

    private IllegalArgumentException error(String what) {
        String near = d.substring(Math.max(0, pos - 10), Math.min(d.length(), pos + 10));
        return new IllegalArgumentException("Bad SVG path data at character " + pos + " (near '"
                + near + "'): " + what);
    }
}
