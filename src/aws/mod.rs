//! Everything that talks to AWS, and all of jig's async code: each client owns a
//! current-thread tokio runtime and exposes blocking methods, so the rest of jig stays
//! synchronous. Built only with the `aws` feature (on by default).
//!
//! Credentials and region come from the standard AWS chain (environment, profile, SSO,
//! instance role); the config file may pin a region or an endpoint (a VPC endpoint, or a
//! local emulator).

pub mod catalog;
mod catalog_api;
pub(crate) mod catalog_list;
mod catalog_projects;
mod catalog_studio;
#[cfg(test)]
mod catalog_tests;
mod catalog_unified;
mod catalog_unified_types;
mod catalog_upgrade;
pub(crate) mod codeartifact;
#[cfg(test)]
mod codeartifact_tests;
pub(crate) mod codecommit;
#[cfg(test)]
mod codecommit_tests;
#[cfg(test)]
mod fake;
mod s3;
pub(crate) mod sc_registry;

use aws_config::BehaviorVersion;

/// A runtime for one client's blocking calls.
fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
}

/// The shared SDK config: the standard chain, with the region and endpoint overrides.
async fn sdk_config(region: Option<&str>, endpoint: Option<&str>) -> aws_config::SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(region) = region {
        loader = loader.region(aws_config::Region::new(region.to_string()));
    }
    if let Some(endpoint) = endpoint {
        loader = loader.endpoint_url(endpoint);
    }
    loader.load().await
}

/// A failed AWS call, as a message and a hint: the service's error code and message when it
/// answered, the whole error chain when it did not.
fn describe<E, R>(err: &aws_sdk_codeartifact::error::SdkError<E, R>) -> (Option<String>, String)
where
    E: aws_sdk_codeartifact::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    use aws_sdk_codeartifact::error::ProvideErrorMetadata;
    match err.code() {
        Some(code) => (
            Some(code.to_string()),
            format!("{code}: {}", err.message().unwrap_or("no message")),
        ),
        None => (
            None,
            aws_sdk_codeartifact::error::DisplayErrorContext(err).to_string(),
        ),
    }
}

/// What to tell the user for an error code.
fn hint(code: Option<&str>, permission: &str) -> Option<String> {
    match code {
        Some("AccessDeniedException") => Some(format!(
            "the AWS identity jig runs as (see `aws sts get-caller-identity`) needs `{permission}` on this repository; set AWS_PROFILE or assume a role that has it"
        )),
        Some("ThrottlingException") => {
            Some("AWS kept throttling after jig's retries; try again shortly".into())
        }
        Some("UnrecognizedClientException" | "ExpiredTokenException" | "InvalidSignatureException") => {
            Some("the AWS credentials are invalid or expired; log in again (`aws sso login`)".into())
        }
        None => Some(
            "check that AWS credentials and a region are configured (AWS_PROFILE, AWS_REGION, or `region:` in the registry's config)".into(),
        ),
        _ => None,
    }
}

/// Maps an SDK failure of `operation` to a catalog error with a hint.
fn fail<E, R>(
    operation: &'static str,
    permission: &'static str,
) -> impl FnOnce(aws_sdk_servicecatalog::error::SdkError<E, R>) -> crate::catalog::Error
where
    E: aws_sdk_servicecatalog::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    move |err| {
        let (code, message) = describe(&err);
        crate::catalog::Error::Aws {
            operation: operation.to_string(),
            message,
            hint: hint(code.as_deref(), permission),
        }
    }
}

fn code<E, R>(err: &aws_sdk_servicecatalog::error::SdkError<E, R>) -> Option<String>
where
    E: aws_sdk_servicecatalog::error::ProvideErrorMetadata,
{
    use aws_sdk_servicecatalog::error::ProvideErrorMetadata;
    err.code().map(str::to_string)
}

/// `k=v&k2=v2`, URL-encoded, for PutObject's `Tagging`.
fn tagging(tags: &[(String, String)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    tags.iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}
