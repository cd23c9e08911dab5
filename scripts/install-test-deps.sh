#!/usr/bin/env bash
# Installs what the test suite needs beyond npm on a fresh Debian machine: the PostgreSQL server the storage
# tests start on loopback, Chromium for the browser and accessibility tests, nginx and wrk (the page benchmark's anchor and load),
# LibreOffice Writer (headless, to open the report's Word document), poppler-utils (pdftotext, pdfinfo, pdfimages)
# and qpdf (the report PDF's structure as JSON, for its accessibility checks).
# Idempotent. As root it installs directly; as another user it uses sudo (a fresh container's root shell has none).
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdfimages >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
if [ ${#need[@]} -eq 0 ]; then
  echo "test dependencies present"
  exit 0
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "need root to install: ${need[*]} (run this script as root)" >&2
    exit 1
  fi
  as_root=(sudo)
fi
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
# Debian starts a cluster on install where it can; the tests start their own on a free port.
if command -v pg_ctlcluster >/dev/null 2>&1; then
  "${as_root[@]}" pg_ctlcluster --force 15 main stop >/dev/null 2>&1 || true
fi
echo "installed: ${need[*]}"
