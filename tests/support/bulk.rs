//! Bulk issuing as an admin's browser does it: upload a CSV file, read the preview, start,
//! wait for the job to finish, download the result.

use std::time::{Duration, Instant};

use super::{csrf_token, location_header, TestApp};

/// A file with `count` good lines for the demo template (`reference_id,email,name-first`).
pub fn good_lines(count: usize) -> String {
    let mut csv = String::from("reference_id,email,name-first\n");
    for n in 1..=count {
        csv.push_str(&format!("customer-{n},person{n}@example.test,Person{n}\n"));
    }
    csv
}

impl TestApp {
    /// Uploads `csv` for `template_id`; the answer is not followed.
    pub async fn upload_bulk(
        &self,
        http: &reqwest::Client,
        template_id: &str,
        csv: impl Into<Vec<u8>>,
        send_email: bool,
    ) -> reqwest::Response {
        let page = http
            .get(self.url("/links/bulk"))
            .send()
            .await
            .expect("GET /links/bulk")
            .text()
            .await
            .expect("the upload page");
        let mut form = reqwest::multipart::Form::new()
            .text("csrf_token", csrf_token(&page))
            .text("template_id", template_id.to_owned())
            .part(
                "file",
                reqwest::multipart::Part::bytes(csv.into()).file_name("people.csv"),
            );
        if send_email {
            form = form.text("send_email", "true");
        }
        http.post(self.url("/links/bulk"))
            .multipart(form)
            .send()
            .await
            .expect("POST /links/bulk")
    }

    /// Uploads `csv` and returns the path of its upload's page (`/links/bulk/blk_…`).
    pub async fn upload_bulk_ok(
        &self,
        http: &reqwest::Client,
        template_id: &str,
        csv: impl Into<Vec<u8>>,
    ) -> String {
        let response = self.upload_bulk(http, template_id, csv, false).await;
        assert_eq!(
            response.status(),
            303,
            "an accepted file redirects to its preview"
        );
        location_header(&response).expect("the upload's page")
    }

    pub async fn page_text(&self, http: &reqwest::Client, path: &str) -> String {
        http.get(self.url(path))
            .send()
            .await
            .expect("GET page")
            .text()
            .await
            .expect("page body")
    }

    /// Presses the preview's start button (with `leave_out` as the button sends it).
    pub async fn start_bulk(
        &self,
        http: &reqwest::Client,
        job_path: &str,
        leave_out: bool,
    ) -> reqwest::Response {
        let token = csrf_token(&self.page_text(http, job_path).await);
        let mut fields = vec![("csrf_token", token)];
        if leave_out {
            fields.push(("leave_out", "true".to_owned()));
        }
        http.post(self.url(&format!("{job_path}/start")))
            .form(&fields)
            .send()
            .await
            .expect("POST start")
    }

    /// Waits until the upload's page says it is done; returns that page.
    pub async fn wait_for_bulk(&self, http: &reqwest::Client, job_path: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let page = self.page_text(http, job_path).await;
            if page.contains("Download the result") {
                return page;
            }
            assert!(
                Instant::now() < deadline,
                "the upload should finish; last page: {page}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The result file of a finished upload, as lines of cells.
    pub async fn bulk_result(&self, http: &reqwest::Client, job_path: &str) -> Vec<Vec<String>> {
        let response = http
            .get(self.url(&format!("{job_path}/result.csv")))
            .send()
            .await
            .expect("GET result.csv");
        assert_eq!(response.status(), 200);
        let body = response.text().await.expect("the result file");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body.as_bytes());
        reader
            .records()
            .map(|record| {
                record
                    .expect("a CSV line")
                    .iter()
                    .map(str::to_owned)
                    .collect()
            })
            .collect()
    }
}
