//! Unit tests of `src/metrics.rs` (a child module of it, so private items are in reach).

use super::*;

#[test]
fn requests_are_counted_with_histogram_buckets_by_route() {
    let metrics = Metrics::default();
    metrics.observe_request("GET", "/l/{token}", 302, Duration::from_millis(3));
    metrics.observe_request("GET", "/l/{token}", 302, Duration::from_millis(30));
    metrics.provider_call("ok");
    metrics.cache_hit(CacheName::Link);
    let text = metrics.render(&[("portal_queue", "A queue.", 4)]);
    assert!(text.contains(
        "portal_http_requests_total{method=\"GET\",route=\"/l/{token}\",status=\"302\"} 2"
    ));
    assert!(text.contains("route=\"/l/{token}\",le=\"0.005\"} 1"));
    assert!(text.contains("route=\"/l/{token}\",le=\"+Inf\"} 2"));
    assert!(text.contains("portal_provider_calls_total{outcome=\"ok\"} 1"));
    assert!(text.contains("portal_cache_hit_ratio{cache=\"link\"} 1"));
    assert!(text.contains("portal_cache_hit_ratio{cache=\"inquiry\"} 0"));
    assert!(text.contains("portal_queue 4"));
}
