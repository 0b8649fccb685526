//! Where a bulk upload and each of its rows are: `bulk_jobs.status`, `bulk_rows.status`.

// One enum per module: each `stored_enum!` brings its own imports.
pub use job::BulkJobStatus;
pub use row::BulkRowStatus;

mod job {
    use super::super::stored_enum::stored_enum;

    stored_enum! {
        /// `Preview` until the admin starts it, `Issuing` while a worker issues its rows, then
        /// `Finished` (every row done) or `Cancelled` (the admin stopped the rest).
        pub enum BulkJobStatus {
            /// Read and checked; nothing issued yet.
            Preview = "preview",
            /// Started: a worker issues its ready rows.
            Issuing = "issuing",
            /// Every row is done.
            Finished = "finished",
            /// Stopped by the admin; rows not yet issued stay unissued.
            Cancelled = "cancelled",
        }
    }
}

mod row {
    use super::super::stored_enum::stored_enum;

    stored_enum! {
        /// One line of the file.
        pub enum BulkRowStatus {
            /// Valid, waiting to be issued.
            Ready = "ready",
            /// Has problems (named in `problem`); blocks the job until fixed or left out.
            Invalid = "invalid",
            /// An identical line was issued by an earlier upload: its link is reused.
            AlreadyIssued = "already_issued",
            /// Had problems and the admin chose to leave it out.
            Excluded = "excluded",
            /// Issued: `link_id` is its link.
            Issued = "issued",
            /// Issuing it failed (the provider refused, say); `problem` says why.
            Failed = "failed",
        }
    }
}

impl BulkRowStatus {
    /// How the result file and the pages name the row's outcome.
    pub fn label(self) -> &'static str {
        match self {
            BulkRowStatus::Ready => "Ready",
            BulkRowStatus::Invalid => "Has problems",
            BulkRowStatus::AlreadyIssued => "Already issued",
            BulkRowStatus::Excluded => "Left out",
            BulkRowStatus::Issued => "Issued",
            BulkRowStatus::Failed => "Failed",
        }
    }
}

/// A bulk upload's lines by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BulkCounts {
    pub ready: i64,
    pub invalid: i64,
    pub already_issued: i64,
    pub excluded: i64,
    pub issued: i64,
    pub failed: i64,
}

impl BulkCounts {
    pub fn total(&self) -> i64 {
        self.ready + self.invalid + self.already_issued + self.excluded + self.issued + self.failed
    }

    /// Lines that are done: everything but those waiting to be issued or to be fixed.
    pub fn done(&self) -> i64 {
        self.already_issued + self.excluded + self.issued + self.failed
    }

    pub fn add(&mut self, status: BulkRowStatus, count: i64) {
        let slot = match status {
            BulkRowStatus::Ready => &mut self.ready,
            BulkRowStatus::Invalid => &mut self.invalid,
            BulkRowStatus::AlreadyIssued => &mut self.already_issued,
            BulkRowStatus::Excluded => &mut self.excluded,
            BulkRowStatus::Issued => &mut self.issued,
            BulkRowStatus::Failed => &mut self.failed,
        };
        *slot += count;
    }
}
