#!/usr/bin/env bash
# Builds dist/linedesk_<DEB_VERSION>_amd64.deb from DEB_BIN with nfpm (run from the Go module
# proxy as a tool, never added to go.mod); when nfpm cannot be fetched, with dpkg-deb.
# Usage: DEB_BIN=bin/linedesk DEB_VERSION=1.2.3 scripts/deb.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DEB_BIN:?set DEB_BIN to the linedesk binary}" "${DEB_VERSION:?set DEB_VERSION}"
export DEB_BIN DEB_VERSION
out=${DEB_OUT:-dist}
mkdir -p "$out"
deb="$out/linedesk_${DEB_VERSION}_amd64.deb"
rm -f "$deb"
NFPM=${NFPM:-github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.48.0}
echo "deb: packaging $DEB_BIN as $deb with nfpm (the first run builds nfpm, about 20 s)"
bin_abs=$(cd "$(dirname "$DEB_BIN")" && pwd)/$(basename "$DEB_BIN")
conf=$(mktemp --suffix=.yaml)
trap 'rm -f "$conf"' EXIT
sed -e "s|\${DEB_BIN}|$bin_abs|" -e "s|\${DEB_VERSION}|$DEB_VERSION|" deploy/debian/nfpm.yaml >"$conf"
if go run "$NFPM" package --config "$conf" --packager deb --target "$deb" >/dev/null; then
  echo "deb: $deb"
  exit 0
fi
echo "deb: nfpm unavailable; building with dpkg-deb instead"
root=$(mktemp -d)
trap 'rm -rf "$root" "$conf"' EXIT
install -D -m 0755 "$DEB_BIN" "$root/usr/bin/linedesk"
install -D -m 0644 deploy/debian/linedesk.service "$root/lib/systemd/system/linedesk.service"
install -D -m 0640 deploy/debian/linedesk.env "$root/etc/linedesk/linedesk.env"
install -d "$root/DEBIAN"
install -m 0755 deploy/debian/postinst deploy/debian/prerm deploy/debian/postrm "$root/DEBIAN/"
echo /etc/linedesk/linedesk.env >"$root/DEBIAN/conffiles"
cat >"$root/DEBIAN/control" <<CONTROL
Package: linedesk
Version: $DEB_VERSION
Architecture: amd64
Maintainer: linedesk maintainers <linedesk@localhost>
Depends: passwd
Recommends: postgresql-client
Section: net
Priority: optional
Description: PPPoE subscriber management and RADIUS for MikroTik routers.
 Dashboard, GraphQL API, RADIUS server and billing in one binary.
CONTROL
dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
echo "deb: $deb"
