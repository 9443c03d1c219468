//! Logging in to a git remote and explaining failures: the credential callbacks (ssh-agent,
//! then `~/.ssh` key files, then git's credential helpers, each tried once) and the mapping
//! of a libgit2 error to the `git_remote::Error` that says what went wrong and what was tried.

use super::git_remote::{host_of, Error};
use git2::{Cred, CredentialType, ErrorClass, ErrorCode, RemoteCallbacks};
use std::cell::RefCell;

/// Credentials: ssh-agent, then key files, then git's credential helpers; each once.
pub(super) fn callbacks(tried: &RefCell<Vec<String>>) -> RemoteCallbacks<'_> {
    let mut cb = RemoteCallbacks::new();
    cb.credentials(move |url, username, allowed| {
        let user = username.unwrap_or("git");
        let mut tried = tried.borrow_mut();
        let mut attempt = |what: String| {
            let fresh = !tried.contains(&what);
            if fresh {
                tried.push(what);
            }
            fresh
        };
        if allowed.contains(CredentialType::USERNAME) {
            return Cred::username(user);
        }
        if allowed.contains(CredentialType::SSH_KEY) {
            if std::env::var_os(crate::env::SSH_AUTH_SOCK).is_some() && attempt("ssh-agent".into())
            {
                return Cred::ssh_key_from_agent(user);
            }
            let home = dirs::home_dir().unwrap_or_default();
            for key in ["id_ed25519", "id_ecdsa", "id_rsa"] {
                let path = home.join(".ssh").join(key);
                if path.is_file() && attempt(format!("key file {}", path.display())) {
                    return Cred::ssh_key(user, None, &path, None);
                }
            }
        }
        if allowed.contains(CredentialType::USER_PASS_PLAINTEXT)
            && attempt("git credential helpers".into())
        {
            if let Ok(config) = git2::Config::open_default() {
                if let Ok(cred) = Cred::credential_helper(&config, url, username) {
                    return Ok(cred);
                }
            }
        }
        if allowed.contains(CredentialType::DEFAULT) && attempt("default credentials".into()) {
            return Cred::default();
        }
        Err(git2::Error::new(
            ErrorCode::Auth,
            ErrorClass::Callback,
            "no more credentials to try",
        ))
    });
    cb
}

/// What a failed git2 call means for the user: a refused login (with what was tried), an
/// unknown host, no repository there, an unreachable server, or another git failure.
pub(super) fn classify(
    url: &str,
    e: git2::Error,
    tried: &RefCell<Vec<String>>,
    action: &'static str,
) -> Error {
    let url = url.to_string();
    let message = e.message().to_string();
    let tried = tried.borrow().clone();
    if e.code() == ErrorCode::Auth
        || message.contains("authentication")
        || message.contains("no more credentials")
        || (!tried.is_empty() && e.class() == ErrorClass::Callback)
    {
        return Error::Auth { url, tried };
    }
    if e.class() == ErrorClass::Net && message.contains("resolve") {
        return Error::UnknownHost {
            host: host_of(&url).to_string(),
            url,
        };
    }
    if message.contains("failed to resolve path")
        || message.contains("could not find repository")
        || message.contains("not found")
        || message.contains("not appear to be a git repository")
    {
        return Error::NoRepository { url, message };
    }
    if matches!(
        e.class(),
        ErrorClass::Net | ErrorClass::Os | ErrorClass::Ssh | ErrorClass::Http
    ) {
        return Error::Unreachable { url, message };
    }
    Error::Git {
        url,
        action,
        source: e,
    }
}
