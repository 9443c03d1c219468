//! The S3 side of publishing: reading objects back (to compare, or from a product's template
//! URL) and adding object tags to an object that is already there.

use super::catalog::Catalog;
use super::{code, fail};
use crate::catalog::Error;

impl Catalog {
    /// GetObject: the bytes, or None when there is no such key.
    pub fn get_object(&self, key: &str) -> Result<Option<Vec<u8>>, Error> {
        self.get_object_in(&self.bucket, key)
    }

    /// GetObject from another bucket (the one a product's template URL names).
    pub fn get_object_in(&self, bucket: &str, key: &str) -> Result<Option<Vec<u8>>, Error> {
        let got = self
            .rt
            .block_on(self.s3.get_object().bucket(bucket).key(key).send());
        match got {
            Ok(out) => {
                let bytes = self
                    .rt
                    .block_on(out.body.collect())
                    .map_err(|e| Error::Aws {
                        operation: "GetObject".into(),
                        message: e.to_string(),
                        hint: None,
                    })?;
                Ok(Some(bytes.into_bytes().to_vec()))
            }
            Err(err) if code(&err).as_deref() == Some("NoSuchKey") => Ok(None),
            Err(err) => Err(fail("GetObject", "s3:GetObject")(err)),
        }
    }

    pub(super) fn ensure_tags(&self, key: &str, tags: &[(String, String)]) -> Result<(), Error> {
        if tags.is_empty() {
            return Ok(());
        }
        let have = self
            .rt
            .block_on(
                self.s3
                    .get_object_tagging()
                    .bucket(&self.bucket)
                    .key(key)
                    .send(),
            )
            .map_err(fail("GetObjectTagging", "s3:GetObjectTagging"))?;
        let have: Vec<(String, String)> = have
            .tag_set()
            .iter()
            .map(|t| (t.key().to_string(), t.value().to_string()))
            .collect();
        if tags.iter().all(|t| have.contains(t)) {
            return Ok(());
        }
        let mut all = have;
        all.extend(
            tags.iter()
                .filter(|t| !all.contains(t))
                .cloned()
                .collect::<Vec<_>>(),
        );
        let set = all
            .iter()
            .map(|(k, v)| aws_sdk_s3::types::Tag::builder().key(k).value(v).build())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| Error::Aws {
                operation: "PutObjectTagging".into(),
                message: e.to_string(),
                hint: None,
            })?;
        let tagging = aws_sdk_s3::types::Tagging::builder()
            .set_tag_set(Some(set))
            .build()
            .map_err(|e| Error::Aws {
                operation: "PutObjectTagging".into(),
                message: e.to_string(),
                hint: None,
            })?;
        self.rt
            .block_on(
                self.s3
                    .put_object_tagging()
                    .bucket(&self.bucket)
                    .key(key)
                    .tagging(tagging)
                    .send(),
            )
            .map_err(fail("PutObjectTagging", "s3:PutObjectTagging"))?;
        Ok(())
    }
}
