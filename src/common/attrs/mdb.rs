//! MDBA_*: the bridge multicast database (`bridge mdb`).

use super::*;

family! {
    /// The attributes of an RTM_NEWMDB message from the kernel.
    pub MDBA = "MDBA" {
        1 MDBA_MDB: Nested(&MDBA_MDB_TABLE),
        2 MDBA_ROUTER: Bytes,
    }
}

family! {
    /// MDBA_MDB: the bridge's groups.
    pub MDBA_MDB_TABLE = "MDBA_MDB" {
        1 MDBA_MDB_ENTRY: Nested(&MDBA_MDB_ENTRY_TABLE),
    }
}

family! {
    /// MDBA_MDB_ENTRY: one group's ports.
    pub MDBA_MDB_ENTRY_TABLE = "MDBA_MDB_ENTRY" {
        1 MDBA_MDB_ENTRY_INFO: Special(Special::MdbEntry),
    }
}

family! {
    /// The attributes after a `struct br_mdb_entry` in MDBA_MDB_ENTRY_INFO.
    pub MDBA_MDB_EATTR = "MDBA_MDB_EATTR" {
        1 MDBA_MDB_EATTR_TIMER: U32,
        2 MDBA_MDB_EATTR_SRC_LIST: Bytes,
        3 MDBA_MDB_EATTR_GROUP_MODE: U8,
        4 MDBA_MDB_EATTR_SOURCE: Ip,
        5 MDBA_MDB_EATTR_RTPROT: U8,
        6 MDBA_MDB_EATTR_DST: Bytes,
        7 MDBA_MDB_EATTR_DST_PORT: U16,
        8 MDBA_MDB_EATTR_VNI: U32,
        9 MDBA_MDB_EATTR_IFINDEX: U32,
        10 MDBA_MDB_EATTR_SRC_VNI: U32,
    }
}
