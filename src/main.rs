use clap::Parser;

fn main() -> std::process::ExitCode {
    // Before the runtime: allocator settings are for a process with no threads yet.
    inquiry_portal::memory::return_large_buffers_to_the_system();
    inquiry_portal::telemetry::init_logging();
    let cli = inquiry_portal::cli::Cli::parse();
    let runtime = tokio::runtime::Runtime::new().expect("cannot start the async runtime");
    match runtime.block_on(inquiry_portal::cli::run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
