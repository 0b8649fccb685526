//! Bulk issuing over HTTP, as the signed-in admin's browser does it.

use cucumber::{gherkin::Step, given, then, when};

use crate::{
    support::{bulk::good_lines, location_header},
    world::PortalWorld,
};

async fn upload(world: &mut PortalWorld, csv: String) {
    let template = world.sandbox_template.clone().expect("the demo template");
    let (_, http) = world.current();
    let app = world.app().await;
    let response = app.upload_bulk(&http, &template, csv.clone(), false).await;
    assert_eq!(response.status(), 303, "the file is accepted for a preview");
    let path = location_header(&response).expect("the upload's page");
    world.bulk_uploads.push((path, csv));
}

fn last_upload(world: &PortalWorld) -> String {
    world.bulk_uploads.last().expect("an upload").0.clone()
}

#[given(expr = "the sandbox account may create {int} inquiries a minute")]
async fn raised_limits(world: &mut PortalWorld, creations: u32) {
    let limits = serde_json::json!({
        "creations_per_minute": creations,
        "requests_per_minute": creations * 2,
    });
    world.app().await.sandbox_limits(&limits).await;
}

#[when(expr = "they upload a file of {int} people for the demo template")]
async fn upload_people(world: &mut PortalWorld, count: usize) {
    upload(world, good_lines(count)).await;
}

#[when("they upload this file for the demo template:")]
async fn upload_table(world: &mut PortalWorld, step: &Step) {
    let table = step.table.as_ref().expect("a table");
    let csv: String = table
        .rows
        .iter()
        .map(|row| {
            format!(
                "{}\n",
                row.iter()
                    .map(|cell| cell.trim())
                    .collect::<Vec<_>>()
                    .join(",")
            )
        })
        .collect();
    upload(world, csv).await;
}

#[when("they upload the same file again")]
async fn upload_again(world: &mut PortalWorld) {
    let template = world.sandbox_template.clone().expect("the demo template");
    let csv = world.bulk_uploads.last().expect("an upload").1.clone();
    let (_, http) = world.current();
    let app = world.app().await;
    let response = app.upload_bulk(&http, &template, csv, false).await;
    let status = response.status().as_u16();
    let location = location_header(&response).expect("a redirect");
    let page = app.page_text(&http, &location).await;
    world.last_status = Some(status);
    world.last_body = page;
    world.copied_url = Some(location);
}

#[then("they are shown the first upload, told it was already uploaded")]
async fn shown_first_upload(world: &mut PortalWorld) {
    assert_eq!(world.last_status, Some(303));
    assert_eq!(world.copied_url.clone(), Some(last_upload(world)));
    assert!(
        world.last_body.contains("already uploaded"),
        "{}",
        world.last_body
    );
    assert_eq!(world.app().await.count_rows("bulk_jobs").await, 1);
}

#[then(expr = "the preview says all {int} lines are ready and nothing has been created")]
async fn all_ready(world: &mut PortalWorld, count: i64) {
    let page = page_of_last_upload(world).await;
    assert!(page.contains("Every line is ready"), "{page}");
    assert!(page.contains(&format!("Issue {count} links")), "{page}");
    assert_eq!(world.app().await.count_rows("links").await, 0);
}

async fn page_of_last_upload(world: &mut PortalWorld) -> String {
    let path = last_upload(world);
    let (_, http) = world.current();
    world.app().await.page_text(&http, &path).await
}

#[then(expr = "the preview lists lines {int}, {int} and {int} with problems")]
async fn preview_lists(world: &mut PortalWorld, a: i32, b: i32, c: i32) {
    let page = page_of_last_upload(world).await;
    assert!(page.contains("3 lines have problems"), "{page}");
    // The problems table's first cell of each row is the line number.
    let lines: Vec<String> = page
        .split("<td class=\"numeric\">")
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .map(str::to_owned)
        .collect();
    assert_eq!(lines, [a, b, c].map(|n| n.to_string()), "{page}");
}

async fn press_start(world: &mut PortalWorld, leave_out: bool) {
    let path = last_upload(world);
    let (_, http) = world.current();
    let app = world.app().await;
    let response = app.start_bulk(&http, &path, leave_out).await;
    assert_eq!(response.status(), 303);
    world.last_body = app.page_text(&http, &path).await;
}

#[when("they start issuing")]
async fn start(world: &mut PortalWorld) {
    press_start(world, false).await;
}

#[when("they start issuing without leaving anything out")]
async fn start_without_leaving_out(world: &mut PortalWorld) {
    press_start(world, false).await;
}

