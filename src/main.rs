use std::process::ExitCode;

fn main() -> ExitCode {
    convene::cli::main()
}
