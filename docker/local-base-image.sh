#!/usr/bin/env bash
# Builds a local stand-in for the official Node.js image, for machines with a Docker engine but
# no image registry: a root filesystem holding this machine's own node and npm, their libraries,
# a busybox shell and the CA bundle, imported with `docker import`.
#
#   docker/local-base-image.sh [tag]        (default tag: peerscope/node-base:local)
#   docker build --build-arg NODE_IMAGE=peerscope/node-base:local -f docker/node.Dockerfile .
set -euo pipefail

tag="${1:-peerscope/node-base:local}"
node_bin="$(command -v node)"
npm_dir="$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")")"
# The image's shell and tools come from one static busybox (Debian's busybox-static).
busybox=/bin/busybox
if [ ! -x "$busybox" ] || ldd "$busybox" >/dev/null 2>&1; then
  echo "installing Debian's busybox-static for the image's shell" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >/dev/null
fi

# An init for PID 1 (the Dockerfiles use tini, as the official images' users usually add it).
if [ ! -x /usr/bin/tini-static ]; then
  echo "installing Debian's tini for the image's init" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tini >/dev/null
fi

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,usr/bin,usr/local/bin,usr/lib/node_modules,etc/ssl/certs,tmp,root,home/node}
chmod 1777 "$root/tmp"

# node, every shared library it loads, and the rest of glibc (as in the official image) for
# native addons such as lightningcss, at the same paths.
cp "$node_bin" "$root/usr/local/bin/node"
glibc_libs="$(dpkg -L libc6 2>/dev/null | grep -E '/lib[^/]*\.so(\.[0-9]+)*$' || true)"
for lib in $(ldd "$node_bin" | grep -o '/[^ ]*') $glibc_libs; do
  [ -e "$lib" ] || continue
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
ln -s /usr/local/bin/node "$root/usr/bin/node"

# npm, as the official image ships it.
cp -r "$npm_dir/npm" "$root/usr/lib/node_modules/npm"
ln -s /usr/lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s /usr/lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"

# A shell and the usual tools; scripts' `#!/usr/bin/env node` needs env there too.
cp "$busybox" "$root/bin/busybox"
for tool in $("$busybox" --list); do
  [ -e "$root/bin/$tool" ] || ln -s busybox "$root/bin/$tool"
done
ln -s /bin/busybox "$root/usr/bin/env"
cp /usr/bin/tini-static "$root/usr/bin/tini"

# npm tells glibc from musl by reading ldd; without it, glibc-only packages (native binaries
# such as lightningcss's) would be skipped.
cp /usr/bin/ldd "$root/usr/bin/ldd"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
chown 1000:1000 "$root/home/node"

tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]' \
  - "$tag" >/dev/null
echo "$tag: node $("$node_bin" --version), npm $(npm --version)"
