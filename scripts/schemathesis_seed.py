#!/usr/bin/env python3
"""Seeds a fresh portal for the schemathesis run: an API key for the demo tenant (which the
portal's first run creates, with the sandbox's demo template connected), and a policy whose
API rate limit is high enough that the fuzzer exercises the API rather than its 429.

Usage: schemathesis_seed.py BINARY DATA_DIR  (prints the API key on stdout)
"""

import os
import sqlite3
import subprocess
import sys
import time

DAY = 86_400


def main() -> None:
    binary, data_dir = sys.argv[1], sys.argv[2]
    database = os.path.join(data_dir, "portal.db")
    with sqlite3.connect(database, timeout=10) as db:
        (tenant_id,) = db.execute("SELECT id FROM tenants WHERE slug = 'demo'").fetchone()
        db.execute(
            """INSERT INTO tenant_policies (tenant_id, default_link_seconds, max_link_seconds,
                   ceiling_link_seconds, max_resume_age_seconds, stale_version_action,
                   min_token_remaining_seconds, access_link_seconds, resumes_per_inquiry_per_hour,
                   access_links_per_inquiry_per_hour, api_requests_per_minute,
                   static_inquiries_per_ip_per_hour, updated_at)
               VALUES (?, ?, ?, ?, ?, 'resume', 900, ?, 20, 20, 1000000, 10, ?)
               ON CONFLICT (tenant_id) DO UPDATE SET api_requests_per_minute = 1000000""",
            (tenant_id, 7 * DAY, 30 * DAY, 30 * DAY, 30 * DAY, DAY, int(time.time())),
        )
    key = subprocess.run(
        [binary, "create-api-key", "--tenant", "demo", "--name", "schemathesis"],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PORTAL_DATA_DIR": data_dir},
    ).stdout.strip()
    print(key)


if __name__ == "__main__":
    main()
