#!/usr/bin/env bash
# Builds a real kube-apiserver and etcd from the Go module proxy for the
# kube-harden live-cluster tests. Idempotent: when binaries for the exact same
# inputs (go.mod, go.sum, main.go of both wrapper modules, Go version, build
# flags) already exist in the cache, it does nothing but print their paths.
#
# Usage: test/apiserver/build.sh [--check]
#   --check   do not build; exit 0 (printing the paths) if the binaries are
#             cached, 3 if they are not.
#
# Environment:
#   KUBE_HARDEN_APISERVER_CACHE  where binaries go
#                                (default $HOME/.cache/kube-harden/apiserver)
#   GOMODCACHE, GOCACHE          Go's own caches (defaults ~/go/pkg/mod and
#                                ~/.cache/go-build), outside the clone
#   KUBE_HARDEN_BUILD_P          go build -p (default 2; capped at 2)
#
# On success the last two lines of stdout are machine-readable:
#   KUBE_APISERVER=/abs/path/kube-apiserver
#   ETCD=/abs/path/etcd
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kube_mod="$here/kube"
etcd_mod="$here/etcd"

die() { echo "build.sh: error: $*" >&2; exit 1; }
log() { echo "build.sh: $*" >&2; }

mode=build
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  -h|--help) awk 'NR>1 && /^#/ {sub(/^# ?/, ""); print; next} NR>1 {exit}' "${BASH_SOURCE[0]}"; exit 0 ;;
  *) die "unknown argument '$1' (try --help)" ;;
esac

command -v go >/dev/null 2>&1 || die "'go' is not on PATH; install Go >= the 'go' line in $kube_mod/go.mod"
for f in "$kube_mod/go.mod" "$kube_mod/go.sum" "$kube_mod/main.go" "$etcd_mod/go.mod" "$etcd_mod/go.sum" "$etcd_mod/main.go"; do
  [[ -f "$f" ]] || die "missing $f"
done

export GOTOOLCHAIN=local
export CGO_ENABLED=0   # kube-apiserver and etcd are static binaries upstream too

