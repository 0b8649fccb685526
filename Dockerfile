# Multi-stage build: compile with the Rust toolchain, run on a slim Debian as a non-root user.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin inquiry-portal

# libssl3: webauthn-rs (passkeys) links OpenSSL.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl libssl3 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /var/lib/portal --create-home portal
COPY --from=build /src/target/release/inquiry-portal /usr/local/bin/inquiry-portal
USER portal
WORKDIR /var/lib/portal
ENV PORTAL_BIND=0.0.0.0:8080 PORTAL_DATA_DIR=/var/lib/portal RUST_LOG=info
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["inquiry-portal"]
CMD ["serve"]
