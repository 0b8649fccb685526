#!/usr/bin/env python3
"""Seeds a fresh portal for the schemathesis run: an API key for the demo tenant (which the
portal's first run creates, with the sandbox's demo template connected), and a policy whose
API rate limit is high enough that the fuzzer exercises the API rather than its 429.

It also issues one dedicated link through the API and writes CONFIG_OUT: the base config
(scripts/schemathesis.toml) plus dictionaries that let half of the generated requests name
the real template, link and inquiry, so the fuzzer reaches past 404 and 422.

Usage: schemathesis_seed.py BINARY DATA_DIR BASE_URL CONFIG_OUT  (prints the API key)
"""

import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.request

DAY = 86_400


def issue_link(base_url: str, key: str, template_id: str) -> dict:
    request = urllib.request.Request(
        f"{base_url}/api/v1/links",
        data=json.dumps({"kind": "dedicated", "template_id": template_id}).encode(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def write_config(path: str, template_id: str, link: dict) -> None:
    base = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemathesis.toml")
    with open(base) as source:
        text = source.read()
    text += f"""
[dictionaries.templates]
values = ["{template_id}"]

[dictionaries.links]
values = ["{link['id']}"]

[dictionaries.inquiries]
values = ["{link['inquiry_id']}"]

[parameters]
"body.template_id" = {{ dictionary = "templates", probability = 0.5 }}

[[operations]]
include-path-regex = "^/api/v1/links/"
parameters = {{ "path.id" = {{ dictionary = "links", probability = 0.5 }} }}

[[operations]]
include-path-regex = "^/api/v1/inquiries/"
parameters = {{ "path.id" = {{ dictionary = "inquiries", probability = 0.5 }} }}
"""
    with open(path, "w") as target:
        target.write(text)


def main() -> None:
    binary, data_dir, base_url, config_out = sys.argv[1:5]
    database = os.path.join(data_dir, "portal.db")
    with sqlite3.connect(database, timeout=10) as db:
        (tenant_id,) = db.execute("SELECT id FROM tenants WHERE slug = 'demo'").fetchone()
        (template_id,) = db.execute(
            "SELECT provider_template_id FROM template_connections WHERE tenant_id = ?",
            (tenant_id,),
        ).fetchone()
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
    write_config(config_out, template_id, issue_link(base_url, key, template_id))
    print(key)


if __name__ == "__main__":
    main()
