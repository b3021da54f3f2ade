# Sourced by install.sh around its apt-get install: Debian starts a package's daemon as soon as
# it is installed and enables it at boot (transmission-daemon with DHT on 0.0.0.0, deluged,
# opentracker...), which the tests' daemons must never do on someone's machine. daemons_hold
# stops the starts with a policy-rc.d; daemons_release removes that file again (only if it wrote
# it: an existing one is the administrator's and stays as it is) and disables at boot exactly
# what the install enabled, as `systemctl disable` (systemd links) and `update-rc.d disable`
# (SysV S links become K links) do, without needing a running systemd; links that were there
# before are left alone. The caller defines as_root; REELARR_INSTALL_ROOT points everything at
# another root directory (the tests use a fake one).

daemons_root="${REELARR_INSTALL_ROOT:-}"
daemons_policy="$daemons_root/usr/sbin/policy-rc.d"
daemons_state=""

# Every link that starts something at boot: systemd's .wants/.requires links and SysV start links.
daemons_boot_links() {
    find "$daemons_root/etc/systemd/system" "$daemons_root"/etc/rc?.d \
        \( -path '*.wants/*' -o -path '*.requires/*' -o -path '*/rc?.d/S*' \) 2>/dev/null | sort
}

daemons_hold() {
    daemons_state=$(mktemp -d)
    daemons_boot_links > "$daemons_state/before"
    if [ ! -e "$daemons_policy" ]; then
        printf '#!/bin/sh\n# Written by Reelarr'"'"'s install.sh while apt runs; it removes it afterwards.\nexit 101\n' \
            | as_root tee "$daemons_policy" >/dev/null
        as_root chmod 755 "$daemons_policy"
        : > "$daemons_state/policy-is-ours"
    fi
}

daemons_release() {
    [ -n "$daemons_state" ] || return 0
    if [ -e "$daemons_state/policy-is-ours" ]; then
        as_root rm -f "$daemons_policy"
    fi
    daemons_boot_links | comm -13 "$daemons_state/before" - | while read -r link; do
        case "$link" in
            */rc?.d/S*) as_root mv "$link" "${link%/*}/K${link##*/S}" ;;
            *) as_root rm "$link" ;;
        esac
        echo "install: not enabled at boot: ${link#"$daemons_root"}"
    done
    rm -rf "$daemons_state"
    daemons_state=""
}
