//! Rates, sizes, times and the packet scheduler's clock, as `tc` reads,
//! prints and converts them (iproute2's tc_core.c, utils_math.c and
//! utils.c): what rate-based shapers (htb classes, tbf) send to the kernel.

use crate::common::error::{Error, Result};

/// Scheduler ticks per microsecond: `/proc/net/psched` reads `000003e8
/// 00000040 000f4240` on every kernel since PSCHED_SHIFT became 6 (Linux
/// 2.6.31), so tc's `tick_in_usec` is 1000 / 64 there.
pub const TICKS_PER_USEC: f64 = 1000.0 / 64.0;

/// The clock rate tc assumes where `/proc/net/psched` cannot be read (its
/// fourth field on a kernel with high-resolution timers).
pub const HIGH_RES_HZ: u32 = 1_000_000_000;

/// The kernel's scheduler clock rate as tc's `get_hz` reads it from
/// `/proc/net/psched` (the fourth field when the third is 1000000), which
/// sizes a default burst; [`HIGH_RES_HZ`] when it cannot be read. Read
/// once: the clock does not change while the process runs.
pub fn psched_hz() -> u32 {
    static HZ: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *HZ.get_or_init(read_psched_hz)
}

fn read_psched_hz() -> u32 {
    std::fs::read_to_string("/proc/net/psched")
        .ok()
        .and_then(|text| {
            let fields: Vec<u32> = text
                .split_whitespace()
                .filter_map(|w| u32::from_str_radix(w, 16).ok())
                .collect();
            match fields[..] {
                [_, _, 1_000_000, hz, ..] if hz > 0 => Some(hz),
                _ => None,
            }
        })
        .unwrap_or(HIGH_RES_HZ)
}

/// The ticks it takes to send `size` bytes at `rate` bytes per second,
/// rounded up (tc_calc_xmittime since iproute2 6.15; older tc truncated
/// to whole microseconds first). Saturates at `u32::MAX`.
pub fn xmit_ticks(rate: u64, size: u64) -> u32 {
    if rate == 0 {
        return u32::MAX;
    }
    let ticks = (1_000_000.0 * (size as f64 / rate as f64) * TICKS_PER_USEC).ceil();
    if ticks > f64::from(u32::MAX) {
        u32::MAX
    } else {
        ticks as u32
    }
}

/// The bytes sent at `rate` in `ticks` (tc_calc_xmitsize): how tc shows a
/// burst the kernel reports in ticks.
pub fn xmit_size(rate: u64, ticks: u32) -> f64 {
    rate as f64 * (f64::from(ticks) / TICKS_PER_USEC) / 1_000_000.0
}

/// `struct tc_ratespec`: a rate and how packet sizes are rounded for it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RateSpec {
    /// log2 of the size step of the rate table.
    pub cell_log: u8,
    /// TC_LINKLAYER_ETHERNET (1) or TC_LINKLAYER_ATM (2).
    pub linklayer: u8,
    /// Bytes added to every packet's size.
    pub overhead: u16,
    /// `cell_align`, -1 as tc sends it.
    pub cell_align: i16,
    /// The smallest size a packet is counted as.
    pub mpu: u16,
    /// Bytes per second, saturated at `u32::MAX` (a 64-bit attribute
    /// carries more).
    pub rate: u32,
}

impl RateSpec {
    /// `sizeof(struct tc_ratespec)`.
    pub const LEN: usize = 12;

    /// The struct's bytes, in host order.
    pub fn to_bytes(&self) -> [u8; RateSpec::LEN] {
        let mut b = [0u8; RateSpec::LEN];
        b[0] = self.cell_log;
        b[1] = self.linklayer;
        b[2..4].copy_from_slice(&self.overhead.to_ne_bytes());
        b[4..6].copy_from_slice(&self.cell_align.to_ne_bytes());
        b[6..8].copy_from_slice(&self.mpu.to_ne_bytes());
        b[8..12].copy_from_slice(&self.rate.to_ne_bytes());
        b
    }

    /// The 256-entry rate table for Ethernet framing, filling in
    /// `cell_log` (the smallest step that covers `mtu` in 256 cells),
    /// `cell_align` and `linklayer` (tc_calc_rtable). Entry `i` is the
    /// ticks to send `(i + 1) << cell_log` bytes, at least `mpu`.
    pub fn table(&mut self, mtu: u32) -> [u32; 256] {
        let rate = u64::from(self.rate);
        self.table_at(mtu, rate)
    }

