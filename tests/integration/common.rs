//! Helpers: a sandboxed `jig` command, blueprint fixtures written on the fly, tree inspection.

use assert_cmd::Command;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// A scratch world: a home directory, a config dir and an output dir, all temporary.
pub(crate) struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub(crate) fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        // jig's scratch directories go here, where tests can see what a run left.
        std::fs::create_dir(dir.path().join("tmp")).unwrap();
        Sandbox { dir }
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn out(&self) -> PathBuf {
        self.path().join("out")
    }

    /// `jig` with a clean, reproducible environment.
    pub(crate) fn jig(&self) -> Command {
        Command::from_std(self.jig_std())
    }

    /// The same, as a plain `std::process::Command` (to spawn several at once).
    pub(crate) fn jig_std(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_jig"));
        cmd.current_dir(self.path())
            .env_clear()
            .env("PATH", test_path())
            .env("HOME", self.path().join("home"))
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_CACHE_HOME", self.path().join("cache"))
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("TMPDIR", self.path().join("tmp"))
            .env("GIT_AUTHOR_NAME", "Test Author")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", "1700000000");
        cmd
    }

    /// The usual scripted run: `jig new SOURCE --defaults -o out EXTRA...`.
    pub(crate) fn new_project(&self, source: &Path, extra: &[&str]) -> std::process::Output {
        self.jig()
            .arg("new")
            .arg(source)
            .args(["--defaults", "-o", "out"])
            .args(extra)
            .output()
            .unwrap()
    }

    /// `jig new SOURCE --defaults -o DIR EXTRA...`, into another output folder.
    pub(crate) fn new_project_in(
        &self,
        source: &Path,
        dir: &str,
        extra: &[&str],
    ) -> std::process::Output {
        self.jig()
            .arg("new")
            .arg(source)
            .args(["--defaults", "-o", dir])
            .args(extra)
            .output()
            .unwrap()
    }

    /// Writes a blueprint: `files` are (path below the blueprint dir, content).
    pub(crate) fn blueprint(&self, name: &str, files: &[(&str, &str)]) -> PathBuf {
        let root = self.path().join("blueprints").join(name);
        for (rel, content) in files {
            write(&root.join(rel), content.as_bytes());
        }
        root
    }

    /// `jig ARGS` in a real pseudo-terminal (colors off), ready for `expect`/`send`.
    pub(crate) fn pty_jig(&self, args: &[&str]) -> expectrl::session::OsSession {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_jig"));
        cmd.current_dir(self.path())
            .env_clear()
            .env("PATH", test_path())
            .env("TERM", "xterm-256color")
            .env("NO_COLOR", "1")
            .env("HOME", self.path().join("home"))
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_CACHE_HOME", self.path().join("cache"))
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("TMPDIR", self.path().join("tmp"))
            .env("GIT_AUTHOR_NAME", "T")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .args(args);
        let mut session = expectrl::Session::spawn(cmd).expect("spawn jig in a pty");
        session.set_expect_timeout(Some(std::time::Duration::from_secs(60)));
        session
    }

    pub(crate) fn write_config(&self, text: &str) {
        write(&self.path().join("config/jig/config.yaml"), text.as_bytes());
    }
}

/// PATH with the test venv (cfn-lint, pre-commit, pytest) in front.
pub(crate) fn test_path() -> String {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin");
    format!(
        "{}:{}",
        venv.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

pub(crate) fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

pub(crate) fn make_executable(path: &Path) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

pub(crate) fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Every path below `root` (files, dirs, links), relative and sorted; `.git` content left out.
pub(crate) fn tree(root: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git")
        .map(|e| {
            let e = e.unwrap();
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if e.file_type().is_dir() {
                format!("{rel}/")
            } else {
                rel
            }
        })
        .collect();
    out.sort();
    out
}

/// Names in a directory (including hidden ones), sorted.
pub(crate) fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(d) => d
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

pub(crate) fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub(crate) fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A minimal manifest with the given questions block (YAML, indented by two spaces).
pub(crate) fn manifest(questions: &str) -> String {
    format!("name: fixture\nversion: 1.2.3\ndescription: test fixture\nproject_dir: \"{{{{ project_slug }}}}\"\nquestions:\n  project_slug:\n    default: demo\n{questions}")
}

/// Runs the real `git` in `dir` and returns its stdout; panics with its stderr on failure.
pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Blueprint Author")
        .env("GIT_AUTHOR_EMAIL", "bp@example.com")
        .env("GIT_COMMITTER_NAME", "Blueprint Author")
        .env("GIT_COMMITTER_EMAIL", "bp@example.com")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A manifest for a blueprint called `name` at `version` whose README shows `marker`.
pub(crate) fn versioned_blueprint(root: &Path, name: &str, version: &str, marker: &str) {
    write(
        &root.join("blueprint.yaml"),
        format!(
            "name: {name}\nversion: {version}\ndescription: {name} for tests\nproject_dir: \"{{{{ project_slug }}}}\"\nquestions:\n  project_slug:\n    default: demo\n"
        )
        .as_bytes(),
    );
    write(
        &root.join("template/README.md"),
        format!("{{{{ project_slug }}}}: {marker}\n").as_bytes(),
    );
}

/// Reads the answers file of `blueprint` in the project at `project`, as YAML.
pub(crate) fn answers(project: &Path, blueprint: &str) -> serde_yaml_ng::Value {
    let text = read(&project.join(".jig").join(format!("{blueprint}.yaml")));
    serde_yaml_ng::from_str(&text).unwrap()
}

/// `sha256:<hex>` of `bytes`, as jig writes digests.
pub(crate) fn sha256_digest(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("sha256:{}", hex::encode(sha2::Sha256::digest(bytes)))
}

/// `jig lint --strict DIR` finds nothing.
pub(crate) fn assert_lints_clean(sb: &Sandbox, dir: &Path) {
    let lint = sb
        .jig()
        .args(["lint", "--strict"])
        .arg(dir)
        .output()
        .unwrap();
    assert_eq!(
        lint.status.code(),
        Some(0),
        "{}{}",
        stdout(&lint),
        stderr(&lint)
    );
}
