//! What the preview checks before anything is created.

use inquiry_portal::domain::Role;
use sea_orm::ConnectionTrait;

use crate::support::{bulk::good_lines, client, csrf_token, location_header};

use super::{
    connect_template_allowing, inquiries_created, owner_tenant_and_template, owner_with_template,
};

#[tokio::test]
async fn a_good_file_is_previewed_and_nothing_is_created_until_it_is_started() {
    let (app, http, template) = owner_with_template().await;
    let job = app.upload_bulk_ok(&http, &template, good_lines(3)).await;
    assert!(job.starts_with("/links/bulk/blk_"), "{job}");
    let page = app.page_text(&http, &job).await;
    assert!(page.contains("Every line is ready"), "{page}");
    assert!(page.contains("Issue 3 links"), "{page}");
    assert_eq!(app.count_rows("links").await, 0);
    assert_eq!(inquiries_created(&app).await, 0);
}

#[tokio::test]
async fn lines_with_problems_are_named_by_line_and_block_the_file_until_left_out() {
    let (app, http, template) = owner_with_template().await;
    let csv = "reference_id,name-first,birthdate,language\n\
               c-1,Ana,1990-02-01,es\n\
               c-2,Ben,1990-13-45,de\n\
               ,Cleo,,\n\
               c-4,Dan,,xx\n\
               c-1,Eve,,\n\
               c-6,Finn,,fr\n";
    let job = app.upload_bulk_ok(&http, &template, csv).await;
    let page = app.page_text(&http, &job).await;
    assert!(page.contains("4 lines have problems"), "{page}");
    for needle in [
        "birthdate:",
        "Every line needs a reference id",
        "language:",
        "line 2 has the same reference id",
    ] {
        assert!(
            page.contains(needle),
            "the preview names “{needle}”: {page}"
        );
    }
    // Lines are numbered as a spreadsheet shows them: the header is line 1.
    assert!(page.contains(">3<"), "{page}");

    let refused = app.start_bulk(&http, &job, false).await;
    assert_eq!(refused.status(), 303);
    let page = app.page_text(&http, &job).await;
    assert!(
        page.contains("fix them and upload the file again, or leave them out"),
        "{page}"
    );
    assert_eq!(
        app.count_rows("links").await,
        0,
        "nothing is issued while lines have problems"
    );
    assert_eq!(inquiries_created(&app).await, 0);
}

#[tokio::test]
async fn a_file_that_cannot_be_used_is_refused_at_the_file_field_and_stores_nothing() {
    let (app, http, template) = owner_with_template().await;
    let too_many = good_lines(10_001);
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            b"reference_id,name-first\nc-1,Ren\xe9\n".to_vec(),
            "not UTF-8 text",
        ),
        (
            b"reference_id,shoe_size\nc-1,44\n".to_vec(),
            "unknown columns: “shoe_size”",
        ),
        (
            b"name-first\nAna\n".to_vec(),
            "needs a “reference_id” column",
        ),
        (b"reference_id,email\n".to_vec(), "no rows below it"),
        (b"".to_vec(), "The file is empty"),
        (too_many.into_bytes(), "more than 10000 rows"),
    ];
    for (file, message) in cases {
        let response = app.upload_bulk(&http, &template, file, false).await;
        assert_eq!(response.status(), 422, "{message}");
        let page = response.text().await.unwrap();
        assert!(page.contains("There is a problem"), "{page}");
        assert!(page.contains(message), "the page says “{message}”: {page}");
        assert!(page.contains("field-file-error"), "shown at the file field");
    }
    assert_eq!(app.count_rows("bulk_jobs").await, 0);
    assert_eq!(app.count_rows("bulk_rows").await, 0);
}

