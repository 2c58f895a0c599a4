//! The typed view of a link statistics message.

use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::message::{Body, Message};
use crate::common::value::Value;

/// One link's 64-bit counters (IFLA_STATS_LINK_64), as `ip stats show
/// group link` lists them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LinkStats {
    /// The link.
    pub index: u32,
    /// Bytes received.
    pub rx_bytes: u64,
    /// Packets received.
    pub rx_packets: u64,
    /// Receive errors.
    pub rx_errors: u64,
    /// Received packets dropped.
    pub rx_dropped: u64,
    /// Packets the receiver missed (`rx_missed_errors`).
    pub rx_missed: u64,
    /// Multicast packets received.
    pub multicast: u64,
    /// Bytes sent.
    pub tx_bytes: u64,
    /// Packets sent.
    pub tx_packets: u64,
    /// Send errors.
    pub tx_errors: u64,
    /// Packets dropped on the way out.
    pub tx_dropped: u64,
    /// Carrier errors.
    pub tx_carrier_errors: u64,
    /// Collisions.
    pub collisions: u64,
}

impl LinkStats {
    /// The statistics view of `m`, or None if it carries no 64-bit link
    /// counters.
    pub fn from_message(m: &Message) -> Option<LinkStats> {
        let Body::Stats(h) = &m.body else {
            return None;
        };
        if ObjectKind::of(m) != Some(ObjectKind::Stats) {
            return None;
        }
        let s = m.get(&IFLA_STATS_LINK_64)?;
        let n = |field: &str| s.field(field).and_then(Value::as_u64).unwrap_or(0);
        Some(LinkStats {
            index: h.index,
            rx_bytes: n("rx_bytes"),
            rx_packets: n("rx_packets"),
            rx_errors: n("rx_errors"),
            rx_dropped: n("rx_dropped"),
            rx_missed: n("rx_missed_errors"),
            multicast: n("multicast"),
            tx_bytes: n("tx_bytes"),
            tx_packets: n("tx_packets"),
            tx_errors: n("tx_errors"),
            tx_dropped: n("tx_dropped"),
            tx_carrier_errors: n("tx_carrier_errors"),
            collisions: n("collisions"),
        })
    }
}

impl LinkStats {
    /// `ip stats show group link`'s four lines under the link's: RX and
    /// TX, each a header and its counters, in columns as wide as their
    /// widest entry (iproute2's print_stats64).
    pub fn lines(&self) -> [String; 4] {
        // The widths of "*X errors:", "packets", "errors", "dropped",
        // "heartbt", "overrun" and "compressed".
        let mut cols = [10usize, 7, 6, 7, 7, 7, 10];
        let rx = [
            self.rx_bytes,
            self.rx_packets,
            self.rx_errors,
            self.rx_dropped,
            self.rx_missed,
            self.multicast,
        ];
        let tx = [
            self.tx_bytes,
            self.tx_packets,
            self.tx_errors,
            self.tx_dropped,
            self.tx_carrier_errors,
            self.collisions,
        ];
        for v in rx.iter().chain(&tx).enumerate().map(|(i, v)| (i % 6, v)) {
            cols[v.0] = cols[v.0].max(v.1.to_string().len());
        }
        let header = |side: &str, names: [&str; 6]| {
            let mut s = format!("    {side}: {:>w$}", names[0], w = cols[0] - 4);
            for (name, w) in names[1..].iter().zip(&cols[1..6]) {
                s += &format!(" {name:>w$}");
            }
            s + &" ".repeat(cols[6] + 1)
        };
        let numbers = |values: [u64; 6]| {
            let mut s = "    ".to_owned();
            for (v, w) in values.iter().zip(&cols[..6]) {
                s += &format!("{v:>w$} ");
            }
            s
        };
        [
            header("RX", ["bytes", "packets", "errors", "dropped", "missed", "mcast"]),
            numbers(rx),
            header("TX", ["bytes", "packets", "errors", "dropped", "carrier", "collsns"]),
            numbers(tx),
        ]
    }
}
