"""Times `jig new` with its first commit against git's own CLI on the same tree:
`cp -r TREE DEST && cd DEST && git init -q && git add -A && git commit -qm init`, where TREE is
the project jig renders (made once with `--no-git`). The two run in turn, A B A B ..., each
into a fresh destination that is removed (and the disk synced) before the next run, so
write-back of one run does not land in the next. Prints medians, the ratio of the medians and
the median of the pair-by-pair ratios (which holds when the machine's speed drifts).

Run through `bench/run --commit [--workdir DIR] [--runs N] [SIZES...]`; the work directory
decides the file system (tmpfs by default; a directory on the real disk for the disk figures).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench import make_templates, timed

GIT_SEQUENCE = 'cp -r "$1" "$2" && cd "$2" && git init -q && git add -A && git commit -qm init'


def check_same_tree(jig_project: Path, git_project: Path) -> None:
    """Both commits must hold the same tree, and both work trees must be clean."""
    trees = []
    for project in (jig_project, git_project):
        run = lambda *a: subprocess.run(["git", *a], cwd=project, check=True, capture_output=True, text=True).stdout
        trees.append(run("rev-parse", "HEAD^{tree}").strip())
        if run("status", "--porcelain"):
            raise SystemExit(f"{project}: `git status` is not clean after the commit")
        run("fsck", "--full", "--strict")
    if trees[0] != trees[1]:
        raise SystemExit(f"the trees differ: jig {trees[0]}, git {trees[1]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jig", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--workdir", default="/dev/shm" if Path("/dev/shm").is_dir() else None)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    args = parser.parse_args()
    jig = str(Path(args.jig).resolve())
    for key, value in (("NAME", "bench"), ("EMAIL", "bench@localhost")):
        os.environ[f"GIT_AUTHOR_{key}"] = value
        os.environ[f"GIT_COMMITTER_{key}"] = value
    os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="jig-bench-commit-", dir=args.workdir) as tmp:
            work = Path(tmp)
            blueprint = make_templates(work / "templates", size)["jig"]
            os.environ["JIG_CACHE_DIR"] = str(work / "cache")
            # The tree git commits: what jig renders, answers file included.
            (work / "tree").mkdir()
            timed([jig, "new", str(blueprint), "--defaults", "--no-git", "--no-hooks", "-q", "-o", str(work / "tree")], work)
            tree = next((work / "tree").iterdir())
            jig_cmd = lambda out: [jig, "new", str(blueprint), "--defaults", "--no-hooks", "-q", "-o", str(out)]
            git_cmd = lambda out: ["sh", "-c", GIT_SEQUENCE, "sh", str(tree), str(out / "x")]
            # Warm-up of each, and the check that both make the same commit tree.
            for name, cmd in (("jig", jig_cmd), ("git", git_cmd)):
                (work / f"warm-{name}").mkdir()
                timed(cmd(work / f"warm-{name}"), work)
            check_same_tree(next((work / "warm-jig").iterdir()), work / "warm-git" / "x")
            for name in ("jig", "git"):
                shutil.rmtree(work / f"warm-{name}")
            times: dict[str, list[float]] = {"jig": [], "git": []}
            peak = 0
            for n in range(args.runs):
                for name, cmd in (("jig", jig_cmd), ("git", git_cmd)):
                    out = work / f"{name}-{n}"
                    out.mkdir()
                    os.sync()
                    elapsed, rss = timed(cmd(out), work)
                    times[name].append(elapsed)
                    if name == "jig":
                        peak = max(peak, rss)
                    shutil.rmtree(out)
            j, g = statistics.median(times["jig"]), statistics.median(times["git"])
            paired = statistics.median(a / b for a, b in zip(times["jig"], times["git"]))
            rows.append((size, j, g, paired, min(times["jig"]), min(times["git"]), peak))
    print(f"work directory: {args.workdir} ({args.runs} runs each, alternating)")
    print("| files | jig new (with commit) | cp -r + git init/add/commit | jig / git (medians) | jig / git (paired median) | min jig / min git | jig peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size, j, g, paired, mj, mg, peak in rows:
        print(f"| {size} | {j:.3f} s | {g:.3f} s | {j / g:.2f}x | {paired:.2f}x | {mj:.3f} / {mg:.3f} s | {peak / 1024:.1f} MiB |")


if __name__ == "__main__":
    main()
