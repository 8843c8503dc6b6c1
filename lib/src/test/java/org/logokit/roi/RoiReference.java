package org.logokit.roi;

/**
 * Plain-loop reference versions of torchvision's roi_align and roi_pool (CPU kernels written out
 * from their documented algorithm), used only to check the vectorised ops on random inputs.
 */
final class RoiReference {

    private RoiReference() {}

    static double[][][][] roiAlign(double[][][][] f, double[][] rois, int ph, int pw, double scale,
            int ratio, boolean aligned) {
        int c = f[0].length;
        int h = f[0][0].length;
        int w = f[0][0][0].length;
        double[][][][] out = new double[rois.length][c][ph][pw];
        for (int k = 0; k < rois.length; k++) {
            int b = (int) rois[k][0];
            double off = aligned ? 0.5 : 0;
            double x1 = rois[k][1] * scale - off;
            double y1 = rois[k][2] * scale - off;
            double x2 = rois[k][3] * scale - off;
            double y2 = rois[k][4] * scale - off;
            double rw = x2 - x1;
            double rh = y2 - y1;
            if (!aligned) {
                rw = Math.max(rw, 1);
                rh = Math.max(rh, 1);
            }
            double bh = rh / ph;
            double bw = rw / pw;
            int gh = ratio > 0 ? ratio : (int) Math.ceil(rh / ph);
            int gw = ratio > 0 ? ratio : (int) Math.ceil(rw / pw);
            double count = Math.max(gh * gw, 1);
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < ph; i++) {
                    for (int j = 0; j < pw; j++) {
                        double sum = 0;
                        for (int iy = 0; iy < gh; iy++) {
                            double y = y1 + i * bh + (iy + 0.5) * bh / gh;
                            for (int ix = 0; ix < gw; ix++) {
                                double x = x1 + j * bw + (ix + 0.5) * bw / gw;
                                sum += bilinear(f[b][ch], h, w, y, x);
                            }
                        }
                        out[k][ch][i][j] = sum / count;
                    }
                }
            }
        }
        return out;
    }

    private static double bilinear(double[][] m, int h, int w, double y, double x) {
        if (y < -1.0 || y > h || x < -1.0 || x > w) {
            return 0;
        }
        y = Math.max(y, 0);
        x = Math.max(x, 0);
        int yl = (int) y;
        int xl = (int) x;
        int yh;
        int xh;
        if (yl >= h - 1) {
            yh = yl = h - 1;
            y = yl;
        } else {
            yh = yl + 1;
        }
        if (xl >= w - 1) {
            xh = xl = w - 1;
            x = xl;
        } else {
            xh = xl + 1;
        }
        double ly = y - yl;
        double lx = x - xl;
        return (1 - ly) * (1 - lx) * m[yl][xl] + (1 - ly) * lx * m[yl][xh]
                + ly * (1 - lx) * m[yh][xl] + ly * lx * m[yh][xh];
    }

    static double[][][][] roiPool(double[][][][] f, double[][] rois, int ph, int pw, double scale) {
        int c = f[0].length;
        int h = f[0][0].length;
        int w = f[0][0][0].length;
        double[][][][] out = new double[rois.length][c][ph][pw];
        for (int k = 0; k < rois.length; k++) {
            int b = (int) rois[k][0];
            long sw = Math.round(rois[k][1] * scale);
            long sh = Math.round(rois[k][2] * scale);
            long ew = Math.round(rois[k][3] * scale);
            long eh = Math.round(rois[k][4] * scale);
            long rw = Math.max(ew - sw + 1, 1);
            long rh = Math.max(eh - sh + 1, 1);
            double bh = (double) rh / ph;
            double bw = (double) rw / pw;
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < ph; i++) {
                    for (int j = 0; j < pw; j++) {
                        long hs = Math.min(Math.max((long) Math.floor(i * bh) + sh, 0), h);
                        long he = Math.min(Math.max((long) Math.ceil((i + 1) * bh) + sh, 0), h);
                        long ws = Math.min(Math.max((long) Math.floor(j * bw) + sw, 0), w);
                        long we = Math.min(Math.max((long) Math.ceil((j + 1) * bw) + sw, 0), w);
                        boolean empty = he <= hs || we <= ws;
                        double max = empty ? 0 : Double.NEGATIVE_INFINITY;
                        for (long y = hs; y < he; y++) {
                            for (long x = ws; x < we; x++) {
                                max = Math.max(max, f[b][ch][(int) y][(int) x]);
                            }
                        }
                        out[k][ch][i][j] = max;
                    }
                }
            }
        }
        return out;
    }
}
