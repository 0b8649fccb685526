//! Issuing a started upload: one link and one inquiry per line, exactly once.

use crate::support::{
    bulk::good_lines,
    links::{browser, click_and_continue},
    location_header, mail_rows,
};

use super::{inquiries_created, owner_tenant_and_template, owner_with_template};

#[tokio::test]
async fn a_started_file_issues_a_link_and_an_inquiry_per_line_and_the_result_lists_them() {
    let (app, http, template, tenant) = owner_tenant_and_template().await;
    let job = app.upload_bulk_ok(&http, &template, good_lines(5)).await;
    let started = app.start_bulk(&http, &job, false).await;
    assert_eq!(started.status(), 303);
    let page = app.wait_for_bulk(&http, &job).await;
    assert!(page.contains("Done"), "{page}");
    assert_eq!(app.count_rows("links").await, 5);
    assert_eq!(inquiries_created(&app).await, 5);

    let result = app.bulk_result(&http, &job).await;
    assert_eq!(
        result[0],
        ["line", "reference_id", "link_id", "url", "status", "error"]
    );
    assert_eq!(result.len(), 6);
    for (n, line) in result[1..].iter().enumerate() {
        assert_eq!(line[0], (n + 2).to_string(), "the file's line number");
        assert_eq!(line[1], format!("customer-{}", n + 1));
        assert!(line[2].starts_with("lnk_"), "{line:?}");
        assert!(line[3].starts_with(&app.url("/l/")), "{line:?}");
        assert_eq!(line[4], "issued");
    }
    // The links work, and carry the line's prefill to the provider.
    let (status, location) = click_and_continue(&browser(), &result[1][3]).await;
    assert_eq!(status, 303);
    assert!(
        location.starts_with(&app.url("/sandbox/verify")),
        "{location}"
    );
    let link: serde_json::Value = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/links/{}", result[1][2])))
        .bearer_auth(app.api_key(&tenant).await)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(link["reference_id"], "customer-1");
}

#[tokio::test]
async fn uploading_the_same_file_again_issues_nothing_new() {
    let (app, http, template) = owner_with_template().await;
    let job = app.upload_bulk_ok(&http, &template, good_lines(3)).await;
    app.start_bulk(&http, &job, false).await;
    app.wait_for_bulk(&http, &job).await;

    let again = app
        .upload_bulk(&http, &template, good_lines(3), false)
        .await;
    assert_eq!(again.status(), 303);
    assert_eq!(
        location_header(&again).as_deref(),
        Some(job.as_str()),
        "the same upload"
    );
    let page = app.page_text(&http, &job).await;
    assert!(page.contains("already uploaded"), "{page}");
    assert_eq!(app.count_rows("bulk_jobs").await, 1);
    assert_eq!(app.count_rows("links").await, 3);
    assert_eq!(inquiries_created(&app).await, 3);
}

#[tokio::test]
async fn a_corrected_file_issues_only_the_lines_not_issued_before() {
    let (app, http, template) = owner_with_template().await;
    let first =
        "reference_id,name-first,birthdate\nc-1,Ana,1990-02-01\nc-2,Ben,1990-13-45\nc-3,Cleo,\n";
    let job = app.upload_bulk_ok(&http, &template, first).await;
    app.start_bulk(&http, &job, true).await;
    app.wait_for_bulk(&http, &job).await;
    assert_eq!(inquiries_created(&app).await, 2);
    let result = app.bulk_result(&http, &job).await;
    assert_eq!(result[2][4], "excluded", "{result:?}");
    assert!(result[2][5].contains("birthdate"), "{result:?}");

    // The same lines, in another column order, with line 2 fixed.
    let fixed =
        "name-first,reference_id,birthdate\nAna,c-1,1990-02-01\nBen,c-2,1990-12-24\nCleo,c-3,\n";
    let second = app.upload_bulk_ok(&http, &template, fixed).await;
    assert_ne!(second, job);
    let page = app.page_text(&http, &second).await;
    assert!(page.contains("Issued by an earlier upload"), "{page}");
    assert!(page.contains("Issue 1 link"), "{page}");
    app.start_bulk(&http, &second, false).await;
    app.wait_for_bulk(&http, &second).await;
    assert_eq!(
        inquiries_created(&app).await,
        3,
        "only the fixed line was issued"
    );
    let result = app.bulk_result(&http, &second).await;
    let statuses: Vec<&str> = result[1..].iter().map(|line| line[4].as_str()).collect();
    assert_eq!(statuses, ["already_issued", "issued", "already_issued"]);
    assert!(
        result[1][2].starts_with("lnk_"),
        "an earlier line keeps its link: {result:?}"
    );
}

