//! The tenant policy's choices for an expired or outdated inquiry.

/// What decides, for an expired or outdated inquiry, whether it is resumed.
pub const STALE_ACTIONS: [(&str, &str); 3] = [
    ("resume", "Resume it anyway"),
    (
        "reissue",
        "Reissue on the latest template version (same prefill and reference id)",
    ),
    (
        "refuse",
        "Refuse: the person gets a clear page, the API a clear error",
    ),
];
