//! The AWS clients publishing uses: S3 for the version's files, Service Catalog for the
//! product, SageMaker for the Studio domain's templates tag, with their runtime and paging. `catalog_api` implements `catalog::Api` over them;
//! the algorithm that orders the calls (and decides what to create) is the pure
//! `catalog::publish`.

use super::fail;
use crate::catalog::Error;
use aws_sdk_servicecatalog::types::ProductViewFilterBy;

/// Clients for one region (and optional endpoint), with their runtime.
pub struct Catalog {
    pub(crate) sc: aws_sdk_servicecatalog::Client,
    pub(crate) s3: aws_sdk_s3::Client,
    /// `--studio-s3 --domain-id`, `jig catalog projects` and `upgrade` call it.
    pub(crate) sagemaker: Option<aws_sdk_sagemaker::Client>,
    /// Only `jig catalog upgrade` calls it (change sets).
    pub(crate) cloudformation: Option<aws_sdk_cloudformation::Client>,
    /// Only `--unified-studio` calls it.
    pub(crate) datazone: Option<aws_sdk_datazone::Client>,
    pub(crate) rt: tokio::runtime::Runtime,
    pub(crate) bucket: String,
    pub(super) region: String,
    pub(super) endpoint: Option<String>,
}

impl Catalog {
    /// Connects with the standard AWS chain; no call is made until needed.
    pub fn connect(
        region: Option<&str>,
        endpoint: Option<&str>,
        bucket: &str,
    ) -> Result<Catalog, Error> {
        let rt = super::runtime().map_err(|e| Error::Aws {
            operation: "start".into(),
            message: e.to_string(),
            hint: None,
        })?;
        let config = rt.block_on(super::sdk_config(region, endpoint));
        let sc = aws_sdk_servicecatalog::Client::new(&config);
        let s3 = aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&config)
                .force_path_style(endpoint.is_some())
                .build(),
        );
        let sagemaker = aws_sdk_sagemaker::Client::new(&config);
        let cloudformation = aws_sdk_cloudformation::Client::new(&config);
        let datazone = aws_sdk_datazone::Client::new(&config);
        let region = config
            .region()
            .map_or_else(|| "us-east-1".to_string(), |r| r.to_string());
        Ok(Catalog::with_clients(sc, s3, rt, bucket, &region, endpoint)
            .with_sagemaker(sagemaker)
            .with_cloudformation(cloudformation)
            .with_datazone(datazone))
    }

    /// Over given clients (tests pass mocked or replaying ones).
    pub fn with_clients(
        sc: aws_sdk_servicecatalog::Client,
        s3: aws_sdk_s3::Client,
        rt: tokio::runtime::Runtime,
        bucket: &str,
        region: &str,
        endpoint: Option<&str>,
    ) -> Catalog {
        Catalog {
            sc,
            s3,
            sagemaker: None,
            cloudformation: None,
            datazone: None,
            rt,
            bucket: bucket.to_string(),
            region: region.to_string(),
            endpoint: endpoint.map(|e| e.trim_end_matches('/').to_string()),
        }
    }
}

impl Catalog {
    /// With a SageMaker client (for the Studio domain's tag).
    pub fn with_sagemaker(mut self, client: aws_sdk_sagemaker::Client) -> Catalog {
        self.sagemaker = Some(client);
        self
    }

    /// With a DataZone client (for `--unified-studio`).
    pub fn with_datazone(mut self, client: aws_sdk_datazone::Client) -> Catalog {
        self.datazone = Some(client);
        self
    }

    /// With a CloudFormation client (for upgrade change sets).
    pub fn with_cloudformation(mut self, client: aws_sdk_cloudformation::Client) -> Catalog {
        self.cloudformation = Some(client);
        self
    }
}

/// Every page of a paginated call: `page(token)` sends one request and returns its items and
/// the next page token.
pub(super) fn all_pages<T>(
    mut page: impl FnMut(Option<String>) -> Result<(Vec<T>, Option<String>), Error>,
) -> Result<Vec<T>, Error> {
    let mut items = Vec::new();
    let mut token = None;
    loop {
        let (mut got, next) = page(token)?;
        items.append(&mut got);
        token = next;
        if token.is_none() {
            return Ok(items);
        }
    }
}

/// A next-page token, None at the last page (which some services mark with "").
pub(super) fn next(token: Option<&str>) -> Option<String> {
    token.filter(|t| !t.is_empty()).map(str::to_string)
}

impl Catalog {
    /// SearchProductsAsAdmin, every page: (product id, name), by full-text and/or portfolio.
    pub(super) fn search_products(
        &self,
        text: Option<&str>,
        portfolio: Option<&str>,
    ) -> Result<Vec<(String, String)>, Error> {
        all_pages(|token| {
            let mut call = self
                .sc
                .search_products_as_admin()
                .set_portfolio_id(portfolio.map(str::to_string))
                .page_size(20)
                .set_page_token(token);
            if let Some(text) = text {
                call = call.filters(ProductViewFilterBy::FullTextSearch, vec![text.to_string()]);
            }
            let out = self.rt.block_on(call.send()).map_err(fail(
                "SearchProductsAsAdmin",
                "servicecatalog:SearchProductsAsAdmin",
            ))?;
            let products = out
                .product_view_details()
                .iter()
                .filter_map(|d| d.product_view_summary())
                .map(|s| {
                    let id = s.product_id().unwrap_or_default().to_string();
                    (id, s.name().unwrap_or_default().to_string())
                })
                .collect();
            Ok((products, next(out.next_page_token())))
        })
    }
}
