// A small Rust service (std only) that panics the ways Rust programs do: a worker thread indexing past the end of a
// list, then main on an `expect` of a missing entry, logging request lines as env_logger lays them out. Run by
// capture.sh twice: as deployed, and with RUST_BACKTRACE=1.
use std::collections::HashMap;

fn log(step: u32, message: &str) {
    eprintln!("[2026-12-06T14:00:{:02}Z INFO  ledger_rates] {}", step, message);
}

fn rate(rates: &HashMap<&str, f64>, currency: &str) -> f64 {
    *rates.get(currency).expect("rate table has no entry for the currency")
}

fn main() {
    let rates: HashMap<&str, f64> = HashMap::new();
    log(1, "GET /rates/refresh");
    let worker = std::thread::Builder::new()
        .name("rates-refresh".into())
        .spawn(|| {
            let sources: Vec<&str> = Vec::new();
            sources[2].len()
        })
        .unwrap();
    let _ = worker.join();
    log(2, "GET /rates/EUR");
    println!("{}", rate(&rates, "EUR"));
}
