package org.logokit.env;

import ai.djl.util.cuda.CudaUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * What DJL sees of CUDA: the number of visible GPUs, the CUDA runtime version and each GPU's
 * compute capability (e.g. {@code 90} for an H100).
 *
 * <p>MXNet 1.9's GPU builds support CUDA up to 11.2 and compute capability up to 8.0, so newer
 * GPUs (Hopper, Ada) need the PyTorch engine; {@link #mxnetGpuProblem()} says so.
 *
 * @param gpuCount GPUs visible through the CUDA runtime (0 when CUDA is absent)
 * @param cudaVersion CUDA runtime version as DJL reports it (e.g. {@code 12040}), or 0
 * @param computeCapabilities compute capability per GPU as a two- or three-digit string
 */
public record GpuStatus(int gpuCount, int cudaVersion, List<String> computeCapabilities) {

    /** Newest CUDA runtime MXNet 1.9's GPU builds support (11.2), in DJL's encoding. */
    public static final int MXNET_MAX_CUDA = 11020;
    /** Newest compute capability MXNet 1.9's GPU builds support (8.0). */
    public static final int MXNET_MAX_COMPUTE_CAPABILITY = 80;

    /** Asks DJL's CUDA utilities; never throws (no CUDA gives a zero count). */
    public static GpuStatus probe() {
        try {
            if (!CudaUtils.hasCuda()) {
                return new GpuStatus(0, 0, List.of());
            }
            int count = CudaUtils.getGpuCount();
            List<String> capabilities = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                capabilities.add(CudaUtils.getComputeCapability(i));
            }
            return new GpuStatus(count, CudaUtils.getCudaVersion(), List.copyOf(capabilities));
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return new GpuStatus(0, 0, List.of());
        }
    }

    /** Returns true when at least one GPU is visible. */
    public boolean cudaVisible() {
        return gpuCount > 0;
    }

    /** Returns the CUDA version as {@code major.minor} (e.g. {@code 12.4}), or "none". */
    public String cudaVersionText() {
        return cudaVersion <= 0 ? "none" : (cudaVersion / 1000) + "." + (cudaVersion % 1000) / 10;
    }

    /**
     * Returns why MXNet cannot use these GPUs (CUDA or compute capability too new), or null when
     * it can or when there is no GPU.
     */
    public String mxnetGpuProblem() {
        if (!cudaVisible()) {
            return null;
        }
        if (cudaVersion > MXNET_MAX_CUDA) {
            return "CUDA " + cudaVersionText() + " is newer than MXNet's GPU builds support (11.2)";
        }
        for (String capability : computeCapabilities) {
            try {
                if (Integer.parseInt(capability) > MXNET_MAX_COMPUTE_CAPABILITY) {
                    return "compute capability " + capability.charAt(0) + "." + capability.substring(1)
                            + " is newer than MXNet's GPU builds support (8.0)";
                }
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                // An unreadable capability says nothing either way.
            }
        }
        return null;
    }
}
