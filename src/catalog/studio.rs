//! SageMaker Studio's side of a publish (`--studio-s3`): the bucket's CORS rule that lets
//! Studio read the templates, and the domain tag that tells Studio where they are. What jig
//! may not change by itself (no `--set-cors`, no `--domain-id`) becomes an instruction.

use super::api::{Options, PublishReport};
use super::{Api, Error, Settings};

/// Studio's origin, as a CORS rule names it.
pub const STUDIO_ORIGIN: &str = "https://*.sagemaker.aws";
/// The methods and exposed headers AWS documents for S3 project templates
/// (aws-samples/sagemaker-custom-project-templates, `s3_templates/cors-policy.json`).
pub const STUDIO_CORS_METHODS: [&str; 5] = ["POST", "PUT", "GET", "HEAD", "DELETE"];
pub const STUDIO_CORS_EXPOSE: [&str; 6] = [
    "ETag",
    "x-amz-delete-marker",
    "x-amz-id-2",
    "x-amz-request-id",
    "x-amz-server-side-encryption",
    "x-amz-version-id",
];

/// The CORS rule Studio needs, as S3's JSON spells it.
pub fn studio_cors_rule() -> serde_json::Value {
    serde_json::json!({
        "AllowedHeaders": ["*"],
        "AllowedMethods": STUDIO_CORS_METHODS,
        "AllowedOrigins": [STUDIO_ORIGIN],
        "ExposeHeaders": STUDIO_CORS_EXPOSE,
    })
}

/// Whether a rule with these origins, methods and exposed headers serves Studio: its origin
/// (or `*`), every method AWS documents, and `ETag` exposed.
pub fn serves_studio(origins: &[&str], methods: &[&str], expose: &[&str]) -> bool {
    origins.iter().any(|o| *o == STUDIO_ORIGIN || *o == "*")
        && STUDIO_CORS_METHODS.iter().all(|m| methods.contains(m))
        && expose.iter().any(|h| h.eq_ignore_ascii_case("ETag"))
}

pub(super) fn studio(
    api: &mut dyn Api,
    settings: &Settings,
    opts: &Options,
    report: &mut PublishReport,
) -> Result<(), Error> {
    let location = format!("s3://{}/{}/", settings.bucket, settings.prefix);
    if api.studio_cors()? {
        report.step(
            false,
            format!("bucket {} allows Studio (CORS)", settings.bucket),
        );
    } else if opts.set_cors {
        api.add_studio_cors()?;
        report.step(
            true,
            format!("bucket {} allows Studio (CORS rule added)", settings.bucket),
        );
    } else {
        report.instructions.push(format!(
            "add a CORS rule to bucket {} for Studio: origin {STUDIO_ORIGIN}, methods {}, exposing {} (or publish with --set-cors; see the README)",
            settings.bucket,
            STUDIO_CORS_METHODS.join(", "),
            STUDIO_CORS_EXPOSE.join(", ")
        ));
    }
    let Some(id) = &opts.domain_id else {
        report.instructions.push(format!(
            "tag the Studio domain once: aws sagemaker add-tags --resource-arn <domain ARN> --tags Key={STUDIO_TEMPLATES_TAG},Value={location} (or publish with --domain-id)"
        ));
        return Ok(());
    };
    let (arn, current) = api.studio_domain(id)?;
    match current {
        Some(value) if value == location => {
            report.step(
                false,
                format!("domain {id} lists the templates in {location}"),
            );
        }
        previous => {
            api.tag_studio_domain(&arn, &location)?;
            let was = previous.map_or_else(String::new, |p| format!(" (was {p})"));
            report.step(
                true,
                format!("domain {id} lists the templates in {location}{was}"),
            );
        }
    }
    Ok(())
}

/// The Studio domain tag that names where its S3 project templates are.
pub const STUDIO_TEMPLATES_TAG: &str = "sagemaker:projectS3TemplatesLocation";