    /// [`RateSpec::table`] at a 64-bit `rate` (tc_calc_rtable_64, which
    /// policers use beyond 32 bits).
    pub fn table_at(&mut self, mtu: u32, rate: u64) -> [u32; 256] {
        let mtu = if mtu == 0 { 2047 } else { mtu };
        let mut cell_log = 0u8;
        while (mtu >> cell_log) > 255 {
            cell_log += 1;
        }
        let mut table = [0u32; 256];
        for (i, slot) in table.iter_mut().enumerate() {
            let size = ((i as u64 + 1) << cell_log).max(u64::from(self.mpu));
            *slot = xmit_ticks(rate, size);
        }
        self.cell_align = -1;
        self.cell_log = cell_log;
        self.linklayer = 1;
        table
    }
}

/// A rate in `tc`'s words, in bytes per second: `1mbit`, `1500kbit`,
/// `10Mbps`, `5gibit`, or a bare number of bits per second (get_rate64;
/// suffixes in any case).
pub fn parse_rate(text: &str) -> Result<u64> {
    const SUFFIXES: [(&str, f64); 18] = [
        ("bit", 1.),
        ("kibit", 1024.),
        ("kbit", 1000.),
        ("mibit", 1024. * 1024.),
        ("mbit", 1e6),
        ("gibit", 1024. * 1024. * 1024.),
        ("gbit", 1e9),
        ("tibit", 1024. * 1024. * 1024. * 1024.),
        ("tbit", 1e12),
        ("bps", 8.),
        ("kibps", 8. * 1024.),
        ("kbps", 8000.),
        ("mibps", 8. * 1024. * 1024.),
        ("mbps", 8e6),
        ("gibps", 8. * 1024. * 1024. * 1024.),
        ("gbps", 8e9),
        ("tibps", 8. * 1024. * 1024. * 1024. * 1024.),
        ("tbps", 8e12),
    ];
    let bad = || {
        Error::invalid(
            format!("rate {text:?}"),
            "a number with a unit such as kbit, mbit, gbit or mbps",
        )
    };
    let (number, unit) = split_number(text).ok_or_else(bad)?;
    let scale = if unit.is_empty() {
        1.0
    } else {
        SUFFIXES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(unit))
            .map(|(_, scale)| *scale)
            .ok_or_else(bad)?
    };
    let bytes = number * scale / 8.0;
    if !(bytes.is_finite() && bytes >= 1.0 && bytes < u64::MAX as f64) {
        return Err(bad());
    }
    Ok(bytes as u64)
}

/// A size in `tc`'s words, in bytes: `1600`, `1600b`, `15k`, `2mb`,
/// `64kbit` (get_size: k, m and g are powers of 1024).
pub fn parse_size(text: &str) -> Result<u64> {
    let bad = || {
        Error::invalid(
            format!("size {text:?}"),
            "a number of bytes, optionally with b, k, m, g, kbit, mbit or gbit",
        )
    };
    let (number, unit) = split_number(text).ok_or_else(bad)?;
    let scale = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1024.0,
        "m" | "mb" => 1024.0 * 1024.0,
        "g" | "gb" => 1024.0 * 1024.0 * 1024.0,
        "kbit" => 1024.0 / 8.0,
        "mbit" => 1024.0 * 1024.0 / 8.0,
        "gbit" => 1024.0 * 1024.0 * 1024.0 / 8.0,
        _ => return Err(bad()),
    };
    let bytes = number * scale;
    if !(bytes.is_finite() && bytes >= 0.0 && bytes < u64::MAX as f64) || bytes.fract() != 0.0 {
        return Err(bad());
    }
    Ok(bytes as u64)
}

/// A time in `tc`'s words, in microseconds: `50ms`, `1s`, `400us`, or a
/// bare number of microseconds (get_time).
pub fn parse_time(text: &str) -> Result<u32> {
    let bad = || {
        Error::invalid(
            format!("time {text:?}"),
            "a number with s, ms or us (microseconds when bare)",
        )
    };
    let (number, unit) = split_number(text).ok_or_else(bad)?;
    let scale = match unit.to_ascii_lowercase().as_str() {
        "s" | "sec" | "secs" => 1e6,
        "ms" | "msec" | "msecs" => 1e3,
        "" | "us" | "usec" | "usecs" => 1.0,
        _ => return Err(bad()),
    };
    let us = number * scale;
    if !(us.is_finite() && us < f64::from(u32::MAX)) {
        return Err(bad());
    }
    Ok(us as u32)
}

