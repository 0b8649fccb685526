//! The batch's own answers (issue #17), for the answer check: every link issued (201),
//! one refused (207), and a body over the batch's own 1 MiB limit (413).

use serde_json::json;

use super::calls::{Call, Produced};
use crate::support::TestApp;

pub async fn produce(app: &TestApp, seen: &mut Produced, key: &str, template: &str) {
    let batch = "/api/v1/links/batch";
    let good = json!({"kind": "dedicated", "template_id": template});
    let refused = json!({"kind": "dedicated", "template_id": "itmpl_notconnected00"});
    for (links, expected) in [(json!([good]), 201), (json!([good, refused]), 207)] {
        let call = Call {
            body: Some(json!({ "links": links }).to_string()),
            ..Call::new("post", batch, "", key)
        };
        assert_eq!(seen.send(app, call).await.0, expected, "{links}");
    }
    let huge = format!(
        r#"{{"links": [{good}], "padding": "{}"}}"#,
        "x".repeat(1024 * 1024)
    );
    let call = Call {
        body: Some(huge),
        ..Call::new("post", batch, "", key)
    };
    assert_eq!(seen.send(app, call).await.0, 413, "over 1 MiB");
}
