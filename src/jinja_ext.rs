//! A template's own Jinja extensions, run by Python: Cookiecutter's `_extensions` and Copier's
//! `_jinja_extensions`.
//!
//! Real templates ship extensions (`local_extensions.py` beside `cookiecutter.json`,
//! `extensions.py:Class` beside `copier.yml`, or a package) and name them in their config:
//! custom filters, tests, globals and tags. That is the template's code, so it runs only when
//! the template is trusted, like its hooks, in the interpreter hooks use (`JIG_PYTHON`). One
//! worker process per run loads the extensions into a Jinja2 environment built as the
//! template's tool builds its own (`Flavour`) and reports what they add. jig
//! keeps rendering with its own engine and calls the worker for each added filter, test and
//! global; a template text that uses an added tag (a new `{% ... %}` statement, which only
//! Jinja2's parser can read) is rendered whole by the worker. Either way the output is
//! the tool's. Calls are bounded by the hook timeout; the worker has its own process
//! group (Ctrl-C reaches jig, which stops it) and is killed when the run ends.

use minijinja::value::{Kwargs, Rest, Value};
use minijinja::{Environment, ErrorKind};
use serde::Deserialize;
use serde_json::{json, Value as Json};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

const WORKER: &str = include_str!("jinja_ext_worker.py");

/// Which tool's environment the worker builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavour {
    Cookiecutter,
    Copier,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("cannot start `{python}` to load the template's Jinja extensions")]
    Spawn {
        python: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the template's Jinja extensions need Jinja2, and `{python}` cannot import it")]
    NoJinja2 { python: String },
    #[error("{}: {message}", path.display())]
    Load { path: PathBuf, message: String },
}

/// What the extensions add to the environment.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Added {
    pub filters: Vec<String>,
    pub tests: Vec<String>,
    pub globals: Vec<String>,
    /// Globals that are values, not functions.
    pub constants: serde_json::Map<String, Json>,
    pub tags: Vec<String>,
    /// copier-templates-extensions `ContextHook`s (their class names): they compute the
    /// render context, so it goes through the worker once before anything renders.
    #[serde(default)]
    pub context_hooks: Vec<String>,
    /// Whether the worker built the tool's own environment (for Cookiecutter: cookiecutter
    /// importable).
    pub native: bool,
}

/// The running worker and what the extensions added.
pub(crate) struct Host {
    pub added: Added,
    worker: Mutex<Worker>,
    timeout: Duration,
}

impl std::fmt::Debug for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Host").field("added", &self.added).finish()
    }
}

struct Worker {
    child: Child,
    stdin: ChildStdin,
    replies: mpsc::Receiver<String>,
    /// Set once a call timed out or the worker died: every later call fails at once.
    broken: Option<String>,
}

impl Host {
    /// Starts the worker for `entries` of the template in `repo_dir` (after Jinja's own
    /// `builtin` ones); `search_path` backs `{% include %}` in texts the worker renders;
    /// `config` (the template's config file) is named in errors.
    pub(crate) fn start(
        flavour: Flavour,
        repo_dir: &Path,
        config: &Path,
        search_path: &[PathBuf],
        builtin: &[String],
        entries: &[String],
        env_vars: Option<&Json>,
    ) -> Result<Arc<Host>, Error> {
        let python = crate::hooks::python();
        let setup = json!({
            "flavour": match flavour {
                Flavour::Cookiecutter => "cookiecutter",
                Flavour::Copier => "copier",
            },
            "repo_dir": repo_dir,
            "search_path": search_path,
            "builtin": builtin,
            "extensions": entries,
            "env_vars": env_vars.cloned().unwrap_or(Json::Null),
        });
        let mut child = Command::new(&python)
            .args(["-c", WORKER, &setup.to_string()])
            .current_dir(repo_dir)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .map_err(|source| Error::Spawn {
                python: python.clone(),
                source,
            })?;
        let stdin = child.stdin.take().expect("piped");
        let stdout = child.stdout.take().expect("piped");
        let (send, replies) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let mut worker = Worker {
            child,
            stdin,
            replies,
            broken: None,
        };
        let timeout = Duration::from_secs(crate::hooks::default_timeout());
        let load = |message: String| Error::Load {
            path: config.to_path_buf(),
            message,
        };
        let added = match worker.reply(timeout) {
            Ok(Ok(value)) => serde_json::from_value::<Added>(value)
                .map_err(|e| load(format!("the Python worker answered: {e}"))),
            Ok(Err(message)) if message == "no-jinja2" => Err(Error::NoJinja2 { python }),
            Ok(Err(message)) => Err(load(match flavour {
                Flavour::Cookiecutter => format!("`_extensions`: {message}"),
                Flavour::Copier => format!("`_jinja_extensions`: {message}"),
            })),
            Err(message) => Err(load(message)),
        };
        let added = match added {
            Ok(added) => added,
            Err(e) => {
                worker.stop();
                return Err(e);
            }
        };
        Ok(Arc::new(Host {
            added,
            worker: Mutex::new(worker),
            timeout,
        }))
    }

