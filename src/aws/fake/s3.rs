//! The fake account's S3 operations: conditional puts, reads, tags, CORS.

use super::*;

pub(super) fn rules(w: &W) -> Vec<Rule> {
    let mut rules = Vec::new();
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_s3::Client::put_object).then_compute_response(move |i| {
            let key = i.key().unwrap().to_string();
            let entry = format!(
                "{key}{}",
                i.tagging()
                    .map(|t| format!(" tagging={t}"))
                    .unwrap_or_default()
            );
            let body = i.body().bytes().expect("in-memory body").to_vec();
            match enter(&c, "PutObject", entry) {
                Ok(mut w) if !w.objects.contains_key(&key) => {
                    w.objects.insert(key, body);
                    MockResponse::Output(PutObjectOutput::builder().build())
                }
                Ok(_) => MockResponse::Error(PutObjectError::generic(
                    ErrorMetadata::builder().code("PreconditionFailed").build(),
                )),
                Err(meta) => MockResponse::Error(PutObjectError::generic(meta)),
            }
        }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_s3::Client::get_object).then_compute_output(move |i| {
            let key = i.key().unwrap().to_string();
            let w = enter(&c, "GetObject", key.clone()).unwrap();
            GetObjectOutput::builder()
                .body(w.objects[&key].clone().into())
                .build()
        }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_s3::Client::get_object_tagging).then_compute_output(move |i| {
            let _w = enter(&c, "GetObjectTagging", i.key().unwrap().to_string()).unwrap();
            GetObjectTaggingOutput::builder()
                .set_tag_set(Some(Vec::new()))
                .build()
                .unwrap()
        }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_s3::Client::put_object_tagging).then_compute_output(move |i| {
            let _w = enter(&c, "PutObjectTagging", i.key().unwrap().to_string()).unwrap();
            PutObjectTaggingOutput::builder().build()
        }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_s3::Client::get_bucket_cors).then_compute_output(move |i| {
            let _w = enter(&c, "GetBucketCors", i.bucket().unwrap().to_string()).unwrap();
            GetBucketCorsOutput::builder().build()
        }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_s3::Client::list_objects_v2).then_compute_output(move |i| {
            let prefix = i.prefix().unwrap_or_default().to_string();
            let token = i.continuation_token().unwrap_or_default().to_string();
            let w = enter(&c, "ListObjectsV2", format!("{prefix} {token}")).unwrap();
            // Two keys a page, so paging is exercised.
            let keys: Vec<&String> = w
                .objects
                .keys()
                .filter(|k| k.starts_with(&prefix))
                .collect();
            let start: usize = token.parse().unwrap_or(0);
            let page = keys
                .iter()
                .skip(start)
                .take(2)
                .map(|k| aws_sdk_s3::types::Object::builder().key(*k).build())
                .collect();
            let next = (start + 2 < keys.len()).then(|| (start + 2).to_string());
            aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output::builder()
                .set_contents(Some(page))
                .set_next_continuation_token(next)
                .build()
        }),
    );
    rules
}