# Versions come straight from the wrapper go.mod files.
k8s_version="$(awk '$1=="require" && $2=="k8s.io/kubernetes" {print $3} $1=="k8s.io/kubernetes" && $2 ~ /^v/ {print $2}' "$kube_mod/go.mod" | head -n1)"
etcd_version="$(awk '$1=="require" && $2=="go.etcd.io/etcd/server/v3" {print $3} $1=="go.etcd.io/etcd/server/v3" && $2 ~ /^v/ {print $2}' "$etcd_mod/go.mod" | head -n1)"
[[ "$k8s_version" =~ ^v([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || die "cannot read a release version of k8s.io/kubernetes from $kube_mod/go.mod (got '$k8s_version')"
k8s_major="${BASH_REMATCH[1]}"
k8s_minor="${BASH_REMATCH[2]}"
[[ -n "$etcd_version" ]] || die "cannot read go.etcd.io/etcd/server/v3 version from $etcd_mod/go.mod"

go_version="$(go env GOVERSION)"
# GOTOOLCHAIN=local never downloads a newer Go, so say clearly when ours is too old.
for mod in "$kube_mod" "$etcd_mod"; do
  need="$(awk '$1=="go" {print $2; exit}' "$mod/go.mod")"
  have="${go_version#go}"; have="${have%%[!0-9.]*}"
  if [[ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -n1)" != "$need" ]]; then
    die "$mod/go.mod needs Go >= $need but 'go' is $go_version (GOTOOLCHAIN=local: no toolchain download)"
  fi
done
tags="selinux,notest,grpcnotrace"   # as hack/lib/golang.sh does for non-debug builds
recipe="v2 tags=$tags trimpath ldflags=-s,-w,version-X cgo=0"

# Cache key: every input that changes the binaries.
if command -v sha256sum >/dev/null 2>&1; then sha() { sha256sum | cut -c1-16; }
else sha() { shasum -a 256 | cut -c1-16; }; fi
key="$( { echo "$go_version $(go env GOOS)/$(go env GOARCH) $recipe";
          cat "$kube_mod/go.mod" "$kube_mod/go.sum" "$kube_mod/main.go" \
              "$etcd_mod/go.mod" "$etcd_mod/go.sum" "$etcd_mod/main.go"; } | sha)"

cache_root="${KUBE_HARDEN_APISERVER_CACHE:-$HOME/.cache/kube-harden/apiserver}"
out="$cache_root/$k8s_version"
stamp="$out/build.stamp"

report() {
  echo "kube-apiserver $k8s_version and etcd $etcd_version are in $out"
  echo "KUBE_APISERVER=$out/kube-apiserver"
  echo "ETCD=$out/etcd"
}

cached() { [[ -x "$out/kube-apiserver" && -x "$out/etcd" && -f "$stamp" ]] && [[ "$(head -n1 "$stamp")" == "$key" ]]; }
if cached; then
  log "cached build found (key $key), nothing to do"
  report
  exit 0
fi
if [[ "$mode" == check ]]; then
  log "no cached build for $k8s_version (key $key) in $out; run $here/build.sh"
  exit 3
fi

# One build at a time per cache dir (parallel test files may all ask for one).
mkdir -p "$cache_root" || die "cannot create $cache_root"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache_root/.build.lock"
  flock 9
  if cached; then
    log "another build.sh finished this build meanwhile"
    report
    exit 0
  fi
fi

p="${KUBE_HARDEN_BUILD_P:-2}"
[[ "$p" =~ ^[0-9]+$ && "$p" -ge 1 ]] || die "KUBE_HARDEN_BUILD_P must be a positive integer"
(( p > 2 )) && p=2

# The release date recorded by the module proxy is a reproducible buildDate.
info_time="$(cd "$kube_mod" && go mod download -json "k8s.io/kubernetes@$k8s_version" 2>/dev/null | awk -F'"' '$2=="Info"{print $4}')" || true
build_date="1970-01-01T00:00:00Z"
if [[ -n "$info_time" && -f "$info_time" ]]; then
  t="$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$info_time")"
  [[ -n "$t" ]] && build_date="$t"
fi

# Same -X flags as kubernetes' hack/lib/version.sh (kube::version::ldflags).
# gitCommit is not set: a module download does not carry the commit hash.
ldflags="-s -w"
for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
  ldflags+=" -X '$pkg.gitVersion=$k8s_version'"
  ldflags+=" -X '$pkg.gitMajor=$k8s_major'"
  ldflags+=" -X '$pkg.gitMinor=$k8s_minor'"
  ldflags+=" -X '$pkg.gitTreeState=clean'"
  ldflags+=" -X '$pkg.buildDate=$build_date'"
done

# Build into a temp dir next to the destination, then move into place, so a
# killed build never leaves half a binary that looks cached.
tmp="$(mktemp -d "$cache_root/.build-$k8s_version.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

log "building kube-apiserver $k8s_version and etcd $etcd_version with $go_version (-p $p, nice 19)"
log "module cache: $(go env GOMODCACHE)  build cache: $(go env GOCACHE)"
log "a cold build downloads ~0.6 GB of modules, fills ~3 GB of build cache and took ~4 min on 2 cores"

# Sanity check: etcd wrapper must be at the version kubernetes names.
k8s_etcd="$(cd "$kube_mod" && go list -mod=readonly -m -f '{{.Version}}' go.etcd.io/etcd/server/v3 2>/dev/null)" \
  || die "'go list -m go.etcd.io/etcd/server/v3' failed in $kube_mod (is the Go module proxy reachable? is go.sum complete?)"
[[ "$k8s_etcd" == "$etcd_version" ]] \
  || die "etcd version mismatch: k8s.io/kubernetes $k8s_version uses go.etcd.io/etcd/server/v3 $k8s_etcd but $etcd_mod/go.mod requires $etcd_version"

start=$SECONDS
log "[1/2] go build etcd"
(cd "$etcd_mod" && nice -n 19 go build -mod=readonly -buildvcs=false -p "$p" -trimpath -tags "$tags" \
    -ldflags "-s -w" -o "$tmp/etcd" .) \
  || die "building etcd failed (see the go output above)"
log "[1/2] etcd done after $((SECONDS - start))s"

log "[2/2] go build kube-apiserver"
(cd "$kube_mod" && nice -n 19 go build -mod=readonly -buildvcs=false -p "$p" -trimpath -tags "$tags" \
    -ldflags "$ldflags" -o "$tmp/kube-apiserver" .) \
  || die "building kube-apiserver failed (see the go output above)"
log "[2/2] kube-apiserver done after $((SECONDS - start))s"

# Verify the binaries run and report the expected versions.
got="$("$tmp/kube-apiserver" --version 2>&1)" || die "built kube-apiserver does not run: $got"
[[ "$got" == "Kubernetes $k8s_version" ]] || die "kube-apiserver --version says '$got', expected 'Kubernetes $k8s_version'"
got="$("$tmp/etcd" --version 2>&1)" || die "built etcd does not run: $got"
grep -q "etcd Version: ${etcd_version#v}" <<<"$got" || die "etcd --version says '$got', expected ${etcd_version#v}"

rm -rf "$out"
mkdir -p "$out"
mv "$tmp/kube-apiserver" "$tmp/etcd" "$out/"
{ echo "$key"
  echo "k8s.io/kubernetes $k8s_version"
  echo "go.etcd.io/etcd/server/v3 $etcd_version"
  echo "$go_version"
  echo "built $(date -u +%Y-%m-%dT%H:%M:%SZ) in $((SECONDS - start))s"; } > "$stamp"
log "built in $((SECONDS - start))s"
report