/// A time in `tc`'s 64-bit words, in nanoseconds: `100ms`, `5us`, `1s`,
/// or a bare number of nanoseconds (get_time64, which netem reads).
pub fn parse_time_ns(text: &str) -> Result<u64> {
    let bad = || {
        Error::invalid(
            format!("time {text:?}"),
            "a number with s, ms, us or ns (nanoseconds when bare)",
        )
    };
    let (number, unit) = split_number(text).ok_or_else(bad)?;
    let scale = match unit.to_ascii_lowercase().as_str() {
        "s" | "sec" | "secs" => 1e9,
        "ms" | "msec" | "msecs" => 1e6,
        "us" | "usec" | "usecs" => 1e3,
        "" | "ns" | "nsec" | "nsecs" => 1.0,
        _ => return Err(bad()),
    };
    let ns = number * scale;
    if !(ns.is_finite() && ns < i64::MAX as f64) {
        return Err(bad());
    }
    Ok(ns as u64)
}

/// A percentage in `tc`'s words (`1.5%`, `1.5`) as the kernel's fraction
/// of `u32::MAX` (netem's set_percent: rounded to the nearest).
pub fn parse_percent(text: &str) -> Result<u32> {
    let bad = || Error::invalid(format!("percentage {text:?}"), "0 to 100, with or without %");
    let (number, unit) = split_number(text).ok_or_else(bad)?;
    if !(unit.is_empty() || unit == "%") || !(0.0..=100.0).contains(&number) {
        return Err(bad());
    }
    Ok(percent_scaled(number))
}

/// `percent` (0 to 100) as a fraction of `u32::MAX`, rounded to nearest.
pub fn percent_scaled(percent: f64) -> u32 {
    (percent / 100.0 * f64::from(u32::MAX)).round_ties_even() as u32
}

/// A time in microseconds as `tc` prints it, to three significant
/// digits: `50ms`, `39.5ms`, `1.5s`, `400us` (print_time's `%.3g`).
pub fn time_text(us: u32) -> String {
    let us = f64::from(us);
    if us >= 1e6 {
        format!("{}s", three_digits(us / 1e6))
    } else if us >= 1e3 {
        format!("{}ms", three_digits(us / 1e3))
    } else {
        format!("{us}us")
    }
}

/// A time in nanoseconds as `tc` prints it (sprint_time64): `5s`,
/// `1.5ms`, `10us`, `500ns`.
pub fn time64_text(ns: u64) -> String {
    let v = ns as f64;
    if v >= 1e9 {
        format!("{}s", three_digits(v / 1e9))
    } else if v >= 1e6 {
        format!("{}ms", three_digits(v / 1e6))
    } else if v >= 1e3 {
        format!("{}us", three_digits(v / 1e3))
    } else {
        format!("{ns}ns")
    }
}

/// `%.3g` for a value from 1 to 999: three significant digits, trailing
/// zeros dropped.
fn three_digits(v: f64) -> String {
    let whole_digits = if v >= 100.0 {
        3
    } else if v >= 10.0 {
        2
    } else {
        1
    };
    let text = format!("{:.*}", 3 - whole_digits, v);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// The leading decimal number of `text` and the unit after it.
fn split_number(text: &str) -> Option<(f64, &str)> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let number = text[..end].parse::<f64>().ok()?;
    Some((number, &text[end..]))
}

/// A rate as `tc` prints it, in bits per second with 1000-based units:
/// `1500Kbit`, `10Mbit`, `5Gbit` (print_rate).
pub fn rate_text(bytes_per_sec: u64) -> String {
    const UNITS: [&str; 5] = ["", "K", "M", "G", "T"];
    let mut rate = bytes_per_sec.saturating_mul(8);
    let mut unit = 0;
    while unit < UNITS.len() - 1 {
        if rate < 1000 || (!rate.is_multiple_of(1000) && rate < 1_000_000) {
            break;
        }
        rate /= 1000;
        unit += 1;
    }
    format!("{rate}{}bit", UNITS[unit])
}

