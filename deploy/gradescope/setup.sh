#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image: the
# bundle made by `unroll export gradescope N -o autograder.zip` is unpacked in
# /autograder/source. It makes sure `unroll` starts, using the libraries the
# image already has, else those shipped in lib/, else installing them with apt.
set -euo pipefail
cd "$(dirname "$0")"
chmod +x unroll run_autograder

starts() { "$@" ./unroll --version >/dev/null 2>&1; }

if starts env; then
    echo "setup: unroll $(./unroll --version) runs with the image's libraries"
    : > libraries.env
elif starts env LD_LIBRARY_PATH="$PWD/lib"; then
    echo "setup: unroll runs with the libraries shipped in lib/ ($(ls lib | tr '\n' ' '))"
    printf 'export LD_LIBRARY_PATH="%s/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"\n' "$PWD" > libraries.env
else
    echo "setup: installing the libraries unroll needs with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreadline8 libsqlite3-0 zlib1g libstdc++6
    : > libraries.env
    if ! starts env; then
        echo "setup: error: unroll cannot start in this image:" >&2
        ./unroll --version || true
        ldd ./unroll || true
        echo "setup: choose Gradescope's newest Ubuntu base image (unroll needs a glibc at least as new as the one it was built with)" >&2
        exit 1
    fi
fi