    /// The filters and tests the extensions add (for "did you mean").
    pub(crate) fn callables(&self) -> Vec<String> {
        let added = &self.added;
        added.filters.iter().chain(&added.tests).cloned().collect()
    }

    /// Adds the extensions' filters, tests and globals to `env`, each calling the worker.
    pub(crate) fn register(self: &Arc<Self>, env: &mut Environment<'static>) {
        for name in &self.added.filters {
            env.add_filter(name.clone(), self.on_value("filter", name));
        }
        for name in &self.added.tests {
            let test = self.on_value("test", name);
            env.add_test(
                name.clone(),
                move |value: Value, args: Rest<Value>, kwargs: Kwargs| {
                    test(value, args, kwargs).map(|v| v.is_true())
                },
            );
        }
        for name in &self.added.globals {
            let (host, n) = (self.clone(), name.clone());
            env.add_function(name.clone(), move |args: Rest<Value>, kwargs: Kwargs| {
                host.call("global", &n, args.0, &kwargs)
            });
        }
        for (name, value) in &self.added.constants {
            env.add_global(name.clone(), crate::render::to_value(value));
        }
    }

    /// A filter or test (`kind`) taking the value it applies to, then its arguments.
    fn on_value(
        self: &Arc<Self>,
        kind: &'static str,
        name: &str,
    ) -> impl Fn(Value, Rest<Value>, Kwargs) -> Result<Value, minijinja::Error> + Send + Sync + 'static
    {
        let (host, name) = (self.clone(), name.to_string());
        move |value, args, kwargs| {
            let all = std::iter::once(value).chain(args.0).collect();
            host.call(kind, &name, all, &kwargs)
        }
    }

    fn call(
        &self,
        kind: &str,
        name: &str,
        args: Vec<Value>,
        kwargs: &Kwargs,
    ) -> Result<Value, minijinja::Error> {
        // Jinja2's StrictUndefined fails as soon as an undefined value is used; JSON would
        // hand the extension `None` instead.
        let undefined = || {
            minijinja::Error::new(
                ErrorKind::UndefinedError,
                format!(
                    "{kind} `{name}` was given an undefined value (is a name before it misspelt?)"
                ),
            )
        };
        if args.iter().any(Value::is_undefined) {
            return Err(undefined());
        }
        let mut named = serde_json::Map::new();
        let keys: Vec<String> = kwargs.args().map(str::to_string).collect();
        for key in keys {
            let value: Value = kwargs.get(&key)?;
            if value.is_undefined() {
                return Err(undefined());
            }
            named.insert(key, to_json(&value)?);
        }
        let args = args.iter().map(to_json).collect::<Result<Vec<_>, _>>()?;
        let request =
            json!({"op": "call", "kind": kind, "name": name, "args": args, "kwargs": named});
        let what = format!("{kind} `{name}` (from the template's `_extensions`)");
        let reply = self.request(&request, &what)?;
        Ok(crate::render::to_value(&reply))
    }

    /// `context` after the template's ContextHooks, which the worker runs as Copier runs them
    /// when it renders (the hooks change or add values; what they remove is gone).
    pub(crate) fn hooked(&self, context: &Value) -> Result<Value, minijinja::Error> {
        let request = json!({"op": "context", "context": to_json(context)?});
        let names: Vec<String> = self
            .added
            .context_hooks
            .iter()
            .map(|n| format!("`{n}`"))
            .collect();
        let what = format!(
            "the ContextHook{} {} (from the template's `_jinja_extensions`)",
            if names.len() == 1 { "" } else { "s" },
            names.join(", ")
        );
        let reply = self.request(&request, &what)?;
        Ok(crate::render::to_value(&reply))
    }

