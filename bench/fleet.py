"""Times `jig fleet status` over a fleet of repositories on a local git server (`git daemon`
on loopback) against the loop a team would otherwise script: for each repository,
`git clone --depth 1` into a fresh directory and `jig check` there. Cold: jig's cache empty
for both (jig fetches every repository and the blueprint; the loop's `jig check` fetches the
blueprint). Warm: the cache filled by a previous run (the loop still clones every repository,
as a script run from CI does). Prints medians, the ratios, and peak memory.

The repositories are made by `jig new` from the first-party `python-lib` blueprint published as
a tagged git repository at 1.0.0; one in five has a file the team changed; 1.1.0 is released
afterwards, so every repository is a version behind (the fleet a rollout starts from).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path


def run(cmd: list[str], cwd: Path, env: dict) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of the largest process of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 10, 11, 12):
        raise SystemExit(f"{cmd[:3]} exited {code}: {proc.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss


def git(args: list[str], cwd: Path, env: dict) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(root: Path, jig: str, repos: int, env: dict) -> tuple[Path, subprocess.Popen, int]:
    srv = root / "srv"
    (srv / "fleet").mkdir(parents=True)
    port = free_port()
    exec_path = subprocess.run(["git", "--exec-path"], capture_output=True, text=True).stdout.strip()
    daemon = subprocess.Popen(
        [f"{exec_path}/git-daemon", "--reuseaddr", "--export-all", "--listen=127.0.0.1",
         f"--port={port}", f"--base-path={srv}", str(srv)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    bp = srv / "python-lib"
    shutil.copytree(Path(__file__).resolve().parent.parent / "blueprints" / "python-lib", bp)
    git(["init", "-q", "-b", "main"], bp, env)
    git(["add", "-A"], bp, env)
    git(["commit", "-q", "-m", "1.0.0"], bp, env)
    git(["tag", "v1.0.0"], bp, env)
    url = f"git://127.0.0.1:{port}/python-lib"
    work = root / "work"
    work.mkdir()
    entries = []
    for i in range(repos):
        name = f"repo-{i:04d}"
        subprocess.run([jig, "new", url, "--defaults", "--no-hooks", "-q", "-o", str(work),
                        "--data", f"dist_name={name}"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        project = work / name
        if i % 5 == 0:
            readme = project / "README.md"
            readme.write_text(readme.read_text() + "\nOur own notes.\n")
            git(["commit", "-q", "-am", "team edit"], project, env)
        git(["clone", "-q", "--bare", str(project), str(srv / "fleet" / f"{name}.git")], root, env)
        entries.append(f"git://127.0.0.1:{port}/fleet/{name}.git")
    # A release after the repositories were made: they follow the newest, so all are behind.
    manifest = bp / "blueprint.yaml"
    manifest.write_text(manifest.read_text().replace("version: 1.0.0", "version: 1.1.0", 1))
    git(["commit", "-q", "-am", "1.1.0"], bp, env)
    git(["tag", "v1.1.0"], bp, env)
    fleet = root / "fleet.yaml"
    fleet.write_text("repositories:\n" + "".join(f"  - {e}\n" for e in entries))
    shutil.rmtree(work)
    return fleet, daemon, port


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--jig", required=True)
    ap.add_argument("--repos", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--dir", help="where to build the fleet (default: a temporary directory)")
    ap.add_argument("--only-jig", action="store_true", help="time jig alone (large fleets: the loop takes minutes)")
    args = ap.parse_args()
    jig = str(Path(args.jig).resolve())
    root = Path(tempfile.mkdtemp(prefix="jig-fleet-bench-", dir=args.dir))
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", NO_COLOR="1",
               GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com",
               HOME=str(root / "home"), XDG_CONFIG_HOME=str(root / "config"))
    env["JIG_CACHE_DIR"] = str(root / "build-cache")
    try:
        fleet, daemon, port = build(root, jig, args.repos, env)
        urls = [l.strip()[2:] for l in fleet.read_text().splitlines()[1:]]
        loop = root / "loop.sh"
        loop.write_text(
            "#!/bin/sh\nset -u\nwork=$(mktemp -d -p \"$1\")\n"
            + "".join(
                f"git clone -q --depth 1 {u} \"$work/{i}\" && {jig} check \"$work/{i}\" -q --format json > /dev/null; "
                f"[ $? -le 12 ] || exit 1\n"
                for i, u in enumerate(urls)
            )
            + "rm -rf \"$work\"\n")
        loop.chmod(0o755)
        cache = root / "cache"
        results = {}
        for mode in ("cold", "warm"):
            for tool in ("jig",) if args.only_jig else ("jig", "loop"):
                times, peak = [], 0
                for n in range(args.runs):
                    if mode == "cold":
                        shutil.rmtree(cache, ignore_errors=True)
                    elif not cache.exists():
                        run([jig, "fleet", "status", str(fleet), "--format", "json", "--out", str(root / "r.json")],
                            root, dict(env, JIG_CACHE_DIR=str(cache)))
                    e = dict(env, JIG_CACHE_DIR=str(cache))
                    if tool == "jig":
                        cmd = [jig, "fleet", "status", str(fleet), "--format", "json", "--out", str(root / "r.json")]
                    else:
                        cmd = ["sh", str(loop), str(root)]
                    elapsed, rss = run(cmd, root, e)
                    times.append(elapsed)
                    peak = max(peak, rss)
                    os.sync()
                results[(mode, tool)] = (statistics.median(times), peak)
        daemon.kill()
        print(f"fleet of {args.repos} repositories on git daemon (loopback), {args.runs} runs each, medians")
        print("| cache | jig fleet status | clone + jig check loop | loop / jig | jig peak RSS |")
        print("|---|---:|---:|---:|---:|")
        for mode in ("cold", "warm"):
            j = results[(mode, "jig")]
            l = results.get((mode, "loop"), (float("nan"), 0))
            print(f"| {mode} | {j[0]:.2f} s | {l[0]:.2f} s | {l[0] / j[0]:.1f}x | {j[1] / 1024:.1f} MiB |")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
