# Sourced (not run) by the kit's launchers (environment/kernel/run-java, data-scripts/_run-java,
# lib/bench, environment/doctor). When `environment/setup --libtorch DIR` wrote
# environment/build/libtorch.env, DJL's PyTorch engine loads libtorch from DIR through DJL's own
# settings PYTORCH_LIBRARY_PATH, PYTORCH_VERSION and PYTORCH_FLAVOR (e.g. a CUDA build of libtorch
# 2.7.1 on an offline GPU machine). Settings already in the environment win.

logokit_libtorch_setup() {
    local file
    file="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/build/libtorch.env"
    if [ -z "${PYTORCH_LIBRARY_PATH:-}" ] && [ -f "$file" ]; then
        # shellcheck disable=SC1090
        source "$file"
    fi
}
