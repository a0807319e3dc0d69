# Sourced by the tools: the environment every build here needs.
# Debian's emscripten runs its JS tools with the system node, which only finds Debian's
# node modules (acorn) through NODE_PATH. (Its system libraries come prebuilt in a frozen
# cache, so EM_CACHE must be left alone.)
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}"
