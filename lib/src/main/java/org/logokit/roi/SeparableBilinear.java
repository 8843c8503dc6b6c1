package org.logokit.roi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * Bilinear sampling written as two small interpolation matrices, one per axis.
 *
 * <p>Bilinear interpolation is separable: the value at (y, x) is
 * {@code sum_h sum_w wy(y,h) wx(x,w) F[h,w]}. Averaging over a grid of samples keeps that form, so
 * a whole RoI's pooled output is {@code Wy · F · Wxᵀ} with {@code Wy} of shape (outH, H) and
 * {@code Wx} of shape (outW, W). Two matrix products replace per-pixel gathers, are differentiable
 * with respect to {@code F} on every engine, and run as fast BLAS calls on CPU and GPU.
 */
final class SeparableBilinear {

    /** How samples near and beyond the border are treated. */
    enum Border {
        /**
         * torchvision's RoIAlign: a sample in [-1, size] is clamped into the map, beyond that it
         * reads zero.
         */
        TORCHVISION,
        /** TensorFlow's crop_and_resize: a sample outside [0, size-1] reads zero. */
        TENSORFLOW
    }

    private SeparableBilinear() {}

    /**
     * Interpolation weights along one axis, averaged over the samples of each output cell.
     *
     * @param coords (K,P,S) sample coordinates in feature-map pixels (pixel centres at integers)
     * @param sampleMask (K,P,S) 1 for samples that count, 0 for padding samples (same dtype)
     * @param count (K,1,1) number of counted samples per cell (at least 1)
     * @param size length of the axis (H or W)
     * @return (K,P,size) weights; row p of RoI k gives the averaged bilinear weights of cell p
     */
    static NDArray weights(NDArray coords, NDArray sampleMask, NDArray count, long size, Border border) {
        NDArray y = coords.expandDims(3);
        NDArray axis = coords.getManager()
                .arange(0f, (float) size, 1f, coords.getDataType())
                .reshape(1, 1, 1, size);
        NDArray inside;
        NDArray low;
        NDArray high;
        NDArray frac;
        if (border == Border.TORCHVISION) {
            inside = y.gte(-1.0).logicalAnd(y.lte((double) size));
            NDArray clamped = y.maximum(0.0);
            NDArray floor = clamped.floor();
            NDArray atEnd = floor.gte((double) (size - 1));
            NDArray last = floor.zerosLike().add((double) (size - 1));
            low = NDArrays.where(atEnd, last, floor);
            high = NDArrays.where(atEnd, last, floor.add(1.0));
            frac = NDArrays.where(atEnd, floor.zerosLike(), clamped.sub(floor));
        } else {
            inside = y.gte(0.0).logicalAnd(y.lte((double) (size - 1)));
            NDArray safe = y.clip(0.0, (double) (size - 1));
            low = safe.floor();
            high = safe.ceil();
            frac = safe.sub(low);
        }
        NDArray dtypeInside = inside.toType(coords.getDataType(), false);
        NDArray w = axis.eq(low).toType(coords.getDataType(), false).mul(frac.neg().add(1.0))
                .add(axis.eq(high).toType(coords.getDataType(), false).mul(frac))
                .mul(dtypeInside)
                .mul(sampleMask.expandDims(3));
        return w.sum(new int[] {2}).div(count);
    }

    /**
     * Applies the two interpolation matrices to one image's feature map.
     *
     * @param map (C,H,W) feature map of one image
     * @param wy (K,P,H) row weights
     * @param wx (K,Q,W) column weights
     * @return (K,C,P,Q) = for every RoI k and channel c: wy[k] · map[c] · wx[k]ᵀ
     */
    static NDArray apply(NDArray map, NDArray wy, NDArray wx) {
        long c = map.getShape().get(0);
        long h = map.getShape().get(1);
        long w = map.getShape().get(2);
        long k = wy.getShape().get(0);
        long p = wy.getShape().get(1);
        long q = wx.getShape().get(1);
        // rows first: (K*P, H) x (H, C*W) -> (K*P, C*W)
        NDArray rows = wy.reshape(k * p, h).matMul(map.transpose(1, 0, 2).reshape(h, c * w));
        // then columns, one small product per RoI: (K, C*P, W) x (K, W, Q) -> (K, C*P, Q)
        NDArray perRoi = rows.reshape(k, p, c, w).transpose(0, 2, 1, 3).reshape(k, c * p, w);
        return perRoi.matMul(wx.transpose(0, 2, 1)).reshape(k, c, p, q);
    }

    /** Elements of the largest intermediate {@link #apply} creates for one RoI. */
    static long elementsPerRoi(long c, long h, long w, long p, long q, long samples) {
        return Math.max(p * c * w, Math.max(p * samples * Math.max(h, w), c * p * q));
    }
}
