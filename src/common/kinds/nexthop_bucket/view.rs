//! The typed view of a nexthop bucket message.

use std::fmt;

use crate::common::api::ObjectKind;
use crate::common::attrs::*;
use crate::common::message::{Body, Message};
use crate::common::value::{Value, find_key};

/// USER_HZ: the kernel reports a bucket's idle time in clock ticks of 1/100 s.
const USER_HZ: f64 = 100.0;

/// One bucket of a resilient nexthop group, as `ip nexthop bucket show`
/// lists it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct NexthopBucket {
    /// The group's id (NHA_ID).
    pub group: u32,
    /// The bucket's index in the group (NHA_RES_BUCKET_INDEX).
    pub index: u16,
    /// How long the bucket has been idle, in seconds.
    pub idle_time: f64,
    /// The nexthop it sends traffic to (NHA_RES_BUCKET_NH_ID).
    pub nhid: u32,
}

impl NexthopBucket {
    /// The bucket view of `m`, or None if `m` is not a bucket message.
    pub fn from_message(m: &Message) -> Option<NexthopBucket> {
        let Body::Nexthop(_) = &m.body else {
            return None;
        };
        if ObjectKind::of(m) != Some(ObjectKind::NexthopBucket) {
            return None;
        }
        let bucket = m.get(&NHA_RES_BUCKET).and_then(Value::as_nested)?;
        let field = |key: &Key| find_key(bucket, key).and_then(Value::as_u64);
        Some(NexthopBucket {
            group: m.get(&NHA_ID).and_then(Value::as_u32)?,
            index: u16::try_from(field(&NHA_RES_BUCKET_INDEX)?).ok()?,
            idle_time: field(&NHA_RES_BUCKET_IDLE_TIME).unwrap_or(0) as f64 / USER_HZ,
            nhid: u32::try_from(field(&NHA_RES_BUCKET_NH_ID)?).ok()?,
        })
    }
}

/// `ip nexthop bucket show`'s line: `id 10 index 3 idle_time 0.01 nhid 2`.
impl fmt::Display for NexthopBucket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "id {} index {} idle_time {} nhid {}",
            self.group,
            self.index,
            crate::common::value::general(self.idle_time),
            self.nhid
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::common::value::general;

    #[test]
    fn idle_times_print_as_percent_g() {
        assert_eq!(general(0.0), "0");
        assert_eq!(general(0.01), "0.01");
        assert_eq!(general(12.5), "12.5");
        assert_eq!(general(123456.78), "123457");
        assert_eq!(general(1234567.0), "1.23457e+06");
    }
}