/// A size as `tc` prints it: `1600b`, `15Kb`, `2Mb` (print_size).
pub fn size_text(bytes: f64) -> String {
    let (k, m) = (1024.0, 1024.0 * 1024.0);
    if bytes >= m && (m * (bytes / m).round() - bytes).abs() < 1024.0 {
        format!("{}Mb", (bytes / m).round())
    } else if bytes >= k && (k * (bytes / k).round() - bytes).abs() < 16.0 {
        format!("{}Kb", (bytes / k).round())
    } else {
        format!("{}b", bytes.round())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_and_print_as_tc_does() {
        assert_eq!(parse_rate("1mbit").unwrap(), 125_000);
        assert_eq!(parse_rate("1500kbit").unwrap(), 187_500);
        assert_eq!(parse_rate("5Gbit").unwrap(), 625_000_000);
        assert_eq!(parse_rate("10MBps").unwrap(), 10_000_000);
        assert_eq!(parse_rate("1kibit").unwrap(), 128);
        assert_eq!(parse_rate("8000").unwrap(), 1000);
        for bad in ["", "fast", "1parsec", "0mbit", "-1mbit"] {
            assert!(parse_rate(bad).is_err(), "{bad}");
        }
        assert_eq!(rate_text(187_500), "1500Kbit");
        assert_eq!(rate_text(1_250_000), "10Mbit");
        assert_eq!(rate_text(625_000_000), "5Gbit");
        assert_eq!(rate_text(125), "1Kbit");
        // 1234 Kbit is not a whole number of Mbit: tc stays in Kbit.
        assert_eq!(rate_text(154_250), "1234Kbit");
    }

    #[test]
    fn sizes_read_and_print_as_tc_does() {
        assert_eq!(parse_size("1600").unwrap(), 1600);
        assert_eq!(parse_size("15k").unwrap(), 15 * 1024);
        assert_eq!(parse_size("2mb").unwrap(), 2 << 20);
        assert_eq!(parse_size("64kbit").unwrap(), 64 * 128);
        assert!(parse_size("1.5").is_err());
        assert!(parse_size("12q").is_err());
        assert_eq!(size_text(1600.0), "1600b");
        assert_eq!(size_text(15360.0), "15Kb");
    }

    #[test]
    fn times_read_and_print_as_tc_does() {
        assert_eq!(parse_time("50ms").unwrap(), 50_000);
        assert_eq!(parse_time("1s").unwrap(), 1_000_000);
        assert_eq!(parse_time("400").unwrap(), 400);
        assert_eq!(parse_time("2.5ms").unwrap(), 2500);
        assert!(parse_time("5min").is_err());
        assert_eq!(time_text(50_000), "50ms");
        assert_eq!(time_text(39_500), "39.5ms");
        assert_eq!(time_text(123_456), "123ms");
        assert_eq!(time_text(400), "400us");
        assert_eq!(time_text(1_500_000), "1.5s");
        assert_eq!(time_text(2_345_678), "2.35s");
    }

    #[test]
    fn netem_times_and_percentages_read_as_tc_does() {
        assert_eq!(parse_time_ns("100ms").unwrap(), 100_000_000);
        assert_eq!(parse_time_ns("5us").unwrap(), 5_000);
        assert_eq!(parse_time_ns("250").unwrap(), 250);
        assert!(parse_time_ns("1min").is_err());
        assert_eq!(parse_percent("100%").unwrap(), u32::MAX);
        assert_eq!(parse_percent("0").unwrap(), 0);
        // 1.5 % of 2^32 - 1, rounded: 64424509.425.
        assert_eq!(parse_percent("1.5%").unwrap(), 64_424_509);
        assert!(parse_percent("101%").is_err());
        assert!(parse_percent("5 percent").is_err());
    }

    #[test]
    fn tick_arithmetic_matches_tc_core() {
        // 1600 bytes at 10 Mbit/s take 1280 us: 20000 ticks of 64 ns.
        assert_eq!(xmit_ticks(1_250_000, 1600), 20_000);
        // 1600 bytes at 5 Gbit/s: 2.56 us, 40 ticks (iproute2 6.1, which
        // truncated to whole microseconds first, sent 31).
        assert_eq!(xmit_ticks(625_000_000, 1600), 40);
        assert_eq!(xmit_size(1_250_000, 20_000), 1600.0);
        let mut r = RateSpec {
            rate: 1_250_000,
            ..RateSpec::default()
        };
        let table = r.table(1600);
        // 1600 >> 3 fits 256 cells: 8-byte steps, 8 bytes = 100 ticks.
        assert_eq!((r.cell_log, r.cell_align, r.linklayer), (3, -1, 1));
        assert_eq!(table[0], 100);
        assert_eq!(table[255], 25_600);
        assert_eq!(xmit_ticks(0, 1), u32::MAX);
    }
}
