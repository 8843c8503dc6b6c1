package org.logokit.model;

/**
 * The size arithmetic of convolution and pooling layers along one spatial axis.
 *
 * <p>A kernel of size {@code k} moved with stride {@code s} over an input of size {@code n}
 * padded by {@code p} on each side fits {@code floor((n + 2p - k) / s) + 1} times. A 3x3 kernel
 * with padding 1 and stride 1 keeps the size ("same" convolution); stride 2 halves it.
 */
public final class ConvArithmetic {

    private ConvArithmetic() {}

    /**
     * Returns the output size {@code floor((n + 2p - k) / s) + 1}.
     *
     * @throws IllegalArgumentException if the kernel does not fit even once, or an argument is
     *     out of range
     */
    public static int outputSize(int inputSize, int kernel, int stride, int padding) {
        if (inputSize <= 0 || kernel <= 0 || stride <= 0 || padding < 0) {
            throw new IllegalArgumentException("need inputSize, kernel, stride > 0 and padding >= 0; got n="
                    + inputSize + " k=" + kernel + " s=" + stride + " p=" + padding);
        }
        int span = inputSize + 2 * padding - kernel;
        if (span < 0) {
            throw new IllegalArgumentException("A " + kernel + "-wide kernel does not fit an input of "
                    + inputSize + " with padding " + padding);
        }
        return span / stride + 1;
    }

    /**
     * Returns the learnable parameters of a 2-D convolution: {@code out·(in·k·k + 1)} with bias,
     * {@code out·in·k·k} without.
     */
    public static long convParameters(int inChannels, int outChannels, int kernel, boolean bias) {
        return (long) outChannels * ((long) inChannels * kernel * kernel + (bias ? 1 : 0));
    }

    /** Returns the learnable parameters of a dense layer: {@code out·(in + 1)}. */
    public static long denseParameters(long inputs, long outputs) {
        return outputs * (inputs + 1);
    }
}