    /// Whether `source` uses a tag an extension added, after the block opener `open`.
    pub(crate) fn claims(&self, source: &str, open: &str) -> bool {
        !self.added.tags.is_empty()
            && source.match_indices(open).any(|(at, _)| {
                let rest = source[at + open.len()..].trim_start_matches(['-', '+']);
                let word: String = rest
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                self.added.tags.contains(&word)
            })
    }

    /// Renders `source` whole with Jinja2 and the extensions, against `context`.
    pub(crate) fn render(
        &self,
        name: &str,
        source: &str,
        context: &Value,
    ) -> Result<String, minijinja::Error> {
        let request =
            json!({"op": "render", "name": name, "source": source, "context": to_json(context)?});
        let what = if self.added.native {
            "Jinja2 (the text uses a tag of the template's extensions)"
        } else {
            "Jinja2 (the text uses a tag of the template's extensions; the Python running them has no Cookiecutter, so `now`, `slugify` and Cookiecutter's other built-ins are missing there: install cookiecutter into it)"
        };
        let reply = self.request(&request, what)?;
        Ok(reply.as_str().unwrap_or_default().to_string())
    }

    fn request(&self, request: &Json, what: &str) -> Result<Json, minijinja::Error> {
        let mut worker = self.worker.lock().unwrap_or_else(|e| e.into_inner());
        let failed = |message: String| {
            minijinja::Error::new(ErrorKind::InvalidOperation, format!("{what}: {message}"))
        };
        if let Some(reason) = &worker.broken {
            return Err(failed(reason.clone()));
        }
        let line = request.to_string() + "\n";
        if worker.stdin.write_all(line.as_bytes()).is_err() {
            worker.broken = Some("the Python worker has ended".into());
            return Err(failed("the Python worker has ended".into()));
        }
        match worker.reply(self.timeout) {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(message)) => Err(failed(message)),
            Err(message) => {
                worker.broken = Some(message.clone());
                Err(failed(message))
            }
        }
    }
}

impl Worker {
    /// The next reply: `Ok(Ok(value))`, `Ok(Err(the code's error))`, or `Err` when the worker
    /// died or took longer than `timeout` (it is then killed).
    fn reply(&mut self, timeout: Duration) -> Result<Result<Json, String>, String> {
        let started = std::time::Instant::now();
        let slice = Duration::from_millis(50);
        let line = loop {
            match self.replies.recv_timeout(slice) {
                Ok(line) => break line,
                Err(mpsc::RecvTimeoutError::Timeout) if crate::interrupt::requested() => {
                    self.stop();
                    return Err("interrupted".into());
                }
                Err(mpsc::RecvTimeoutError::Timeout) if started.elapsed() >= timeout => {
                    self.stop();
                    return Err(format!(
                        "took longer than {} s, so it was stopped (JIG_HOOK_TIMEOUT sets the limit)",
                        timeout.as_secs()
                    ));
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err("the Python worker ended without an answer".into())
                }
            }
        };
        let reply: Json = serde_json::from_str(&line)
            .map_err(|_| format!("the Python worker answered `{line}`"))?;
        if let Some(error) = reply.get("error") {
            return Ok(Err(error.as_str().unwrap_or_default().to_string()));
        }
        Ok(Ok(reply.get("ok").cloned().unwrap_or(Json::Null)))
    }

    /// Kills the worker's process group and reaps it (once: a worker already reaped is left,
    /// so a recycled process id is never signalled).
    fn stop(&mut self) {
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            return;
        }
        crate::hooks::kill_group(self.child.id());
        let _ = self.child.wait();
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        let worker = self.worker.get_mut().unwrap_or_else(|e| e.into_inner());
        worker.stop();
    }
}

fn to_json(value: &Value) -> Result<Json, minijinja::Error> {
    serde_json::to_value(value).map_err(|e| {
        minijinja::Error::new(
            ErrorKind::InvalidOperation,
            format!("cannot pass {value} to Python: {e}"),
        )
    })
}

/// The extensions' tags as the renderer's second engine: a text that uses one is rendered
/// whole by the worker.
pub(crate) struct Tags {
    pub host: Arc<Host>,
    /// The block opener (`{%`, or `_jinja2_env_vars.block_start_string`).
    pub open: String,
}

impl crate::render::Foreign for Tags {
    fn claims(&self, source: &str) -> bool {
        self.host.claims(source, &self.open)
    }

    fn render(
        &self,
        name: &str,
        source: &str,
        context: &Value,
    ) -> Result<String, minijinja::Error> {
        self.host.render(name, source, context)
    }
}
