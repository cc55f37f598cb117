#!/bin/sh
# Builds mediasoup-worker for the mediasoup package in node_modules without any
# download (court networks and this project's CI reach only npm and Debian apt).
# The meson subprojects (libuv, openssl, libsrtp3, flatbuffers, abseil-cpp,
# unordered_dense) are replaced by shims over Debian packages (scripts/setup.mjs
# installs them). Result: <mediasoup>/worker/out/Release/mediasoup-worker, the
# path mediasoup uses by default. The binary is cached by version and by a key of
# this script, the shims and the Debian library versions in $MEDIASOUP_WORKER_CACHE
# (default ~/.cache/mediasoup-worker), so `npm ci` (which wipes node_modules)
# costs a copy instead of a 7-17 minute compile.
# Adapted from the worked example proven on these machines (mediasoup 3.27.1);
# re-prove media end to end (tests/e2e/media.test.ts) on every mediasoup upgrade.
#
# Usage: build.sh [path/to/node_modules/mediasoup]
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
MS=$(cd "${1:-node_modules/mediasoup}" && pwd)
W="$MS/worker"
VERSION=$(sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$MS/package.json" | head -n1)
BIN="$W/out/Release/mediasoup-worker"
CACHE_ROOT=${MEDIASOUP_WORKER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mediasoup-worker}
KEY=$( { echo "$VERSION"; uname -m; cat "$0"; find "$HERE/shims" -type f | LC_ALL=C sort | xargs cat;
         dpkg-query -W libuv1-dev libssl-dev libsrtp2-dev libabsl-dev libflatbuffers-dev flatbuffers-compiler meson 2>/dev/null; } \
       | sha256sum | cut -c1-16)
CACHED="$CACHE_ROOT/$VERSION-$KEY/mediasoup-worker"

check_worker() {
  # Without MEDIASOUP_VERSION in its env the worker exits with 41 (see worker/src/main.cpp).
  set +e; env -i "$1" >/dev/null 2>&1; rc=$?; set -e
  [ "$rc" = 41 ]
}

if [ -x "$CACHED" ] && check_worker "$CACHED"; then
  mkdir -p "$(dirname "$BIN")"; cp "$CACHED" "$BIN"
  echo "mediasoup-worker $VERSION: reused cached build $CACHED"; exit 0
fi

# 1. Shim subprojects: worker/subprojects/<directory named in the .wrap file>.
for shim in "$HERE"/shims/*/; do
  name=$(basename "$shim"); wrap="$W/subprojects/$name.wrap"
  [ -f "$wrap" ] || continue
  dir=$(sed -n 's/^directory *= *//p' "$wrap" | head -n1)
  rm -rf "$W/subprojects/$dir"; mkdir -p "$W/subprojects/$dir"; cp -R "$shim". "$W/subprojects/$dir/"
done

# 2. Fix the BIO write callback: it must return `ret` for BIO_CB_WRITE|BIO_CB_RETURN.
#    mediasoup returns 1 (harmless with its bundled OpenSSL 3.0.8), which makes
#    Debian's OpenSSL 3.0.2x crash (NULL write buffer in do_dtls1_write) in the
#    first DTLS handshake.
F="$W/src/RTC/DtlsTransport.cpp"
sed -i 's/(operationType == BIO_CB_RETURN) ? static_cast<long>(ret) : 1/(operationType \& BIO_CB_RETURN) ? static_cast<long>(ret) : 1/' "$F"
grep -q '(operationType & BIO_CB_RETURN) ? static_cast<long>(ret) : 1' "$F" || {
  echo "build-mediasoup-worker: could not apply the BIO callback fix to $F; check it by hand" >&2; exit 1; }

# 3. Configure + build + install with the system meson/ninja (no pip, no downloads).
cd "$W"
EXTRA_ARGS=""
# mediasoup 3.13 - 3.19 use liburing >= 2.4 on Linux; bookworm's liburing-dev is 2.3.
# liburing is only an optional send-path optimisation, so disable it.
grep -q "'ms_disable_liburing'" meson_options.txt && EXTRA_ARGS="$EXTRA_ARGS -Dms_disable_liburing=true"
rm -rf out/Release/build
meson setup --wrap-mode=nodownload --prefix "$W/out/Release" --bindir "" --libdir "" \
  --buildtype release -Db_ndebug=true $EXTRA_ARGS ${MESON_ARGS:-} out/Release/build
# FBS headers first (as worker/tasks.py does); older versions lack the dependency.
meson compile -C out/Release/build flatbuffers-generator
meson compile -C out/Release/build -j "$(nproc)" mediasoup-worker
meson install -C out/Release/build --no-rebuild --tags mediasoup-worker
check_worker "$BIN" || { echo "build-mediasoup-worker: $BIN does not run" >&2; exit 1; }

# 4. Cache the binary; drop the 25 MB build tree.
mkdir -p "$(dirname "$CACHED")"; cp "$BIN" "$CACHED.tmp"; mv "$CACHED.tmp" "$CACHED"
rm -rf out/Release/build
echo "mediasoup-worker $VERSION built: $BIN"
