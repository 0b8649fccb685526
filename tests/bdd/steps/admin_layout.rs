//! Admin pages at a phone's and a desktop's width: nothing makes the page scroll sideways.

use cucumber::{gherkin::Step, then};

use crate::world::PortalWorld;

/// The two window sizes the admin is checked at: a common phone and a laptop.
const SIZES: [(u32, u32); 2] = [(390, 844), (1280, 900)];

#[then("these admin pages fit 390x844 and 1280x900 without scrolling sideways:")]
async fn admin_pages_fit(world: &mut PortalWorld, step: &Step) {
    let table = step.table.as_ref().expect("a table of pages");
    let mut paths = Vec::new();
    for row in table.rows.iter().skip(1) {
        let path = if let Some(name) = row[0].strip_prefix("the link ") {
            format!(
                "/links/{}",
                world.link(name)["id"].as_str().expect("the link's id")
            )
        } else if row[0] == "the first message in the sandbox's mailbox" {
            let messages = crate::support::mail_rows(world.app().await).await;
            let first = messages.first().expect("a message in the outbox");
            format!("/sandbox/mailbox/{}", first.public_id)
        } else if row[0] == "the first bulk upload" {
            world.bulk_uploads.first().expect("an upload").0.clone()
        } else if row[0] == "the last bulk upload" {
            world.bulk_uploads.last().expect("an upload").0.clone()
        } else {
            row[0].clone()
        };
        paths.push(path);
    }
    let urls: Vec<String> = {
        let app = world.app().await;
        paths.iter().map(|path| app.url(path)).collect()
    };
    let browser = world.browser.as_ref().expect("a signed-in browser");
    let mut overflowing = Vec::new();
    for (width, height) in SIZES {
        browser
            .set_window_rect(0, 0, width, height)
            .await
            .expect("resize the window");
        for url in &urls {
            browser.goto(url).await.expect("open the page");
            let widths = browser
                .execute(
                    "return [document.documentElement.scrollWidth, window.innerWidth];",
                    Vec::new(),
                )
                .await
                .expect("measure the page")
                .json()
                .clone();
            let (scroll, inner) = (widths[0].as_i64(), widths[1].as_i64());
            let heading = browser
                .find(thirtyfour::By::Tag("h1"))
                .await
                .expect("every admin page has a heading")
                .text()
                .await
                .unwrap_or_default();
            assert!(
                !heading.contains("not found") && !heading.is_empty(),
                "{url} did not open: {heading}"
            );
            if scroll > inner {
                overflowing.push(format!("{url} at {width}px: {scroll:?} > {inner:?}"));
            }
        }
    }
    assert!(
        overflowing.is_empty(),
        "pages wider than the window: {overflowing:#?}"
    );
}