#[when("they leave out the lines with problems and start issuing")]
async fn leave_out_and_start(world: &mut PortalWorld) {
    press_start(world, true).await;
}

#[then("they are told to fix the lines or leave them out")]
async fn told_to_fix(world: &mut PortalWorld) {
    assert!(
        world
            .last_body
            .contains("fix them and upload the file again, or leave them out"),
        "{}",
        world.last_body
    );
    assert_eq!(world.app().await.count_rows("links").await, 0);
}

#[then(expr = "the upload finishes with {int} links issued")]
async fn finishes(world: &mut PortalWorld, count: i64) {
    let path = last_upload(world);
    let (_, http) = world.current();
    let app = world.app().await;
    let page = app.wait_for_bulk(&http, &path).await;
    assert!(page.contains("Done"), "{page}");
    let issued = inquiry_portal::domain::BulkRowStatus::Issued;
    let rows = app
        .number(&format!(
            "SELECT COUNT(*) AS n FROM bulk_rows WHERE status = '{}' AND job_id = (SELECT MAX(id) FROM bulk_jobs)",
            issued.as_str()
        ))
        .await;
    assert_eq!(rows, count);
}

#[then(expr = "the sandbox created {int} inquiries")]
async fn sandbox_created(world: &mut PortalWorld, count: u64) {
    let stats = world.app().await.sandbox_stats().await;
    assert_eq!(stats["inquiries_created"].as_u64(), Some(count), "{stats}");
}

#[then(expr = "the result file lists {int} lines, each with its own link")]
async fn result_lists(world: &mut PortalWorld, count: usize) {
    let path = last_upload(world);
    let (_, http) = world.current();
    let result = world.app().await.bulk_result(&http, &path).await;
    assert_eq!(result.len(), count + 1, "a header and a line per person");
    let links: std::collections::HashSet<&str> =
        result[1..].iter().map(|line| line[2].as_str()).collect();
    assert_eq!(links.len(), count, "every line has its own link");
    assert!(result[1..]
        .iter()
        .all(|line| line[4] == "issued" && line[3].contains("/l/")));
}

#[then(expr = "the result file says lines {int}, {int} and {int} were left out")]
async fn result_left_out(world: &mut PortalWorld, a: i32, b: i32, c: i32) {
    let path = last_upload(world);
    let (_, http) = world.current();
    let result = world.app().await.bulk_result(&http, &path).await;
    let left_out: Vec<String> = result[1..]
        .iter()
        .filter(|line| line[4] == "excluded")
        .map(|line| line[0].clone())
        .collect();
    assert_eq!(left_out, [a, b, c].map(|n| n.to_string()));
    assert!(result[1..]
        .iter()
        .filter(|line| line[4] == "excluded")
        .all(|line| line[2].is_empty() && !line[5].is_empty()));
}

#[then(
    expr = "the person of line {int} who opens their link lands in the hosted flow with {string} prefilled"
)]
async fn person_opens_link(world: &mut PortalWorld, line: i32, first_name: String) {
    let path = last_upload(world);
    let (_, http) = world.current();
    let app = world.app().await;
    let result = app.bulk_result(&http, &path).await;
    let row = result
        .iter()
        .find(|cells| cells[0] == line.to_string())
        .expect("the line in the result");
    // The line's language decides the Continue page's (c-1 asked for Spanish).
    let browser = crate::support::links::browser();
    let (status, page) = crate::support::links::click(&browser, &row[3]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(r#"<html lang="es">"#), "{page}");
    let (status, location) = crate::support::links::press_continue(&browser, &row[3]).await;
    assert_eq!(status, 303);
    assert!(
        location.starts_with(&app.url("/sandbox/verify")),
        "{location}"
    );
    let inquiry_id =
        crate::support::links::query_param(&location, "inquiry-id").expect("an inquiry");
    let inquiry: serde_json::Value = reqwest::Client::new()
        .get(app.url(&format!("/sandbox/api/v1/inquiries/{inquiry_id}")))
        .bearer_auth(&app.settings.sandbox_api_key)
        .send()
        .await
        .expect("the inquiry at the sandbox")
        .json()
        .await
        .expect("JSON");
    let attributes = &inquiry["data"]["attributes"];
    assert_eq!(attributes["reference-id"], row[1].as_str());
    assert_eq!(
        attributes["fields"]["name-first"]["value"],
        first_name.as_str(),
        "{attributes}"
    );
}
