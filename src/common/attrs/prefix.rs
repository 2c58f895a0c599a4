//! IPv6 prefix notifications (`linux/rtnetlink.h`): PREFIX_* after
//! `struct prefixmsg`.

use super::*;

/// `struct prefix_cacheinfo`: the prefix's lifetimes in seconds.
const PREFIX_CACHEINFO_FIELDS: &[Field] =
    &[f("preferred_time", Width::U32), f("valid_time", Width::U32)];

family! {
    /// RTM_NEWPREFIX's attributes.
    pub PREFIX = "PREFIX" {
        1 PREFIX_ADDRESS: Ip,
        2 PREFIX_CACHEINFO: Struct(PREFIX_CACHEINFO_FIELDS),
    }
}
