//! Bulk issuing's pages: the upload form with recent uploads, and an upload's page
//! (preview with its problems, progress while issuing, the result).

use maud::{html, Markup};

use crate::{
    domain::{BulkCounts as Counts, BulkJobStatus, FieldErrors, PrefillField},
    entities::{bulk_jobs, bulk_rows, template_connections},
};

use super::components::{
    badge, csrf_field, empty_state, error_summary, field_error, page_header, timestamp, Problem,
};

pub struct BulkFormView<'a> {
    pub templates: &'a [template_connections::Model],
    pub chosen_template: &'a str,
    pub send_email: bool,
    pub errors: &'a FieldErrors,
    pub csrf_token: &'a str,
    /// The latest uploads with their counts.
    pub recent: &'a [(bulk_jobs::Model, Counts)],
}

pub fn bulk_form_page(view: &BulkFormView<'_>) -> Markup {
    let problems: Vec<Problem> = view
        .errors
        .by_field
        .iter()
        .map(|(field, message)| Problem::new(format!("field-{field}"), message.clone()))
        .collect();
    let template_error = view.errors.get("template_id");
    let file_error = view.errors.get("file");
    html! {
        (page_header("Issue links in bulk", Some("Upload a CSV file with a line per person. You see every line checked before anything is created."), None))
        (error_summary(view.errors.general.as_deref(), &problems))
        @if view.templates.is_empty() {
            section.panel { (empty_state("No templates connected", "Ask your operator to connect a verification template before issuing links.")) }
        } @else {
            div.grid-two {
                form.panel.stack method="post" action="/links/bulk" enctype="multipart/form-data" {
                    (csrf_field(view.csrf_token))
                    div class={ "field" @if template_error.is_some() { " field-invalid" } } {
                        label for="field-template_id" { "Template" }
                        select id="field-template_id" name="template_id" {
                            @for template in view.templates {
                                option value=(template.provider_template_id)
                                    selected[template.provider_template_id == view.chosen_template] { (template.name) }
                            }
                        }
                        @if let Some(error) = template_error { (field_error("field-template_id", error)) }
                    }
                    div class={ "field" @if file_error.is_some() { " field-invalid" } } {
                        label for="field-file" { "CSV file" }
                        input id="field-file" type="file" name="file" accept=".csv,text/csv" required
                            aria-invalid=[file_error.map(|_| "true")]
                            aria-describedby=[file_error.map(|_| "field-file-error")];
                        p.hint { "UTF-8, a header row, at most 10,000 lines and 5 MB." }
                        @if let Some(error) = file_error { (field_error("field-file", error)) }
                    }
                    label.checkbox {
                        input type="checkbox" name="send_email" value="true" checked[view.send_email];
                        " Email each person their link (from the “email” column)"
                    }
                    div.form-actions {
                        button.button.button-primary type="submit" { "Check the file" }
                        a.button-link href="/links" { "Cancel" }
                    }
                }
                (format_help())
            }
        }
        (recent_uploads(view.recent))
    }
}

fn format_help() -> Markup {
    let fields: Vec<&str> = PrefillField::ALL
        .iter()
        .map(|field| field.as_str())
        .collect();
    html! {
        section.panel {
            h2 { "The file" }
            p { "The first line names the columns; each line below it is one person's link." }
            ul {
                li { code { "reference_id" } " (required): your id for the person; never personal data." }
                li { code { "email" } ": where to email the link, when you choose to." }
                li { code { "expires_in_seconds" } ": the link's lifetime; the template's default when blank." }
                li { code { "language" } ": en, de, fr or es; the person's browser decides when blank." }
                li { "Prefill columns the template allows: " code { (fields.join(", ")) } "." }
            }
            p.hint { "For example:" }
            pre.sample { "reference_id,email,name-first,language\ncustomer-1041,ana@example.com,Ana,es\ncustomer-1042,ben@example.com,Ben,de" }
            p.hint { "Uploading the same file again issues nothing twice: a line already issued keeps its link." }
        }
    }
}

