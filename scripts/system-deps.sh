#!/usr/bin/env bash
# Debian packages zonekit uses outside Python: chromium (kaleido image export, browser tests),
# fonts-noto-cjk (Chinese labels in images) and antiword (legacy Word .doc files). Installed when missing and we are root;
# otherwise we say how to install them and the tests that need them are skipped.
set -u
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v antiword >/dev/null || missing+=(antiword)
((${#missing[@]})) || exit 0
if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
  echo "zonekit: installing ${missing[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >/tmp/zonekit-apt.log 2>&1 || { echo "zonekit: apt-get failed, see /tmp/zonekit-apt.log"; exit 0; }
else
  echo "zonekit: missing ${missing[*]}; install with: sudo apt-get install -y ${missing[*]}"
  echo "zonekit: (image export, browser and .doc tests are skipped until then)"
fi
exit 0
