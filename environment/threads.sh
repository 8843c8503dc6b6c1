# Sourced (not run) by every launcher of the kit: the course kernel (environment/kernel/run-java),
# the data scripts (data-scripts/_run-java) and the benchmarks (lib/bench). Gives both engines
# every core unless told otherwise.
#
# The one setting: LOGOKIT_THREADS=N (default: all cores, `nproc`). When LOGOKIT_THREADS is unset
# and OMP_NUM_THREADS is set (a cluster job limiting its threads), that count is used instead.
#
# Why a launcher must do it: MXNet 1.9 reads OMP_NUM_THREADS once, when its library loads, and
# without it keeps one core for its engine worker, so on a 2-core machine every operator ran on
# ONE thread (ResNet-18 training at 0.61x Python PyTorch; with 2 threads at parity). PyTorch's
# intra- and inter-op pools are sized from DJL's system properties when the engine starts.
#
# After logokit_threads_setup:
#   exported  OMP_NUM_THREADS            N (MXNet's operators, libtorch's intra-op pool, MKL/oneDNN)
#             MXNET_CPU_WORKER_NTHREADS  1 unless set (one MXNet worker; its operators use N threads)
#             MXNET_ENGINE_TYPE          NaiveEngine unless set, or when an NVIDIA GPU is visible (below)
#             LOGOKIT_THREADS            N (what the JVM reports in doctor and chapter 00)
#   array     LOGOKIT_THREAD_JAVA_OPTS   -Dai.djl.pytorch.num_threads=N -Dai.djl.pytorch.num_interop_threads=N
#                                        -Dlogokit.threads=N (put them on the java command line)
#
# MXNet's engine. By default MXNet queues every operator for a worker thread and the caller waits
# whenever it reads a result; the kit's detectors read small results (counts, thresholds, freed
# scratch arrays) hundreds of times a step, so the queue only adds hand-overs. NaiveEngine runs
# each operator at once on the calling thread, with the same OMP_NUM_THREADS inside it, and is
# what DJL's performance guide asks for when Java threads (the kit's data loaders) call MXNet
# concurrently. Measured side by side, interleaved (2 cores, environment/README.md "evening"):
# training speed unchanged within the noise, ResNet-18 training's peak RSS 1,921 -> 1,486 MiB,
# batch-1 inference 0.87 -> 1.16x Python, the data loaders 1.4-2.4x faster. On a GPU the
# threaded engine overlaps the host with the device, so a machine where nvidia-smi lists a GPU
# keeps MXNet's default.
# A bad LOGOKIT_THREADS (not a whole number >= 1) falls back to all cores; LOGOKIT_THREADS_PROBLEM
# then says why (the JVM's environment report shows it as a warning: nothing is printed here,
# because a kernel's stderr would show up red in every notebook).

logokit_cpu_count() {
    nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1
}

logokit_threads_setup() {
    local cores requested n
    cores="$(logokit_cpu_count)"
    requested="${LOGOKIT_THREADS:-${OMP_NUM_THREADS:-}}"
    unset LOGOKIT_THREADS_PROBLEM
    if [ -z "$requested" ]; then
        n="$cores"
    elif [[ "$requested" =~ ^[0-9]+$ ]] && [ "$requested" -ge 1 ]; then
        n="$requested"
    else
        n="$cores"
        export LOGOKIT_THREADS_PROBLEM="LOGOKIT_THREADS='$requested' is not a whole number >= 1; using all $cores cores"
    fi
    export LOGOKIT_THREADS="$n"
    export OMP_NUM_THREADS="$n"
    export MXNET_CPU_WORKER_NTHREADS="${MXNET_CPU_WORKER_NTHREADS:-1}"
    if [ -z "${MXNET_ENGINE_TYPE:-}" ] && ! { command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; }; then
        export MXNET_ENGINE_TYPE=NaiveEngine
    fi
    LOGOKIT_THREAD_JAVA_OPTS=(
        "-Dai.djl.pytorch.num_threads=$n"
        "-Dai.djl.pytorch.num_interop_threads=$n"
        "-Dlogokit.threads=$n"
    )
}
