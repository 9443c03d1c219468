"""Times `jig new` against `cookiecutter --no-input`, `copier copy --defaults` and `cp -r`
on the same synthetic templates, and prints the ratios (medians of several runs). jig runs
three times: on its own blueprint, on the very Cookiecutter template cookiecutter renders,
and on the very Copier template copier renders.

Each template has text files with variables, conditions and loops spread over nested
directories, plus 5% binary files. All tools render the same content; jig runs with --no-git
and --no-hooks because the peers do neither.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

TEXT = """# File {i} of {{{{ {ns}project_name }}}}
{{% for item in range(8) %}}line {{{{ item }}}} of {{{{ {ns}project_slug }}}} ({{{{ {ns}owner | upper }}}})
{{% endfor %}}{{% if {ns}use_docker %}}docker: enabled
{{% else %}}docker: disabled
{{% endif %}}{{{{ {ns}description }}}}
"""


def make_templates(root: Path, files: int) -> dict[str, Path]:
    rng = random.Random(files)
    answers = {
        "project_name": "Bench Project",
        "project_slug": "bench-project",
        "owner": "platform",
        "description": "A synthetic template for benchmarks",
        "use_docker": False,
    }
    jig = root / "jig"
    cc = root / "cookiecutter"
    cp = root / "copier"
    (jig / "template").mkdir(parents=True)
    (cc / "{{cookiecutter.project_slug}}").mkdir(parents=True)
    (cp / "template").mkdir(parents=True)
    questions = "".join(
        f"  {k}:\n    type: {'boolean' if isinstance(v, bool) else 'string'}\n    default: {json.dumps(v)}\n"
        for k, v in answers.items()
    )
    (jig / "blueprint.yaml").write_text(
        f"name: bench\nversion: 1.0.0\nproject_dir: '{{{{ project_slug }}}}'\nquestions:\n{questions}"
    )
    (cc / "cookiecutter.json").write_text(json.dumps(answers, indent=2))
    copier_qs = "".join(f"{k}:\n  type: {'bool' if isinstance(v, bool) else 'str'}\n  default: {json.dumps(v)}\n" for k, v in answers.items())
    (cp / "copier.yml").write_text(f"_subdirectory: template\n_templates_suffix: .jinja\n{copier_qs}")
    for i in range(files):
        rel = Path(f"pkg{i % 25}") / f"sub{i % 7}" / f"module_{i}"
        binary = i % 20 == 19
        if binary:
            data = bytes([0x89, 0x50, 0x4E, 0x47, 0, 0]) + rng.randbytes(2048)
            for base in (jig / "template", cc / "{{cookiecutter.project_slug}}", cp / "template"):
                path = base / rel.with_suffix(".png")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            continue
        for base, ns, suffix in (
            (jig / "template", "", ".txt"),
            (cc / "{{cookiecutter.project_slug}}", "cookiecutter.", ".txt"),
            (cp / "template", "", ".txt.jinja"),
        ):
            path = base / rel.with_suffix(suffix)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(TEXT.format(i=i, ns=ns))
    return {"jig": jig, "cookiecutter": cc, "copier": cp}


def timed(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time in seconds and peak RSS in KiB of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss


def bench(name: str, build_cmd, work: Path, runs: int) -> tuple[float, int]:
    times, peak = [], 0
    (work / f"{name}-warmup").mkdir()
    timed(build_cmd(work / f"{name}-warmup"), work)  # warm the page cache and interpreters
    shutil.rmtree(work / f"{name}-warmup", ignore_errors=True)
    for n in range(runs):
        out = work / f"{name}-out-{n}"
        out.mkdir(parents=True)
        elapsed, rss = timed(build_cmd(out), work)
        times.append(elapsed)
        peak = max(peak, rss)
        shutil.rmtree(out)
        os.sync()
    return statistics.median(times), peak


def bench_check(jig: str, template: Path, work: Path, runs: int) -> tuple[float, float]:
    """`jig check` on a project made from a tagged blueprint repository, against `jig new`
    (with its git repository, as users run it) of the same blueprint: (new, check) medians."""
    repo = work / "bp-repo"
    shutil.copytree(template, repo)
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "v1"], ["tag", "v1.0.0"]):
        subprocess.run(["git", *cmd], cwd=repo, check=True, stdout=subprocess.DEVNULL)
    source = f"{repo}@latest"
    new, _ = bench("jig-new-git", lambda o: [jig, "new", source, "--defaults", "--no-hooks", "-q", "-o", str(o)], work, runs)
    (work / "proj").mkdir()
    timed([jig, "new", source, "--defaults", "--no-hooks", "-q", "-o", str(work / "proj")], work)
    project = next((work / "proj").iterdir())
    times = [timed([jig, "check", str(project), "--offline", "-q"], work)[0] for _ in range(runs + 1)][1:]
    return new, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jig", required=True)
    parser.add_argument("--venv", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", default="/dev/shm" if Path("/dev/shm").is_dir() else None,
                        help="where templates and outputs go (tmpfs by default, so disk write-back does not add noise)")
    parser.add_argument("--check-only", action="store_true", help="only `jig check` against `jig new` (no peers)")
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 5000])
    args = parser.parse_args()
    jig = str(Path(args.jig).resolve())
    venv = Path(args.venv).resolve() / "bin"
    os.environ.setdefault("GIT_AUTHOR_NAME", "bench")
    os.environ.setdefault("GIT_AUTHOR_EMAIL", "bench@localhost")
    os.environ.setdefault("GIT_COMMITTER_NAME", "bench")
    os.environ.setdefault("GIT_COMMITTER_EMAIL", "bench@localhost")
    rows, checks = [], []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="jig-bench-", dir=args.workdir) as tmp:
            work = Path(tmp)
            tpl = make_templates(work / "templates", size)
            runs = args.runs if size <= 1000 else max(3, args.runs - 2)
            os.environ["JIG_CACHE_DIR"] = str(work / "cache")
            if args.check_only:
                checks.append((size, *bench_check(jig, tpl["jig"], work, runs)))
                continue
            j, j_rss = bench("jig", lambda o: [jig, "new", str(tpl["jig"]), "--defaults", "--no-git", "--no-hooks", "-q", "-o", str(o)], work, runs)
            jc, _ = bench("jig-cc", lambda o: [jig, "new", str(tpl["cookiecutter"]), "--defaults", "--no-git", "--no-hooks", "-q", "-o", str(o)], work, runs)
            c, _ = bench("cc", lambda o: [str(venv / "cookiecutter"), "--no-input", "-o", str(o), str(tpl["cookiecutter"])], work, runs)
            p, _ = bench("copier", lambda o: [str(venv / "copier"), "copy", "--defaults", "--trust", "--quiet", str(tpl["copier"]), str(o / "x")], work, runs)
            jp, _ = bench("jig-copier", lambda o: [jig, "new", str(tpl["copier"]), str(o / "x"), "--defaults", "--no-git", "--no-hooks", "-q"], work, runs)
            r, _ = bench("cp", lambda o: ["cp", "-r", str(tpl["jig"] / "template"), str(o / "x")], work, runs)
            rows.append((size, j, c, p, r, j_rss, jc, jp))
            checks.append((size, *bench_check(jig, tpl["jig"], work, runs)))
    if args.check_only:
        print_checks(checks)
        return
    print("| files | cookiecutter / jig | cookiecutter / jig, same Cookiecutter template | copier / jig | copier / jig, same Copier template | jig / cp -r | jig peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size, j, c, p, r, rss, jc, jp in rows:
        print(f"| {size} | {c / j:.1f}x | {c / jc:.1f}x | {p / j:.1f}x | {p / jp:.1f}x | {j / r:.2f}x | {rss / 1024:.1f} MiB |")
    print()
    print("medians (s): " + "; ".join(f"{s} files: jig {j:.3f}, jig on the Cookiecutter template {jc:.3f}, jig on the Copier template {jp:.3f}, cookiecutter {c:.3f}, copier {p:.3f}, cp -r {r:.3f}" for s, j, c, p, r, _, jc, jp in rows))
    print_checks(checks)


def print_checks(checks) -> None:
    print()
    print("| files | jig check / jig new (same blueprint, from a tagged git repository) |")
    print("|---:|---:|")
    for size, new, check in checks:
        print(f"| {size} | {check / new:.2f}x |")
    print()
    print("medians (s): " + "; ".join(f"{s} files: jig new {n:.3f}, jig check {c:.3f}" for s, n, c in checks))


if __name__ == "__main__":
    main()