fn recent_uploads(recent: &[(bulk_jobs::Model, Counts)]) -> Markup {
    html! {
        @if !recent.is_empty() {
            section.panel {
                h2 { "Recent uploads" }
                table.table {
                    thead { tr { th { "File" } th { "Uploaded" } th { "Status" } th.numeric { "Issued" } th.numeric { "Lines" } } }
                    tbody {
                        @for (job, counts) in recent {
                            tr {
                                td { a href=(format!("/links/bulk/{}", job.public_id)) { (job.file_name) } }
                                td { (timestamp(job.created_at)) }
                                td { (status_badge(job.status)) }
                                td.numeric { (counts.issued) }
                                td.numeric { (counts.total()) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn status_badge(status: BulkJobStatus) -> Markup {
    match status {
        BulkJobStatus::Preview => badge("Waiting for you", "warning"),
        BulkJobStatus::Issuing => badge("Issuing", "info"),
        BulkJobStatus::Finished => badge("Finished", "success"),
        BulkJobStatus::Cancelled => badge("Stopped", "neutral"),
    }
}

/// An upload as its page shows it.
pub struct JobReport<'a> {
    pub job: &'a bulk_jobs::Model,
    pub template_name: Option<&'a str>,
    pub counts: Counts,
    /// Lines with problems (in preview) or that failed (after), the first 100.
    pub problems: &'a [bulk_rows::Model],
}

pub struct BulkJobView<'a> {
    pub report: JobReport<'a>,
    pub csrf_token: &'a str,
    pub can_issue: bool,
}

pub fn bulk_job_page(view: &BulkJobView<'_>) -> Markup {
    let report = &view.report;
    let job = report.job;
    let template = report.template_name.unwrap_or("a removed template");
    let subtitle = format!("{} lines for {template}", report.counts.total());
    html! {
        (page_header(&job.file_name, Some(&subtitle), Some(html! { (status_badge(job.status)) })))
        (count_cards(&report.counts, job.status))
        @match job.status {
            BulkJobStatus::Preview => (preview_actions(view)),
            BulkJobStatus::Issuing => (progress(view)),
            BulkJobStatus::Finished | BulkJobStatus::Cancelled => (result_actions(view)),
        }
        (problem_lines(report.problems, job.status))
    }
}

fn count_cards(counts: &Counts, status: BulkJobStatus) -> Markup {
    let card = |label: &str, value: i64| {
        html! { div.card.stat { p.stat-label { (label) } p.stat-value { (value) } } }
    };
    html! {
        section.cards {
            @if status == BulkJobStatus::Preview {
                (card("Ready to issue", counts.ready))
                (card("With problems", counts.invalid))
            } @else {
                (card("Issued", counts.issued))
                (card("Left out", counts.excluded))
                (card("Failed", counts.failed))
                @if counts.ready > 0 { (card("Not issued yet", counts.ready)) }
            }
            @if counts.already_issued > 0 { (card("Issued by an earlier upload", counts.already_issued)) }
        }
    }
}

fn preview_actions(view: &BulkJobView<'_>) -> Markup {
    let counts = &view.report.counts;
    let action = format!("/links/bulk/{}/start", view.report.job.public_id);
    let send = if view.report.job.send_email {
        " and email them"
    } else {
        ""
    };
    html! {
        section.panel.stack {
            @if counts.invalid > 0 {
                h2 { (lines(counts.invalid)) " " (if counts.invalid == 1 { "has" } else { "have" }) " problems" }
                p { "Nothing has been created. Fix the lines below in your file and upload it again, or leave them out and issue the rest." }
            } @else if counts.ready > 0 {
                h2 { "Every line is ready" }
                p { "Nothing has been created yet." }
            } @else {
                h2 { "Nothing to issue" }
                p { "Every line was issued by an earlier upload." }
            }
            @if view.can_issue && counts.ready > 0 {
                form method="post" action=(action) {
                    (csrf_field(view.csrf_token))
                    @if counts.invalid > 0 {
                        input type="hidden" name="leave_out" value="true";
                        div.form-actions {
                            button.button.button-primary type="submit" { "Leave out " (lines(counts.invalid)) " and issue " (links(counts.ready)) (send) }
                            a.button href="/links/bulk" { "Upload a corrected file" }
                        }
                    } @else {
                        div.form-actions {
                            button.button.button-primary type="submit" { "Issue " (links(counts.ready)) (send) }
                            a.button-link href="/links/bulk" { "Cancel" }
                        }
                    }
                }
            }
        }
    }
}

/// "1 line", "3 lines".
fn lines(count: i64) -> String {
    format!("{count} {}", if count == 1 { "line" } else { "lines" })
}

/// "1 link", "3 links".
fn links(count: i64) -> String {
    format!("{count} {}", if count == 1 { "link" } else { "links" })
}

fn progress(view: &BulkJobView<'_>) -> Markup {
    let counts = &view.report.counts;
    let to_do = counts.total() - counts.invalid - counts.excluded;
    let done = counts.done() - counts.excluded;
    let action = format!("/links/bulk/{}/cancel", view.report.job.public_id);
    html! {
        section.panel.stack {
            h2 { "Issuing links" }
            label for="bulk-progress" { (done) " of " (lines(to_do)) " done" }
            progress id="bulk-progress" value=(done) max=(to_do.max(1)) { (done) " of " (to_do) }
            p.hint { "This page refreshes itself every few seconds; you can also leave it and come back." }
            div.form-actions {
                a.button href=(format!("/links/bulk/{}", view.report.job.public_id)) { "Refresh" }
                @if view.can_issue {
                    form method="post" action=(action) {
                        (csrf_field(view.csrf_token))
                        button.button.button-danger type="submit" { "Stop issuing the rest" }
                    }
                }
            }
        }
    }
}

fn result_actions(view: &BulkJobView<'_>) -> Markup {
    let job = view.report.job;
    let counts = &view.report.counts;
    html! {
        section.panel.stack {
            @if job.status == BulkJobStatus::Cancelled {
                h2 { "Stopped" }
                p { "Issuing was stopped" @if let Some(at) = job.finished_at { " at " (timestamp(at)) } ". " (lines(counts.ready)) " " (if counts.ready == 1 { "was" } else { "were" }) " not issued." }
            } @else {
                h2 { "Done" }
                p { "Finished" @if let Some(at) = job.finished_at { " at " (timestamp(at)) } ". The result file has every line with its link, or why it has none." }
            }
            p.warning { "The file holds the links themselves: anyone with it can open them. Keep it as safe as the links." }
            div.form-actions {
                a.button.button-primary href=(format!("/links/bulk/{}/result.csv", job.public_id)) download { "Download the result (CSV)" }
                a.button href="/links" { "See the links" }
            }
        }
    }
}

fn problem_lines(rows: &[bulk_rows::Model], status: BulkJobStatus) -> Markup {
    let title = if status == BulkJobStatus::Preview {
        "Lines with problems"
    } else {
        "Lines that failed or have problems"
    };
    html! {
        @if !rows.is_empty() {
            section.panel {
                h2 { (title) }
                table.table {
                    thead { tr { th.numeric { "Line" } th { "Reference id" } th { "Problem" } } }
                    tbody {
                        @for row in rows {
                            tr {
                                td.numeric { (row.line_number) }
                                td { code { (row.reference_id.as_deref().unwrap_or("—")) } }
                                td {
                                    @for problem in row.problem.as_deref().unwrap_or("").lines() {
                                        div { (problem) }
                                    }
                                }
                            }
                        }
                    }
                }
                @if rows.len() >= 100 { p.hint { "The first 100 are shown; the result file lists them all." } }
            }
        }
    }
}