#[tokio::test]
async fn a_prefill_column_the_template_does_not_allow_is_refused_for_the_whole_file() {
    let (app, http, _, tenant) = owner_tenant_and_template().await;
    let limited =
        connect_template_allowing(&app, &tenant, "itmpl_LimitedFields1", &["name-first"]).await;
    let csv = "reference_id,name-first,birthdate\nc-1,Ana,1990-02-01\n";
    let response = app.upload_bulk(&http, &limited, csv, false).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("does not allow prefilling birthdate"),
        "{page}"
    );
    assert_eq!(app.count_rows("bulk_jobs").await, 0);
}

#[tokio::test]
async fn a_semicolon_separated_file_from_a_european_spreadsheet_is_read() {
    let (app, http, template) = owner_with_template().await;
    let csv =
        "\u{feff}reference_id;name-first;language\r\nc-1;Jürgen;de\r\nc-2;\"Ana; María\";es\r\n";
    let job = app.upload_bulk_ok(&http, &template, csv).await;
    let page = app.page_text(&http, &job).await;
    assert!(page.contains("Every line is ready"), "{page}");
    assert!(page.contains("Issue 2 links"), "{page}");
}

#[tokio::test]
async fn emailing_each_person_needs_an_address_on_every_line() {
    let (app, http, template) = owner_with_template().await;
    let csv = "reference_id,email\nc-1,ana@example.test\nc-2,\nc-3,not-an-address\n";
    let response = app.upload_bulk(&http, &template, csv, true).await;
    let job = location_header(&response).expect("a preview");
    let page = app.page_text(&http, &job).await;
    assert!(page.contains("2 lines have problems"), "{page}");
    assert!(page.contains("no address to email the link to"), "{page}");
}

#[tokio::test]
async fn viewers_cannot_upload_and_other_tenants_cannot_see_an_upload() {
    let (app, http, template, tenant) = owner_tenant_and_template().await;
    let job = app.upload_bulk_ok(&http, &template, good_lines(2)).await;

    app.create_user(&tenant, "viewer@acme.test", Role::Viewer)
        .await;
    let viewer = client();
    app.login(&viewer, "viewer@acme.test").await;
    let page = app.page_text(&viewer, "/links").await;
    let refused = viewer
        .post(app.url("/links/bulk"))
        .multipart(reqwest::multipart::Form::new().text("csrf_token", csrf_token(&page)))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);

    app.create_tenant("other", "owner@other.test").await;
    let other = client();
    app.login(&other, "owner@other.test").await;
    for path in [
        job.clone(),
        format!("{job}/result.csv"),
        "/links/bulk/blk_notarealid00".into(),
        "/links/bulk/lnk_wrongkind".into(),
    ] {
        let response = other.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
    }
    let token = csrf_token(&app.page_text(&other, "/links").await);
    let started = other
        .post(app.url(&format!("{job}/start")))
        .form(&[("csrf_token", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 404);
    assert_eq!(app.count_rows("links").await, 0);
}

#[tokio::test]
async fn an_upload_left_in_preview_for_a_week_is_deleted_with_its_lines_and_a_started_one_stays() {
    let (app, http, template) = owner_with_template().await;
    let abandoned = app.upload_bulk_ok(&http, &template, good_lines(3)).await;
    let started = app.upload_bulk_ok(&http, &template, good_lines(2)).await;
    app.start_bulk(&http, &started, false).await;
    app.wait_for_bulk(&http, &started).await;
    let eight_days_ago = inquiry_portal::db::now() - 8 * 24 * 3600;
    app.db
        .connection
        .execute_unprepared(&format!(
            "UPDATE bulk_jobs SET created_at = {eight_days_ago}"
        ))
        .await
        .unwrap();

    let purged = inquiry_portal::links::bulk::purge_abandoned(&app.state)
        .await
        .unwrap();
    assert_eq!(purged, 1);
    assert_eq!(app.count_rows("bulk_jobs").await, 1);
    assert_eq!(
        app.count_rows("bulk_rows").await,
        2,
        "only the started upload's lines stay"
    );
    let gone = http.get(app.url(&abandoned)).send().await.unwrap();
    assert_eq!(gone.status(), 404);
}
