#!/bin/sh
# anyray-connect for MDM tools (Jamf, Intune, …) that run a script as root on behalf of the logged-in user.
#
#   ANYRAY_GATEWAY_URL=https://gw.example ANYRAY_INVITE=ari_... ANYRAY_RELEASE=0.2.0 sh mdm-onboard.sh [user]
#
# It runs the pinned release as the user (default: the console user on macOS, else $SUDO_USER), with
# --yes --json, the invite in the environment; the JSON result goes to stdout for the MDM's log (it
# never holds a key or the invite). Idempotent: once a personal key is stored, the invite is not sent
# again and the run reports every tool up to date. Exit code: anyray-connect's (0 done, 1 failed).
set -eu
release="${ANYRAY_RELEASE:?set ANYRAY_RELEASE, e.g. 0.2.0}"
gateway="${ANYRAY_GATEWAY_URL:?set ANYRAY_GATEWAY_URL}"
command="${ANYRAY_CONNECT_COMMAND:-jbang anyray-connect-$release@anyray}"
user="${1:-}"
if [ -z "$user" ]; then
  if [ "$(uname)" = Darwin ]; then user=$(stat -f%Su /dev/console); else user="${SUDO_USER:-$(id -un)}"; fi
fi

# The invite travels in the environment (sudo --preserve-env), never in an argument list that ps shows.
as_user() {
  if [ "$user" = "$(id -un)" ]; then "$@"; else sudo --preserve-env=ANYRAY_INVITE -u "$user" -H "$@"; fi
}

# A key stored by an earlier run wins: the single-use invite is sent only the first time.
ANYRAY_INVITE="${ANYRAY_INVITE:-}"
if as_user $command --status --json 2>/dev/null | grep -q '"storedKey"'; then ANYRAY_INVITE=""; fi
export ANYRAY_INVITE
as_user $command --gateway "$gateway" --yes --json
