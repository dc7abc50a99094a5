//! The `docgen` command line.

mod cli;

// The system allocator took about a quarter of the cycles of `docgen lint` and `generate`
// (many small strings and vectors per page): mimalloc saves 10 % of lint's CPU time and 19 %
// of generate's. Without transparent huge pages (`no_thp`), its peak memory is the system
// allocator's (with them, 45 % more).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::run());
}
