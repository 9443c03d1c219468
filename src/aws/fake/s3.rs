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
    rules
}
