//! IFAL_*: IPv6 address labels (`ip addrlabel`, RFC 6724's policy table).

use super::*;

family! {
    /// The attributes of an RTM_NEWADDRLABEL message.
    pub IFAL = "IFAL" {
        1 IFAL_ADDRESS: Ip,
        2 IFAL_LABEL: U32,
    }
}
