"""Runs a command in a bare root: a private mount namespace (`unshare -m`)
whose root holds only the system's /usr and /etc (read-only), /dev, /proc, an
empty /tmp and the folders a test binds in. No source tree, no Swift toolchain,
no Python packages of ours: what a copied binary or a Gradescope image sees.

Needs root and util-linux's unshare; `available()` says whether this machine
allows it.
"""
import os
import shlex
import shutil
import subprocess
import tempfile

PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def available() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None or shutil.which("chroot") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "true"], capture_output=True)
    return probe.returncode == 0


def _root_setup(root: str, binds: dict) -> str:
    lines = ['set -e', f'R={shlex.quote(root)}', 'mount -t tmpfs -o size=4g tmpfs "$R"']
    for top in ("usr", "etc"):
        lines += [f'mkdir "$R/{top}"', f'mount --rbind /{top} "$R/{top}"', f'mount -o remount,bind,ro "$R/{top}"']
    for link in ("bin", "sbin", "lib", "lib64", "lib32", "libx32"):
        host = f"/{link}"
        if os.path.islink(host):
            lines.append(f'ln -s {shlex.quote(os.readlink(host).lstrip("/"))} "$R/{link}"')
        elif os.path.isdir(host):
            lines += [f'mkdir "$R/{link}"', f'mount --rbind {host} "$R/{link}"']
    lines += ['mkdir "$R/dev" "$R/proc" "$R/tmp"', 'mount --rbind /dev "$R/dev"', 'mount -t proc proc "$R/proc"',
              'chmod 1777 "$R/tmp"']
    for host, inside in binds.items():
        lines += [f'mkdir -p "$R"{shlex.quote(inside)}', f'mount --bind {shlex.quote(str(host))} "$R"{shlex.quote(inside)}']
    return "\n".join(lines)


def run(command: str, binds: dict, env: dict | None = None, timeout: float = 900, cwd: str = "/tmp",
        stdin: str | None = None) -> subprocess.CompletedProcess:
    """Runs the shell command `command` as root in a bare root with `binds`
    ({host folder: path inside}); returns its output and status."""
    variables = {"PATH": PATH, "HOME": "/tmp", "LANG": "C.UTF-8"} | (env or {})
    assignments = " ".join(f"{k}={shlex.quote(v)}" for k, v in variables.items())
    root = tempfile.mkdtemp(prefix="bare-root-")
    script = _root_setup(root, binds) + f'\nexec chroot "$R" /usr/bin/env -i {assignments} /bin/sh -c {shlex.quote(f"cd {shlex.quote(cwd)} && {command}")}\n'
    try:
        return subprocess.run(["unshare", "-m", "--propagation", "private", "/bin/sh", "-c", script],
                              input=stdin, capture_output=True, text=True, timeout=timeout)
    finally:
        os.rmdir(root)  # the tmpfs was mounted in the namespace only; here it is an empty folder
