use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    inquiry_portal::telemetry::init_logging();
    let cli = inquiry_portal::cli::Cli::parse();
    match inquiry_portal::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
