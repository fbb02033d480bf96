#!/bin/sh
# anyray-connect for MDM tools (Jamf, Intune, …) that run a script as root on behalf of the logged-in user.
#
#   ANYRAY_GATEWAY_URL=https://gw.example ANYRAY_INVITE=ari_... ANYRAY_RELEASE=0.2.0 sh mdm-onboard.sh [user]
#
# It runs the pinned release as the user (default: the console user on macOS, else $SUDO_USER), with
# --yes --json; the JSON result goes to stdout for the MDM's log (it never holds a key or the invite).
# It becomes the user with sudo, else doas, else su (whichever the machine has).
# The invite goes to anyray-connect on stdin (--invite -): never on a command line that ps shows.
# Idempotent: once a personal key is stored, the invite is not sent again and the run reports every
# tool up to date; a key kept in the user's keychain, which this session cannot read, is left to the
# user's own runs. Exit code: anyray-connect's (0 done, 1 failed).
set -eu
release="${ANYRAY_RELEASE:?set ANYRAY_RELEASE, e.g. 0.2.0}"
gateway="${ANYRAY_GATEWAY_URL:?set ANYRAY_GATEWAY_URL}"
command="${ANYRAY_CONNECT_COMMAND:-jbang anyray-connect-$release@anyray}"
user="${1:-}"
if [ -z "$user" ]; then
  if [ "$(uname)" = Darwin ]; then user=$(stat -f%Su /dev/console); else user="${SUDO_USER:-$(id -un)}"; fi
fi
invite="${ANYRAY_INVITE:-}"
unset ANYRAY_INVITE

as_user() {
  if [ "$user" = "$(id -un)" ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -u "$user" -H "$@"
  elif command -v doas >/dev/null 2>&1; then doas -u "$user" "$@"
  else su -s /bin/sh -c 'exec "$@"' "$user" anyray-connect "$@"
  fi
}

# Whether a key is stored is read from the record (--status --json says so even when the keychain
# holding it cannot be read from here): the single-use invite is sent only the first time.
status=$(as_user $command --status --json 2>/dev/null || true)
if printf '%s' "$status" | grep -q '"keyUnreadable"'; then
  echo "anyray-connect: $user's key is in a keychain this session cannot read; nothing to do here" >&2
  printf '%s\n' "$status"
  exit 0
fi
if printf '%s' "$status" | grep -q '"keyStored" : true'; then invite=""; fi
if [ -n "$invite" ]; then
  # printf is the shell's own: the invite is on no process's command line.
  printf '%s\n' "$invite" | as_user $command --gateway "$gateway" --yes --json --invite -
else
  as_user $command --gateway "$gateway" --yes --json < /dev/null
fi