#[tokio::test]
async fn several_workers_at_once_issue_each_line_once() {
    let (app, http, template) = owner_with_template().await;
    let job = app.upload_bulk_ok(&http, &template, good_lines(30)).await;
    app.start_bulk(&http, &job, false).await;
    // Besides the app's own worker, two more passes race for the same job.
    let (a, b) = tokio::join!(
        inquiry_portal::links::bulk::worker::run_once(&app.state),
        inquiry_portal::links::bulk::worker::run_once(&app.state),
    );
    a.unwrap();
    b.unwrap();
    app.wait_for_bulk(&http, &job).await;
    assert_eq!(app.count_rows("links").await, 30);
    assert_eq!(inquiries_created(&app).await, 30);
}

#[tokio::test]
async fn stopping_an_upload_leaves_the_rest_unissued_and_says_so() {
    let (app, http, template) = owner_with_template().await;
    let job = app.upload_bulk_ok(&http, &template, good_lines(400)).await;
    app.start_bulk(&http, &job, false).await;
    let page = app.page_text(&http, &job).await;
    let token = crate::support::csrf_token(&page);
    let stopped = http
        .post(app.url(&format!("{job}/cancel")))
        .form(&[("csrf_token", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(stopped.status(), 303);
    let page = app.wait_for_bulk(&http, &job).await;
    assert!(page.contains("Stopped"), "{page}");
    let issued = app.count_rows("links").await;
    assert!(issued < 400, "issuing stopped early ({issued})");
    // The worker's round in flight may finish; after that, nothing more.
    let settled = app.count_rows("links").await;
    inquiry_portal::links::bulk::worker::run_once(&app.state)
        .await
        .unwrap();
    assert_eq!(app.count_rows("links").await, settled);
    let kept = app
        .number("SELECT COUNT(*) AS n FROM bulk_rows WHERE payload_encrypted IS NOT NULL")
        .await;
    assert_eq!(kept, 0, "a stopped upload keeps no line's values");
}

#[tokio::test]
async fn emailing_each_person_queues_one_message_per_issued_line() {
    let (app, http, template) = owner_with_template().await;
    let csv = "reference_id,email,language\nc-1,ana@example.test,es\nc-2,ben@example.test,de\n";
    let response = app.upload_bulk(&http, &template, csv, true).await;
    let job = location_header(&response).expect("a preview");
    let page = app.page_text(&http, &job).await;
    assert!(page.contains("and email them"), "{page}");
    app.start_bulk(&http, &job, false).await;
    app.wait_for_bulk(&http, &job).await;
    let messages = mail_rows(&app).await;
    assert_eq!(messages.len(), 2);
}

#[tokio::test]
async fn cells_a_spreadsheet_would_run_as_formulas_are_neutralised_in_the_result() {
    let (app, http, template) = owner_with_template().await;
    let csv = "reference_id,name-first\n\"=HYPERLINK(\"\"http://evil.test\"\")\",Ana\n+c-2,Ben\n";
    let job = app.upload_bulk_ok(&http, &template, csv).await;
    app.start_bulk(&http, &job, false).await;
    app.wait_for_bulk(&http, &job).await;
    let result = app.bulk_result(&http, &job).await;
    assert_eq!(result[1][1], "'=HYPERLINK(\"http://evil.test\")");
    assert_eq!(result[2][1], "'+c-2");
}

#[tokio::test]
async fn a_provider_at_its_rate_limit_pauses_the_upload_and_every_line_is_still_issued() {
    let (app, http, template) = owner_with_template().await;
    let job = app.upload_bulk_ok(&http, &template, good_lines(6)).await;
    // More 429s in a row than the provider client retries: the worker must wait them out.
    app.sandbox_faults(&serde_json::json!({"rate_limit_next": 12}))
        .await;
    app.start_bulk(&http, &job, false).await;
    app.wait_for_bulk(&http, &job).await;
    let result = app.bulk_result(&http, &job).await;
    assert!(
        result[1..].iter().all(|line| line[4] == "issued"),
        "{result:?}"
    );
    assert_eq!(inquiries_created(&app).await, 6);
}
